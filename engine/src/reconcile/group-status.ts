import type { ContainerGroupSpec, ContainerSpec, ContainerStatus, HealthStatus } from "@eci/sdk";
import { isoTime } from "../clock";
import type { ObservedContainer } from "../runtime/container-runtime";
import type { GroupPhase, Supervision } from "../store/store";

/** What one reconcile pass found, as input to the status computation. */
export interface PassFacts {
  spec: ContainerGroupSpec;
  /** Members with the current spec hash, by container name. */
  members: Map<string, ObservedContainer>;
  supervision: Record<string, Supervision>;
  /** Containers that cannot be created, with the reason shown for them (`ErrImagePull`, …). */
  blockedContainers: Map<string, { reason: string; message: string }>;
  /** Why the group cannot run, when it cannot. */
  failure: string | null;
  startedOnce: boolean;
  now: number;
  backoffResetMs: number;
  healthyAfterMs: number;
}

export interface GroupStatusView {
  phase: GroupPhase;
  healthStatus: HealthStatus;
  statusReason: string | null;
  containers: Record<string, ContainerStatus>;
  /** Every init container has succeeded and every work container exists with its current spec: an update or restart is applied. */
  applied: boolean;
  /** When the group will have stayed up long enough to be healthy, if that is what it waits for. */
  healthyAt?: number;
}

/** Derives container states, the group phase and health from what Docker reports and what the engine supervises. */
export function computeGroupStatus(facts: PassFacts): GroupStatusView {
  const containers: Record<string, ContainerStatus> = {};
  for (const spec of facts.spec.containers) containers[spec.name] = containerStatus(spec, facts);

  const work = facts.spec.containers.filter((c) => c.type === "work");
  const workStatuses = work.map((c) => containers[c.name]);
  const allWorkCreated = work.every((c) => facts.members.has(c.name));
  const willRestart = (s: ContainerStatus) => facts.spec.restartPolicy === "Always" || (facts.spec.restartPolicy === "OnFailure" && s.reason !== "Completed");
  const finished = workStatuses.every((s) => s.state === "terminated" && !willRestart(s));

  let phase: GroupPhase;
  let statusReason: string | null = null;
  if (facts.failure) {
    phase = "failed";
    statusReason = facts.failure;
  } else if (allWorkCreated && finished) {
    const failed = work.find((c) => containers[c.name].reason !== "Completed");
    phase = failed ? "failed" : "succeeded";
    statusReason = failed ? `container ${failed.name} ${describeExit(containers[failed.name])}` : "every work container completed";
  } else {
    phase = facts.startedOnce || (allWorkCreated && workStatuses.some((s) => s.state === "running")) ? "running" : "pending";
    statusReason = explainWaiting(facts.spec.containers, containers);
  }

  const crashLooping = facts.spec.containers.some((c) => {
    const last = facts.supervision[c.name]?.lastAbnormalExitAt;
    return last !== null && last !== undefined && facts.now - Date.parse(last) < facts.backoffResetMs;
  });
  const abnormal = Object.values(containers).some((s) => isAbnormal(s));
  let healthStatus: HealthStatus = "checking";
  let healthyAt: number | undefined;
  if (phase === "failed" || abnormal || crashLooping) healthStatus = "unhealthy";
  else if (phase === "succeeded") healthStatus = "healthy";
  else if (workStatuses.every((s) => s.state === "running")) {
    // Running is not enough: every work container must also have stayed up for healthyAfterMs.
    healthyAt = Math.max(...workStatuses.map((s) => Date.parse(s.startedAt ?? "") + facts.healthyAfterMs));
    if (!(healthyAt > facts.now)) {
      healthStatus = "healthy";
      healthyAt = undefined;
    }
  }
  if (healthStatus === "unhealthy" && phase !== "failed" && !statusReason) statusReason = explainUnhealthy(facts.spec.containers, containers);

  const initDone = facts.spec.containers.every((c) => c.type !== "init" || initSucceeded(facts.members.get(c.name)));
  return { phase, healthStatus, statusReason, containers, applied: initDone && allWorkCreated, healthyAt };
}

function containerStatus(spec: ContainerSpec, facts: PassFacts): ContainerStatus {
  const sup = facts.supervision[spec.name];
  const restartCount = sup?.restartCount ?? 0;
  const base = { restartCount, exitCode: null, startedAt: null, finishedAt: null, message: null };
  const blocked = facts.blockedContainers.get(spec.name);
  const c = facts.members.get(spec.name);
  if (!c) {
    if (blocked) return { ...base, state: "waiting", reason: blocked.reason, message: blocked.message, ready: false };
    const initPending = spec.type === "work" && facts.spec.containers.some((o) => o.type === "init" && !initSucceeded(facts.members.get(o.name)));
    return { ...base, state: "waiting", reason: initPending ? "PodInitializing" : "ContainerCreating", ready: false };
  }
  const times = { startedAt: c.startedAt, finishedAt: c.finishedAt };
  if (c.state === "running") return { ...base, ...times, finishedAt: null, state: "running", reason: null, ready: spec.type === "work" };
  if (c.state === "created" || c.state === "other") return { ...base, state: "created", reason: null, ready: false };
  const reason = c.oomKilled ? "OOMKilled" : c.error ? "ContainerCannotRun" : c.exitCode === 0 ? "Completed" : "Error";
  if (sup?.nextStartAt != null) {
    const waitMs = Math.max(0, sup.nextStartAt - facts.now);
    return {
      ...base,
      ...times,
      state: "waiting",
      reason: "CrashLoopBackOff",
      exitCode: c.exitCode,
      message: `back-off ${Math.ceil(waitMs / 1000)}s restarting container ${spec.name}, which ended with ${reason} (exit code ${c.exitCode}) at ${c.finishedAt ?? isoTime(facts.now)}`,
      ready: false,
    };
  }
  return { ...base, ...times, state: "terminated", reason, exitCode: c.exitCode, message: c.error || null, ready: spec.type === "init" && reason === "Completed" };
}

export function initSucceeded(c: ObservedContainer | undefined): boolean {
  return c !== undefined && c.state === "exited" && c.exitCode === 0 && !c.error && !c.oomKilled;
}

function isAbnormal(s: ContainerStatus): boolean {
  if (s.state === "waiting") return s.reason === "CrashLoopBackOff" || (s.reason ?? "").startsWith("Err");
  return s.state === "terminated" && s.reason !== "Completed";
}

function describeExit(s: ContainerStatus): string {
  if (s.reason === "OOMKilled") return `was killed for running out of memory (exit code ${s.exitCode})`;
  if (s.reason === "ContainerCannotRun") return `could not start: ${s.message}`;
  return `exited with code ${s.exitCode}`;
}

function explainWaiting(specs: ContainerSpec[], statuses: Record<string, ContainerStatus>): string | null {
  const init = specs.find((c) => c.type === "init" && statuses[c.name].state !== "terminated");
  if (init) return `waiting for init container ${init.name} (${statuses[init.name].reason ?? statuses[init.name].state})`;
  const waiting = specs.find((c) => c.type === "work" && (statuses[c.name].state === "waiting" || statuses[c.name].state === "created"));
  if (waiting) return `container ${waiting.name} is ${statuses[waiting.name].reason ?? statuses[waiting.name].state}`;
  return null;
}

function explainUnhealthy(specs: ContainerSpec[], statuses: Record<string, ContainerStatus>): string | null {
  const bad = specs.find((c) => isAbnormal(statuses[c.name]));
  if (bad) return statuses[bad.name].message ?? `container ${bad.name} ${describeExit(statuses[bad.name])}`;
  const restarted = specs.find((c) => statuses[c.name].restartCount > 0);
  return restarted ? `container ${restarted.name} restarted ${statuses[restarted.name].restartCount} times recently` : null;
}
