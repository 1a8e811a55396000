import type { ContainerGroup } from "@eci/sdk";
import type { Verdict } from "./await-verdict";

/** What `eci wait --for` waits for. */
export const WAIT_TARGETS = ["running", "healthy", "deleted"] as const;
export type WaitTarget = (typeof WAIT_TARGETS)[number];

/** `pending (ContainerCreating), health checking; app waiting (ErrImagePull: …)`: what a person wants to know of a group that is not there yet. */
export function describeGroup(g: ContainerGroup): string {
  const unready = g.containers
    .filter((c) => !c.ready && !(c.type === "init" && c.reason === "Completed"))
    .map((c) => {
      const detail = [c.reason, c.exitCode !== null ? `exit code ${c.exitCode}` : undefined, c.restartCount ? `${c.restartCount} restarts` : undefined].filter(Boolean).join(", ");
      return `${c.name} ${c.state}${detail ? ` (${detail}${c.message ? `: ${c.message}` : ""})` : ""}`;
    });
  const status = `${g.status}${g.statusReason ? ` (${g.statusReason})` : ""}, health ${g.healthStatus}`;
  return unready.length > 0 ? `${status}; ${unready.join("; ")}` : status;
}

/**
 * Whether `target` is reached. `running` is met by a running group, or one that already ran to
 * completion (`succeeded`); `healthy` also needs every work container up (a succeeded group counts);
 * `deleted`, by the group being gone. A failed group, one being deleted, or a work container that ended
 * abnormally and will not be restarted can never become running or healthy: waiting on is pointless.
 */
export function judgeGroup(target: WaitTarget, g: ContainerGroup | null): Verdict {
  if (target === "deleted") return g === null ? { state: "met", said: "deleted" } : { state: "waiting", progress: describeGroup(g) };
  if (g === null) return { state: "impossible", why: "the group was deleted" };
  if (g.status === "failed") return { state: "impossible", why: `the group failed: ${g.statusReason ?? "no reason given"}` };
  if (g.status === "deleting") return { state: "impossible", why: "the group is being deleted" };
  if (g.status === "succeeded") return { state: "met", said: "succeeded" };
  if (target === "running") return g.status === "running" ? { state: "met", said: "running" } : { state: "waiting", progress: describeGroup(g) };
  const ended = g.containers.find((c) => c.type === "work" && c.state === "terminated" && c.reason !== "Completed");
  if (ended && g.restartPolicy === "Never") {
    return { state: "impossible", why: `container ${ended.name} ended with ${ended.reason} (exit code ${ended.exitCode}) and restartPolicy Never will not restart it` };
  }
  return g.status === "running" && g.healthStatus === "healthy" ? { state: "met", said: "healthy" } : { state: "waiting", progress: describeGroup(g) };
}
