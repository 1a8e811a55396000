import type { ContainerSpec } from "@eci/sdk";
import type { ObservedContainer, SandboxSpec } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import type { GroupRecord, NewEvent, ObservedGroup, Supervision } from "../store/store";
import { accountExit, newSupervision, type SupervisionConfig } from "./exit-accounting";
import { initSucceeded } from "./group-status";
import { dockerLimits, type SandboxPlacement, sandboxSpecFor } from "./member-spec";
import { mountedVolumes } from "./volume-mounts";

/** One step of a group pass, with why it is taken. The executor takes them in order and stops at `fail`. */
export type GroupAction =
  | { kind: "event"; event: NewEvent }
  /** Members are removed before the sandbox: they live in its namespaces and cgroup. */
  | { kind: "removeContainers"; containers: ObservedContainer[]; reason: string }
  | { kind: "createSandbox"; sandbox: SandboxSpec; reason: string }
  /** Starts the existing sandbox again in place (it stopped, or was created and never started); one Docker can no longer start is replaced by `sandbox`. */
  | { kind: "startSandbox"; containerId: string; sandbox: SandboxSpec; reason: string }
  | { kind: "resizeSandbox"; containerId: string; limits: { nanoCpus: number; memoryBytes: number }; reason: string }
  /** Writes the group's config-file volumes; planned after stale containers are removed, so none still mounts one it replaces. */
  | { kind: "writeConfigVolumes"; reason: string }
  /** Makes the images available, then creates and starts the containers in the sandbox. */
  | { kind: "createMembers"; containers: { spec: ContainerSpec; specHash: string }[]; reason: string }
  | { kind: "start"; containerId: string; container: string; reason: string }
  /** The group cannot run, and retrying will not change that. */
  | { kind: "fail"; message: string };

export interface GroupPassInput {
  group: GroupRecord;
  /** The group's containers as Docker reports them when the pass begins. */
  actual: ObservedContainer[];
  /** Where the sandbox goes; undefined when the group's vxnet no longer exists. */
  placement: SandboxPlacement | undefined;
  now: number;
  config: SupervisionConfig;
}

export interface GroupPlan {
  actions: GroupAction[];
  /** The group's supervision as it is once the actions are taken: exits accounted, restarts counted. */
  observed: ObservedGroup;
  /** The earliest back-off deadline: a restart is due then. */
  wakeAt?: number;
}

/** What a member is created from: its spec, the volumes it mounts and the group's restart generation. */
export function containerHash(group: GroupRecord, spec: ContainerSpec): string {
  const volumes = mountedVolumes(group.spec, spec, group.configBasis);
  return specHash(volumes.length > 0 ? { spec, volumes, restart: group.restartGeneration } : { spec, restart: group.restartGeneration });
}

/**
 * Every decision of one group pass (SPEC §2), from what is declared, what Docker reports and what the
 * engine supervises, at `now`: the sandbox first, then stale members, then init containers one at a
 * time in order, then every work container at once, each restart when its back-off is due. Null when
 * the group has ended (succeeded or failed) and no restart was asked for: nothing is to be done.
 */
export function planGroupPass(input: GroupPassInput): GroupPlan | null {
  const { group, now } = input;
  const spec = group.spec;
  const restartRequested = group.restartGeneration > group.observedRestartGeneration;
  if ((group.observed.phase === "failed" || group.observed.phase === "succeeded") && !restartRequested) return null;

  const observed = structuredClone(group.observed);
  if (restartRequested) {
    observed.failedAt = null;
    observed.startedOnce = false;
  }
  const actions: GroupAction[] = [];
  const plan: GroupPlan = { actions, observed };
  const event = (e: NewEvent) => actions.push({ kind: "event", event: e });
  const sup = (name: string): Supervision => (observed.supervision[name] ??= newSupervision());
  const members = new Map(input.actual.filter((c) => c.role !== "infra").map((c) => [c.name, c]));

  // The sandbox holds the group's address, ports, shared memory and limits.
  if (!input.placement) {
    actions.push({ kind: "fail", message: `vxnet ${spec.network?.mode === "vpc" ? spec.network.vxnetId : ""} no longer exists` });
    return plan;
  }
  const sandboxSpec = sandboxSpecFor(group.id, spec, input.placement, group);
  const hash = sandboxSpec.specHash;
  const limits = dockerLimits(group.cpu, group.memory);
  const sandbox = input.actual.find((c) => c.role === "infra");
  const removeMembers = (reason: string) => {
    if (members.size > 0) actions.push({ kind: "removeContainers", containers: [...members.values()], reason });
    members.clear();
  };
  if (!sandbox) {
    if (members.size > 0) event({ type: "Warning", reason: "SandboxChanged", message: "Sandbox container is gone; re-creating it and restarting every container" });
    removeMembers("their sandbox is gone");
    actions.push({ kind: "createSandbox", sandbox: sandboxSpec, reason: "the group has no sandbox" });
  } else if (sandbox.specHash !== hash || sandbox.state === "other") {
    const changed = sandbox.specHash !== hash;
    event(
      changed
        ? { type: "Normal", reason: "SandboxChanged", message: "Ports, network or shared memory changed; re-creating the sandbox and restarting every container" }
        : { type: "Warning", reason: "SandboxChanged", message: "Sandbox container is broken; re-creating it and restarting every container" },
    );
    if (!changed) for (const c of members.values()) if (c.startedAt) sup(c.name).restartCount += 1;
    actions.push({ kind: "removeContainers", containers: [...members.values(), sandbox], reason: changed ? "the sandbox's spec changed" : "the sandbox is broken" });
    members.clear();
    actions.push({ kind: "createSandbox", sandbox: sandboxSpec, reason: changed ? "the sandbox's spec changed" : "the sandbox was broken" });
  } else if (sandbox.state !== "running") {
    // Started again in place rather than re-created: while Docker itself is stopping, a start fails
    // and the pass is retried, where a removal would leave a container Docker can no longer remove.
    const stop = `${sandbox.id}/${sandbox.finishedAt ?? ""}`;
    if (sandbox.state === "exited" && observed.sandboxExit !== stop) {
      observed.sandboxExit = stop;
      event({ type: "Warning", reason: "SandboxChanged", message: "Sandbox container stopped; starting it again and restarting every container" });
      for (const c of members.values()) if (c.startedAt) sup(c.name).restartCount += 1;
    }
    actions.push({ kind: "startSandbox", containerId: sandbox.id, sandbox: sandboxSpec, reason: sandbox.state === "exited" ? "the sandbox stopped" : "the sandbox was created but not started" });
    // Members joined the namespaces of the sandbox's previous run: they are created again in the new ones.
    removeMembers("their sandbox started again");
  } else if (sandbox.nanoCpus !== limits.nanoCpus || sandbox.memoryBytes !== limits.memoryBytes) {
    actions.push({ kind: "resizeSandbox", containerId: sandbox.id, limits, reason: "the group's size changed" });
    // A group given a sandbox created ahead (a warm sandbox) takes its size before it has ever run: nothing to report.
    if (observed.startedOnce) event({ type: "Normal", reason: "Resized", message: `Group limits set to ${group.cpu} vCPU and ${group.memory} GiB` });
  }

  // Members no longer in the spec, or whose spec (or the group's restart generation) changed.
  const stale = [...members.values()].filter((c) => {
    const declared = spec.containers.find((s) => s.name === c.name);
    return !declared || c.specHash !== containerHash(group, declared);
  });
  for (const c of stale) {
    const why = !spec.containers.some((s) => s.name === c.name) ? "it is no longer in the group" : restartRequested ? "the group is restarting" : "its spec changed";
    event({ type: "Normal", reason: "Killing", message: `Stopping container ${c.name}: ${why}`, container: c.name });
    delete observed.supervision[c.name];
    members.delete(c.name);
  }
  if (stale.length > 0) actions.push({ kind: "removeContainers", containers: stale, reason: "their spec is no longer the declared one" });
  actions.push({ kind: "writeConfigVolumes", reason: "containers mount the declared config files" });

  const create = (specs: ContainerSpec[], reason: string) => {
    if (specs.length > 0) actions.push({ kind: "createMembers", containers: specs.map((s) => ({ spec: s, specHash: containerHash(group, s) })), reason });
  };
  const start = (s: ContainerSpec, c: ObservedContainer, reason: string) => actions.push({ kind: "start", containerId: c.id, container: s.name, reason });
  /** Accounts a container's exit once; says whether the restart policy restarts it. */
  const accounted = (s: ContainerSpec, c: ObservedContainer) => {
    const { restart, events } = accountExit(s, c, spec.restartPolicy, sup(s.name), now, input.config);
    events.forEach(event);
    return restart;
  };
  const restartWhenDue = (s: ContainerSpec, c: ObservedContainer) => {
    const due = sup(s.name).nextStartAt ?? now;
    if (due > now) {
      plan.wakeAt = Math.min(plan.wakeAt ?? Infinity, due);
      return;
    }
    sup(s.name).nextStartAt = null;
    sup(s.name).restartCount += 1;
    start(s, c, "its restart back-off is over");
  };

  // Init containers run one at a time, in order: each must succeed before the next is created.
  for (const s of spec.containers.filter((c) => c.type === "init")) {
    const c = members.get(s.name);
    if (!c) {
      create([s], "the init containers before it have succeeded");
      return plan;
    }
    if (c.state === "created") {
      start(s, c, "it was created but not started");
      return plan;
    }
    if (c.state !== "exited") return plan;
    const restart = accounted(s, c);
    if (initSucceeded(c)) continue;
    if (!restart) {
      actions.push({ kind: "fail", message: `init container ${s.name} failed (${c.oomKilled ? "OOMKilled" : `exit code ${c.exitCode}`}) and the restart policy is Never` });
      return plan;
    }
    restartWhenDue(s, c);
    return plan;
  }

  // Work containers run together.
  const work = spec.containers.filter((c) => c.type === "work");
  for (const s of work) {
    const c = members.get(s.name);
    if (c?.state === "created") start(s, c, "it was created but not started");
    else if (c?.state === "exited" && accounted(s, c)) restartWhenDue(s, c);
  }
  create(
    work.filter((s) => !members.has(s.name)),
    spec.containers.some((c) => c.type === "init") ? "every init container has succeeded" : "they are declared",
  );
  return plan;
}
