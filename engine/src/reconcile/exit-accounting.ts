import type { ContainerSpec, RestartPolicy } from "@eci/sdk";
import type { ObservedContainer } from "../runtime/container-runtime";
import type { NewEvent, Supervision } from "../store/store";
import { formatDuration } from "./format-duration";
import type { ReconcilerConfig } from "./reconciler-deps";

export type SupervisionConfig = Pick<ReconcilerConfig, "restartBackoffBaseMs" | "restartBackoffMaxMs" | "backoffResetMs">;

export function newSupervision(): Supervision {
  return { restartCount: 0, backoffLevel: 0, handledExit: null, nextStartAt: null, lastAbnormalExitAt: null };
}

/**
 * Accounts for a container's exit once: updates its supervision (back-off, last abnormal exit) and says
 * whether the restart policy restarts it and which events to record. Called again for an exit already
 * accounted for, it only repeats the decision.
 */
export function accountExit(
  spec: ContainerSpec,
  c: ObservedContainer,
  policy: RestartPolicy,
  sup: Supervision,
  now: number,
  config: SupervisionConfig,
): { restart: boolean; events: NewEvent[] } {
  const abnormal = c.exitCode !== 0 || c.oomKilled || c.error !== "";
  // Init containers run to success: Always restarts them only when they fail, as OnFailure does.
  const restart = spec.type === "init" ? abnormal && policy !== "Never" : policy === "Always" || (policy === "OnFailure" && abnormal);
  // A failed start leaves no timestamps; the restart count tells those attempts apart.
  const exit = `${c.id}/${c.finishedAt ?? ""}/${sup.restartCount}`;
  if (sup.handledExit === exit) return { restart, events: [] };
  sup.handledExit = exit;
  if (abnormal) sup.lastAbnormalExitAt = c.finishedAt ?? new Date(now).toISOString();
  const container = spec.name;
  const events: NewEvent[] = [
    c.oomKilled
      ? { type: "Warning", reason: "OOMKilled", message: `Container ${container} ran out of memory and was killed (exit code ${c.exitCode})`, container }
      : c.error
        ? { type: "Warning", reason: "Failed", message: `Container ${container} could not run: ${c.error}`, container }
        : abnormal
          ? { type: "Warning", reason: "Failed", message: `Container ${container} exited with code ${c.exitCode}`, container }
          : { type: "Normal", reason: "Completed", message: `Container ${container} completed`, container },
  ];
  if (!restart) return { restart, events };
  const ranMs = c.startedAt && c.finishedAt ? Date.parse(c.finishedAt) - Date.parse(c.startedAt) : 0;
  if (ranMs >= config.backoffResetMs) sup.backoffLevel = 0;
  const delayMs = Math.min(config.restartBackoffBaseMs * 2 ** sup.backoffLevel, config.restartBackoffMaxMs);
  sup.backoffLevel += 1;
  sup.nextStartAt = now + delayMs;
  events.push({ type: abnormal ? "Warning" : "Normal", reason: "BackOff", message: `Back-off ${formatDuration(delayMs)} restarting container ${container}`, container });
  return { restart, events };
}
