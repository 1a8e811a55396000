import type { ContainerGroup, Event } from "@eci/sdk";
import type { Condition } from "./await";

/** What `waitFor` asks of a group; `none` asks nothing. */
export type WaitFor = "healthy" | "running" | "succeeded" | "none";

type GroupContainer = ContainerGroup["containers"][number];

/** How many lines of a failed container's log a failure message ends with. */
export const LOG_TAIL_LINES = 20;

/** A crash loop this long is taken as final: the group will not become healthy by waiting. */
export const CRASH_LOOP_RESTARTS = 3;

const notFailed: Condition<ContainerGroup> = (g) =>
  g.status === "failed" ? { ok: false, fatal: true, description: "running", message: `the group failed: ${g.statusReason ?? "no reason given"}` } : { ok: true, description: "running" };

const notDeleting: Condition<ContainerGroup> = (g) =>
  g.status === "deleting" ? { ok: false, fatal: true, description: "running", message: "the group is being deleted" } : { ok: true, description: "running" };

/** An online update or restart has been applied (the engine no longer reports it in progress). */
export const applied: Condition<ContainerGroup> = (g) => ({
  ok: g.status !== "updating" && g.status !== "restarting",
  description: "the change to be applied",
  message: g.status,
});

const running: Condition<ContainerGroup> = (g) => ({
  ok: g.status === "running" || g.status === "succeeded",
  description: "running",
  message: `${g.status}${g.statusReason ? ` (${g.statusReason})` : ""}`,
});

const healthy: Condition<ContainerGroup> = (g) => {
  if (g.status === "succeeded" || g.healthStatus === "healthy") return { ok: true, description: "healthy" };
  // The engine reports a container it will restart as waiting; one left terminated abnormally stays so.
  const ended = g.containers.find((c) => c.type === "work" && c.state === "terminated" && c.reason !== "Completed");
  if (ended) return { ok: false, fatal: true, description: "healthy", message: `container ${ended.name} ended with ${ended.reason} (exit code ${ended.exitCode}) and will not be restarted` };
  const looping = g.containers.find((c) => c.reason === "CrashLoopBackOff" && c.restartCount >= CRASH_LOOP_RESTARTS);
  if (looping) return { ok: false, fatal: true, description: "healthy", message: `container ${looping.name} is crash-looping (${looping.restartCount} restarts, last exit code ${looping.exitCode})` };
  return { ok: false, description: "healthy", message: `health is ${g.healthStatus}${g.statusReason ? ` (${g.statusReason})` : ""}` };
};

/**
 * The container that made the group fail, or keeps it from finishing: the first one, in declared order,
 * that ended abnormally or is crash-looping.
 */
export function failedContainer(g: ContainerGroup): GroupContainer | undefined {
  return g.containers.find((c) => (c.state === "terminated" && c.reason !== "Completed") || c.reason === "CrashLoopBackOff");
}

/** A batch job (restart policy `Never` or `OnFailure`) has finished, every work container completed. */
const succeeded: Condition<ContainerGroup> = (g) => {
  const description = "succeeded";
  if (g.status === "succeeded") return { ok: true, description };
  const culprit = failedContainer(g);
  if (g.status === "failed") {
    const message = culprit ? `container ${culprit.name} ended with ${culprit.reason} (exit code ${culprit.exitCode})` : `the job failed: ${g.statusReason ?? "no reason given"}`;
    return { ok: false, fatal: true, description, message };
  }
  if (culprit?.reason === "CrashLoopBackOff" && culprit.restartCount >= CRASH_LOOP_RESTARTS) {
    return { ok: false, fatal: true, description, message: `container ${culprit.name} is crash-looping (${culprit.restartCount} restarts, last exit code ${culprit.exitCode})` };
  }
  return { ok: false, description, message: `${g.status}${g.statusReason ? ` (${g.statusReason})` : ""}` };
};

/** The ordered checklist for a group to be ready as `waitFor` says. */
export function readiness(waitFor: WaitFor): Condition<ContainerGroup>[] {
  if (waitFor === "none") return [];
  if (waitFor === "succeeded") return [notDeleting, applied, succeeded];
  return waitFor === "running" ? [notDeleting, notFailed, applied, running] : [notDeleting, notFailed, applied, running, healthy];
}

/** The group no longer exists (the observation is null). */
export const gone: Condition<ContainerGroup | null> = (g) => ({ ok: g === null, description: "deleted", message: g ? `status ${g.status}` : undefined });

/** The engine accepts an update or a deletion: the group has left the transitional states and, if pending, has an IP. */
export const acceptsChanges: Condition<ContainerGroup | null> = (g) => {
  const description = "out of its transitional state";
  if (g === null) return { ok: true, description };
  if (g.status === "updating" || g.status === "restarting") return { ok: false, description, message: `it is ${g.status}` };
  if (g.status === "deleting") return { ok: false, fatal: true, description, message: "it is being deleted" };
  if (g.status === "pending" && !g.privateIp) return { ok: false, description, message: "it is pending and has no IP yet" };
  return { ok: true, description };
};

/** The engine restarts a group that runs or has ended (docs/engine.md, "Operations and states"); any other is waited out. */
export const restartable: Condition<ContainerGroup> = (g) => {
  const description = "ready to restart";
  if (g.status === "deleting") return { ok: false, fatal: true, description, message: "it is being deleted" };
  return { ok: g.status === "running" || g.status === "succeeded" || g.status === "failed", description, message: `it is ${g.status}` };
};

/**
 * Each unready container's state and reason, the latest Warning events, and the end of the failed
 * container's log when there is one: why a wait is stuck. Leaves out what `said` already says.
 */
export function explainGroup(g: ContainerGroup, events: Event[], said = "", log?: { container: string; text: string }): string {
  const fresh = (text: string | null) => (text && !said.includes(text) ? text : undefined);
  const containers = g.containers
    .filter((c) => !c.ready && !(c.type === "init" && c.reason === "Completed"))
    .map((c) => {
      const detail = [c.reason, c.exitCode !== null ? `exit code ${c.exitCode}` : undefined, c.restartCount ? `${c.restartCount} restarts` : undefined].filter(Boolean).join(", ");
      const message = fresh(c.message);
      return `${c.name} ${c.state}${detail ? ` (${detail})` : ""}${message ? `: ${message}` : ""}`;
    });
  const warnings = events
    .filter((e) => e.type === "Warning" && e.reason !== "GroupFailed" && !said.includes(e.message.replace(/^Container \S+: /, "")))
    .slice(-3)
    .map((e) => `${e.reason}: ${e.message}`);
  const parts = [`last status ${g.status}, health ${g.healthStatus}`];
  if (containers.length) parts.push(`containers: ${containers.join("; ")}`);
  if (warnings.length) parts.push(`latest warnings: ${warnings.join("; ")}`);
  if (log) parts.push(logTail(log.container, log.text));
  return parts.join("; ");
}

/** The last lines of a container's log, indented under a line that says whose they are. */
function logTail(container: string, text: string): string {
  const whole = text.replace(/\n$/, "");
  if (whole === "") return `container ${container} wrote nothing to its log`;
  const lines = whole.split("\n").slice(-LOG_TAIL_LINES);
  return `last ${lines.length === 1 ? "line" : `${lines.length} lines`} of container ${container}'s log:\n${lines.map((l) => `    ${l}`).join("\n")}`;
}
