import type { ObservedContainer } from "../runtime/container-runtime";
import type { GroupRecord, NewEvent, ObservedGroup } from "../store/store";
import { accountExit, newSupervision, type SupervisionConfig } from "./exit-accounting";
import { containerHash } from "./group-plan";
import { computeGroupStatus } from "./group-status";
import type { ReconcilerConfig } from "./reconciler-deps";

export interface PassOutcomeInput {
  group: GroupRecord;
  /** The supervision as the plan left it. */
  observed: ObservedGroup;
  /** The group's containers as Docker reports them once the plan's actions are taken. */
  actual: ObservedContainer[];
  /** Why the group cannot run, when the pass found it cannot. */
  failure: string | null;
  /** Containers that could not be created, with the reason shown for them. */
  blocked: Map<string, { reason: string; message: string }>;
  wakeAt: number | undefined;
  now: number;
  config: SupervisionConfig & Pick<ReconcilerConfig, "healthyAfterMs">;
}

export interface PassOutcome {
  observed: ObservedGroup;
  events: NewEvent[];
  /** The declared spec and restart generation are applied: the group's observed generations catch up. */
  settled: boolean;
  /** When the group needs another pass: a restart's back-off ends, or it will have stayed up long enough to be healthy. */
  nextPassAt?: number;
}

/** What a pass records once it has acted: the group's status (SPEC §2), the events of its changes of phase, and when to look again. */
export function passOutcome(input: PassOutcomeInput): PassOutcome {
  const { group, now } = input;
  const observed = structuredClone(input.observed);
  const events: NewEvent[] = [];
  const members = new Map<string, ObservedContainer>();
  for (const c of input.actual) {
    const declared = group.spec.containers.find((s) => s.name === c.name);
    if (c.role !== "infra" && declared && c.specHash === containerHash(group, declared)) members.set(c.name, c);
  }
  // Containers that ended since the pass began are accounted now, so their events and back-off are not lost
  // when the group has reached a phase (succeeded, failed) in which later passes do nothing.
  let wakeAt = input.wakeAt;
  for (const spec of group.spec.containers) {
    const c = members.get(spec.name);
    if (c?.state !== "exited") continue;
    const sup = (observed.supervision[spec.name] ??= newSupervision());
    const { restart, events: exitEvents } = accountExit(spec, c, group.spec.restartPolicy, sup, now, input.config);
    events.push(...exitEvents);
    if (restart && sup.nextStartAt != null) wakeAt = Math.min(wakeAt ?? Infinity, sup.nextStartAt);
  }
  const work = group.spec.containers.filter((c) => c.type === "work");
  if (!input.failure && work.every((s) => members.has(s.name))) observed.startedOnce = true;
  const view = computeGroupStatus({
    spec: group.spec,
    members,
    supervision: observed.supervision,
    blockedContainers: input.blocked,
    failure: input.failure,
    startedOnce: observed.startedOnce,
    now,
    backoffResetMs: input.config.backoffResetMs,
    healthyAfterMs: input.config.healthyAfterMs,
  });
  if (view.phase === "failed" && (group.observed.phase !== "failed" || observed.failedAt === null)) {
    observed.failedAt = new Date(now).toISOString();
    events.push({ type: "Warning", reason: "GroupFailed", message: `Group failed: ${view.statusReason}` });
  }
  if (view.phase === "succeeded" && group.observed.phase !== "succeeded") events.push({ type: "Normal", reason: "GroupSucceeded", message: "Every work container completed" });
  const settled = view.phase === "failed" || view.phase === "succeeded" || view.applied || wakeAt !== undefined;
  if (settled) {
    if (group.updateGeneration > group.observedUpdateGeneration) events.push({ type: "Normal", reason: "Updated", message: "Applied the updated spec" });
    if (group.restartGeneration > group.observedRestartGeneration) events.push({ type: "Normal", reason: "Restarted", message: "Restarted every container" });
  }
  const sandbox = input.actual.find((c) => c.role === "infra");
  Object.assign(observed, {
    phase: view.phase,
    healthStatus: view.healthStatus,
    statusReason: view.statusReason,
    containers: view.containers,
    privateIp: sandbox?.ipAddress ?? null,
    ports: sandbox?.ports ?? [],
  });
  const next = Math.min(wakeAt ?? Infinity, view.healthyAt ?? Infinity);
  return { observed, events, settled, nextPassAt: next === Infinity ? undefined : next };
}
