import type { ContainerGroupSpec, ContainerSpec } from "@eci/sdk";
import type { Clock } from "../clock";
import type { EngineConfig } from "../config";
import type { Logger } from "../logger";
import type { ContainerRuntime, ObservedContainer } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import type { GroupRecord, NewEvent, ObservedGroup, Store, Supervision } from "../store/store";
import { computeGroupStatus, initSucceeded } from "./group-status";
import type { ReconcileResult } from "./work-queue";

export type ReconcilerConfig = Pick<EngineConfig, "restartBackoffBaseMs" | "restartBackoffMaxMs" | "backoffResetMs" | "imagePullTimeoutMs">;

/** A failure that retrying will not fix: the group becomes `failed` with this reason. */
class TerminalError extends Error {}

const GIB = 1024 ** 3;

/**
 * Makes Docker match one group's desired state, level-based: each pass reads the store and the
 * containers Docker has for the group, takes the next steps, and records what it then observes.
 * It never waits for a container: Docker events and back-off deadlines bring the next pass.
 */
export interface ReconcilerDeps {
  store: Store;
  runtime: ContainerRuntime;
  clock: Clock;
  config: ReconcilerConfig;
  logger: Logger;
}

export class GroupReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(groupId: string, signal: AbortSignal): Promise<ReconcileResult> {
    const { store, runtime, logger } = this.deps;
    const group = store.getGroup(groupId);
    const actual = await runtime.listGroupContainers(groupId);
    if (!group || group.deleteRequested) {
      if (actual.length > 0) {
        logger.info({ groupId, containers: actual.length }, group ? "Deleting group…" : "Removing orphan containers…");
        await removeAll(runtime, actual);
      }
      if (group) {
        store.markDeleted(groupId);
        logger.info({ groupId }, "Deleted group");
      }
      return {};
    }
    logger.debug({ groupId }, "Reconciling group…");
    return new GroupPass({ ...this.deps, logger: logger.child({ groupId }) }, group, actual, signal).run();
  }
}

/** Removes members first and the sandbox last: members live in the sandbox's namespaces and cgroup. */
async function removeAll(runtime: ContainerRuntime, containers: ObservedContainer[]): Promise<void> {
  await Promise.all(containers.filter((c) => c.role !== "infra").map((c) => runtime.removeContainer(c.id)));
  await Promise.all(containers.filter((c) => c.role === "infra").map((c) => runtime.removeContainer(c.id)));
}

class GroupPass {
  private readonly spec: ContainerGroupSpec;
  private readonly observed: ObservedGroup;
  private sandbox: ObservedContainer | undefined;
  private readonly members = new Map<string, ObservedContainer>();
  private readonly blocked = new Map<string, { reason: string; message: string }>();
  private readonly pulled = new Set<string>();
  private failure: string | null = null;
  private wakeAt: number | undefined;
  private acted = false;

  private readonly store: Store;
  private readonly runtime: ContainerRuntime;
  private readonly clock: Clock;
  private readonly config: ReconcilerConfig;
  private readonly logger: Logger;

  constructor(
    deps: ReconcilerDeps,
    private readonly group: GroupRecord,
    actual: ObservedContainer[],
    private readonly signal: AbortSignal,
  ) {
    ({ store: this.store, runtime: this.runtime, clock: this.clock, config: this.config, logger: this.logger } = deps);
    this.spec = group.spec;
    this.observed = structuredClone(group.observed);
    this.sandbox = actual.find((c) => c.role === "infra");
    for (const c of actual) if (c.role !== "infra") this.members.set(c.name, c);
  }

  async run(): Promise<ReconcileResult> {
    const restartRequested = this.group.restartGeneration > this.group.observedRestartGeneration;
    const terminal = this.observed.phase === "failed" || this.observed.phase === "succeeded";
    if (terminal && !restartRequested) return {};
    if (restartRequested) {
      this.observed.failedAt = null;
      this.observed.startedOnce = false;
    }
    try {
      await this.ensureSandbox();
      await this.removeStale();
      if (await this.runInitContainers()) await this.runWorkContainers();
    } catch (err) {
      if (!(err instanceof TerminalError)) throw err;
      this.failure = err.message;
    }
    await this.record();
    return this.wakeAt === undefined ? {} : { requeueAfterMs: Math.max(0, this.wakeAt - this.clock.now()) };
  }

  private event(event: NewEvent): void {
    this.store.appendEvent(this.group.id, event);
  }

  private sup(name: string): Supervision {
    return (this.observed.supervision[name] ??= { restartCount: 0, backoffLevel: 0, handledExit: null, nextStartAt: null, lastAbnormalExitAt: null });
  }

  private memberOf(spec: ContainerSpec): ObservedContainer | undefined {
    return this.members.get(spec.name);
  }

  private containerHash(spec: ContainerSpec): string {
    return specHash({ spec, restart: this.group.restartGeneration });
  }

  private async ensureSandbox(): Promise<void> {
    const ports = this.spec.containers.flatMap((c) => c.ports).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
    const hash = specHash({ ports, shmSizeMB: this.spec.shmSizeMB ?? 0 });
    const limits = { nanoCpus: Math.round(this.group.cpu * 1e9), memoryBytes: Math.round(this.group.memory * GIB) };
    const current = this.sandbox;
    if (!current && this.members.size > 0) {
      this.event({ type: "Warning", reason: "SandboxChanged", message: "Sandbox container is gone; re-creating it and restarting every container" });
      await removeAll(this.runtime, [...this.members.values()]);
      this.members.clear();
    }
    if (current && (current.specHash !== hash || current.state !== "running")) {
      const died = current.specHash === hash;
      this.event(
        died
          ? { type: "Warning", reason: "SandboxChanged", message: "Sandbox container stopped; re-creating it and restarting every container" }
          : { type: "Normal", reason: "SandboxChanged", message: "Ports or shared memory changed; re-creating the sandbox and restarting every container" },
      );
      const started = [...this.members.values()];
      await removeAll(this.runtime, [...started, current]);
      for (const c of started) if (c.startedAt) this.sup(c.name).restartCount += died ? 1 : 0;
      this.members.clear();
      this.sandbox = undefined;
      this.observed.privateIp = null;
      this.observed.ports = [];
    }
    if (!this.sandbox) {
      this.logger.debug({}, "Starting sandbox…");
      const id = await this.runtime.createSandbox({
        groupId: this.group.id,
        specHash: hash,
        hostname: this.group.id,
        ports,
        shmSizeBytes: this.spec.shmSizeMB ? this.spec.shmSizeMB * 1024 * 1024 : undefined,
        ...limits,
      });
      await this.runtime.startContainer(id);
      this.acted = true;
      this.sandbox = (await this.runtime.listGroupContainers(this.group.id)).find((c) => c.id === id);
      if (!this.sandbox) throw new Error(`sandbox ${id} vanished right after it started`);
      this.logger.debug({ sandboxId: id }, "Started sandbox");
    } else if (this.sandbox.nanoCpus !== limits.nanoCpus || this.sandbox.memoryBytes !== limits.memoryBytes) {
      await this.runtime.resizeSandbox(this.sandbox.id, limits);
      this.event({ type: "Normal", reason: "Resized", message: `Group limits set to ${this.group.cpu} vCPU and ${this.group.memory} GiB` });
    }
    this.observed.privateIp = this.sandbox.ipAddress;
    this.observed.ports = this.sandbox.ports;
  }

  /** Removes containers no longer in the spec, or whose spec (or the group's restart generation) changed. */
  private async removeStale(): Promise<void> {
    const stale: ObservedContainer[] = [];
    for (const [name, c] of this.members) {
      const spec = this.spec.containers.find((s) => s.name === name);
      if (spec && c.specHash === this.containerHash(spec)) continue;
      stale.push(c);
      this.members.delete(name);
      const why = !spec ? "it is no longer in the group" : this.group.restartGeneration > this.group.observedRestartGeneration ? "the group is restarting" : "its spec changed";
      this.event({ type: "Normal", reason: "Killing", message: `Stopping container ${c.name}: ${why}`, container: c.name });
      delete this.observed.supervision[c.name];
    }
    await Promise.all(stale.map((c) => this.runtime.removeContainer(c.id)));
  }

  /** Runs init containers one at a time, in order; true once every one of them has succeeded. */
  private async runInitContainers(): Promise<boolean> {
    for (const spec of this.spec.containers.filter((c) => c.type === "init")) {
      const c = this.memberOf(spec);
      if (!c) {
        await this.createAndStart([spec]);
        return false;
      }
      if (c.state === "created") {
        await this.start(spec, c);
        return false;
      }
      if (c.state !== "exited") return false;
      const restart = this.accountExit(spec, c);
      if (initSucceeded(c)) continue;
      if (!restart) throw new TerminalError(`init container ${spec.name} failed (${c.oomKilled ? "OOMKilled" : `exit code ${c.exitCode}`}) and the restart policy is Never`);
      await this.restartWhenDue(spec, c);
      return false;
    }
    return true;
  }

  private async runWorkContainers(): Promise<void> {
    const work = this.spec.containers.filter((c) => c.type === "work");
    for (const spec of work) {
      const c = this.memberOf(spec);
      if (c?.state === "created") await this.start(spec, c);
      else if (c?.state === "exited" && this.accountExit(spec, c)) await this.restartWhenDue(spec, c);
    }
    await this.createAndStart(work.filter((s) => !this.memberOf(s)));
    if (work.every((s) => this.memberOf(s))) this.observed.startedOnce = true;
  }

  private async createAndStart(specs: ContainerSpec[]): Promise<void> {
    if (specs.length === 0) return;
    for (const spec of specs) await this.ensureImage(spec);
    const sandbox = this.sandbox as ObservedContainer;
    await Promise.all(
      specs
        .filter((s) => !this.blocked.has(s.name))
        .map(async (spec) => {
          const id = await this.runtime.createMember({
            groupId: this.group.id,
            sandboxId: sandbox.id,
            role: spec.type,
            name: spec.name,
            specHash: this.containerHash(spec),
            image: spec.image,
            command: spec.command,
            args: spec.args,
            env: spec.env,
            workingDir: spec.workingDir,
            nanoCpus: spec.cpu ? Math.round(spec.cpu * 1e9) : undefined,
            memoryBytes: spec.memory ? Math.round(spec.memory * GIB) : undefined,
            sharedMemory: this.spec.shmSizeMB !== undefined,
            maxLogSizeMB: spec.maxLogSizeMB,
          });
          this.event({ type: "Normal", reason: "Created", message: `Created container ${spec.name}`, container: spec.name });
          this.logger.debug({ container: spec.name, containerId: id }, "Created container");
          const placeholder: ObservedContainer = { ...sandbox, id, role: spec.type, name: spec.name, specHash: this.containerHash(spec), state: "created" };
          this.members.set(spec.name, placeholder);
          await this.start(spec, placeholder);
        }),
    );
  }

  private async start(spec: ContainerSpec, c: ObservedContainer): Promise<void> {
    this.acted = true;
    try {
      await this.runtime.startContainer(c.id);
      this.event({ type: "Normal", reason: "Started", message: `Started container ${spec.name}`, container: spec.name });
    } catch (err) {
      // Docker records why (a missing executable, say) on the container; the next observation reports it.
      this.event({ type: "Warning", reason: "Failed", message: `Failed to start container ${spec.name}: ${(err as Error).message}`, container: spec.name });
    }
  }

  private async ensureImage(spec: ContainerSpec): Promise<void> {
    const image = spec.image;
    if (this.pulled.has(image)) return;
    const present = spec.imagePullPolicy === "Always" ? false : await this.runtime.hasImage(image);
    if (present) return this.pulled.add(image) && undefined;
    if (spec.imagePullPolicy === "Never") {
      const message = `image ${image} is not present and the pull policy is Never`;
      this.blocked.set(spec.name, { reason: "ErrImageNeverPull", message });
      this.event({ type: "Warning", reason: "ErrImageNeverPull", message: `Container ${spec.name}: ${message}`, container: spec.name });
      throw new TerminalError(`container ${spec.name}: ${message}`);
    }
    this.event({ type: "Normal", reason: "Pulling", message: `Pulling image ${image}`, container: spec.name });
    const started = this.clock.now();
    const timeout = AbortSignal.timeout(this.config.imagePullTimeoutMs);
    try {
      await this.runtime.pullImage(image, AbortSignal.any([this.signal, timeout]));
    } catch (err) {
      if (this.signal.aborted) throw err;
      const why = timeout.aborted ? `pulling took over ${formatDelay(this.config.imagePullTimeoutMs)}` : (err as Error).message;
      const message = `failed to pull image ${image}: ${why}`;
      this.blocked.set(spec.name, { reason: "ErrImagePull", message });
      this.event({ type: "Warning", reason: "Failed", message: `Container ${spec.name}: ${message}`, container: spec.name });
      throw new TerminalError(`container ${spec.name}: ${message}`);
    }
    this.pulled.add(image);
    this.event({ type: "Normal", reason: "Pulled", message: `Pulled image ${image} in ${((this.clock.now() - started) / 1000).toFixed(1)}s`, container: spec.name });
  }

  /** Records a container's exit once, with its event and back-off; says whether the restart policy restarts it. */
  private accountExit(spec: ContainerSpec, c: ObservedContainer): boolean {
    const policy = this.spec.restartPolicy;
    const abnormal = c.exitCode !== 0 || c.oomKilled || c.error !== "";
    // Init containers run to success: Always restarts them only when they fail, as OnFailure does.
    const restart = spec.type === "init" ? abnormal && policy !== "Never" : policy === "Always" || (policy === "OnFailure" && abnormal);
    const sup = this.sup(spec.name);
    // A failed start leaves no timestamps; the restart count tells those attempts apart.
    const exit = `${c.id}/${c.finishedAt ?? ""}/${sup.restartCount}`;
    if (sup.handledExit === exit) return restart;
    sup.handledExit = exit;
    if (abnormal) sup.lastAbnormalExitAt = c.finishedAt ?? new Date(this.clock.now()).toISOString();
    const container = spec.name;
    if (c.oomKilled) this.event({ type: "Warning", reason: "OOMKilled", message: `Container ${container} ran out of memory and was killed (exit code ${c.exitCode})`, container });
    else if (c.error) this.event({ type: "Warning", reason: "Failed", message: `Container ${container} could not run: ${c.error}`, container });
    else if (abnormal) this.event({ type: "Warning", reason: "Failed", message: `Container ${container} exited with code ${c.exitCode}`, container });
    else this.event({ type: "Normal", reason: "Completed", message: `Container ${container} completed`, container });
    if (!restart) return false;
    const ranMs = c.startedAt && c.finishedAt ? Date.parse(c.finishedAt) - Date.parse(c.startedAt) : 0;
    if (ranMs >= this.config.backoffResetMs) sup.backoffLevel = 0;
    const delayMs = Math.min(this.config.restartBackoffBaseMs * 2 ** sup.backoffLevel, this.config.restartBackoffMaxMs);
    sup.backoffLevel += 1;
    sup.nextStartAt = this.clock.now() + delayMs;
    this.event({ type: abnormal ? "Warning" : "Normal", reason: "BackOff", message: `Back-off ${formatDelay(delayMs)} restarting container ${container}`, container });
    return true;
  }

  private async restartWhenDue(spec: ContainerSpec, c: ObservedContainer): Promise<void> {
    const sup = this.sup(spec.name);
    const due = sup.nextStartAt ?? this.clock.now();
    if (due > this.clock.now()) {
      this.wakeAt = Math.min(this.wakeAt ?? Infinity, due);
      return;
    }
    sup.nextStartAt = null;
    sup.restartCount += 1;
    await this.start(spec, c);
  }

  /** Observes the group again after acting, and stores its status. */
  private async record(): Promise<void> {
    if (this.acted) {
      const actual = await this.runtime.listGroupContainers(this.group.id);
      this.members.clear();
      for (const c of actual) {
        const spec = this.spec.containers.find((s) => s.name === c.name);
        if (c.role !== "infra" && spec && c.specHash === this.containerHash(spec)) this.members.set(c.name, c);
      }
    }
    // Containers that ended since the pass began are accounted now, so their events and back-off are not lost
    // when the group has reached a phase (succeeded, failed) in which later passes do nothing.
    for (const spec of this.spec.containers) {
      const c = this.members.get(spec.name);
      if (c?.state !== "exited" || !this.accountExit(spec, c)) continue;
      const due = this.observed.supervision[spec.name]?.nextStartAt;
      if (due != null) this.wakeAt = Math.min(this.wakeAt ?? Infinity, due);
    }
    const now = this.clock.now();
    const view = computeGroupStatus({
      spec: this.spec,
      members: this.members,
      supervision: this.observed.supervision,
      blockedContainers: this.blocked,
      failure: this.failure,
      startedOnce: this.observed.startedOnce,
      now,
      backoffResetMs: this.config.backoffResetMs,
    });
    const wasFailed = this.group.observed.phase === "failed";
    if (view.phase === "failed" && (!wasFailed || this.observed.failedAt === null)) {
      this.observed.failedAt = new Date(now).toISOString();
      this.event({ type: "Warning", reason: "GroupFailed", message: `Group failed: ${view.statusReason}` });
    }
    if (view.phase === "succeeded" && this.group.observed.phase !== "succeeded") this.event({ type: "Normal", reason: "GroupSucceeded", message: "Every work container completed" });
    const settled = view.phase === "failed" || view.phase === "succeeded" || view.applied || this.wakeAt !== undefined;
    if (settled) {
      if (this.group.updateGeneration > this.group.observedUpdateGeneration) this.event({ type: "Normal", reason: "Updated", message: "Applied the updated spec" });
      if (this.group.restartGeneration > this.group.observedRestartGeneration) this.event({ type: "Normal", reason: "Restarted", message: "Restarted every container" });
    }
    Object.assign(this.observed, { phase: view.phase, healthStatus: view.healthStatus, statusReason: view.statusReason, containers: view.containers });
    this.logger.debug({ phase: view.phase, health: view.healthStatus, settled }, "Reconciled group");
    this.store.saveObserved(
      this.group.id,
      this.observed,
      settled ? { updateGeneration: this.group.updateGeneration, restartGeneration: this.group.restartGeneration } : undefined,
    );
  }
}

function formatDelay(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 6_000) / 10} minutes`;
  return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`;
}
