import type { ContainerGroupSpec, ContainerSpec } from "@eci/sdk";
import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { ContainerRuntime, Mount, ObservedContainer } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import type { GroupRecord, NewEvent, ObservedGroup, Store, Supervision } from "../store/store";
import { accountExit, newSupervision } from "./exit-accounting";
import type { ReconcilerConfig, ReconcilerDeps } from "./group-reconciler";
import { computeGroupStatus, initSucceeded } from "./group-status";
import { ImagePuller } from "./image-puller";
import { dockerLimits, memberSpecFor, sandboxHash, sandboxPlacement } from "./member-spec";
import { mountedVolumes, mountsFor, prepareConfigVolumes } from "./volume-mounts";
import type { ReconcileResult } from "./work-queue";

/** A failure that retrying will not fix: the group becomes `failed` with this reason. */
class TerminalError extends Error {}


/** Removes members first and the sandbox last: members live in the sandbox's namespaces and cgroup. */
export async function removeAll(runtime: ContainerRuntime, containers: ObservedContainer[]): Promise<void> {
  await Promise.all(containers.filter((c) => c.role !== "infra").map((c) => runtime.removeContainer(c.id)));
  await Promise.all(containers.filter((c) => c.role === "infra").map((c) => runtime.removeContainer(c.id)));
}

/** One reconcile pass of one group: the steps of `GroupReconciler`, with what it learns along the way. */
export class GroupPass {
  private readonly spec: ContainerGroupSpec;
  private readonly observed: ObservedGroup;
  private sandbox: ObservedContainer | undefined;
  private readonly members = new Map<string, ObservedContainer>();
  private readonly blocked = new Map<string, { reason: string; message: string }>();
  private readonly images: ImagePuller;
  private failure: string | null = null;
  /** The earliest back-off deadline: a restart is due then. */
  private wakeAt: number | undefined;
  /** When the status must be looked at again (health after the stay-up window). */
  private recheckAt: number | undefined;
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
    this.images = new ImagePuller(this.runtime, this.clock, this.config.imagePullTimeoutMs, signal, (e) => this.event(e), deps.credentials, deps.caches(group), {
      accountId: group.accountId,
      store: this.store.imageAccess,
    });
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
      prepareConfigVolumes(this.config.dataDir, this.group.id, this.spec);
      if (await this.runInitContainers()) await this.runWorkContainers();
    } catch (err) {
      if (!(err instanceof TerminalError)) throw err;
      this.failure = err.message;
    }
    await this.record();
    const next = Math.min(this.wakeAt ?? Infinity, this.recheckAt ?? Infinity);
    return next === Infinity ? {} : { requeueAfterMs: Math.max(0, next - this.clock.now()) };
  }

  private event(event: NewEvent): void {
    this.store.appendEvent(this.group.id, event);
  }

  private sup(name: string): Supervision {
    return (this.observed.supervision[name] ??= newSupervision());
  }

  private memberOf(spec: ContainerSpec): ObservedContainer | undefined {
    return this.members.get(spec.name);
  }

  private containerHash(spec: ContainerSpec): string {
    const volumes = mountedVolumes(this.spec, spec);
    return specHash(volumes.length > 0 ? { spec, volumes, restart: this.group.restartGeneration } : { spec, restart: this.group.restartGeneration });
  }

  private async ensureSandbox(): Promise<void> {
    const ports = this.spec.containers.flatMap((c) => c.ports).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
    const placement = sandboxPlacement(this.group, (vxnetId) => this.store.networks.get("vxnet", vxnetId)?.spec.vpcId);
    if (!placement) throw new TerminalError(`vxnet ${this.spec.network?.mode === "vpc" ? this.spec.network.vxnetId : ""} no longer exists`);
    const hash = sandboxHash(ports, this.spec.shmSizeMB, placement);
    const limits = dockerLimits(this.group.cpu, this.group.memory);
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
          : { type: "Normal", reason: "SandboxChanged", message: "Ports, network or shared memory changed; re-creating the sandbox and restarting every container" },
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
        ...placement,
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
    const ready = new Map<string, { image: string; mounts: Mount[] }>();
    for (const spec of specs) {
      const pulled = await this.images.ensure(spec);
      const mounted = "reason" in pulled ? pulled : await mountsFor(this.runtime, this.config.dataDir, this.group.id, this.spec, spec);
      if ("reason" in mounted) {
        this.blocked.set(spec.name, mounted);
        throw new TerminalError(`container ${spec.name}: ${mounted.message}`);
      }
      ready.set(spec.name, { image: (pulled as { image: string }).image, mounts: mounted.mounts });
    }
    const sandbox = this.sandbox as ObservedContainer;
    await Promise.all(
      specs.map(async (spec) => {
          const { image, mounts } = ready.get(spec.name) as { image: string; mounts: Mount[] };
          const member = memberSpecFor(this.group, sandbox.id, spec, image, this.containerHash(spec), mounts);
          const id = await this.runtime.createMember(member);
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

  /** Records a container's exit once, with its events and back-off; says whether the restart policy restarts it. */
  private accountExit(spec: ContainerSpec, c: ObservedContainer): boolean {
    const { restart, events } = accountExit(spec, c, this.spec.restartPolicy, this.sup(spec.name), this.clock.now(), this.config);
    events.forEach((e) => this.event(e));
    return restart;
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
      healthyAfterMs: this.config.healthyAfterMs,
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
    this.recheckAt = view.healthyAt;
    Object.assign(this.observed, { phase: view.phase, healthStatus: view.healthStatus, statusReason: view.statusReason, containers: view.containers });
    this.logger.debug({ phase: view.phase, health: view.healthStatus, settled }, "Reconciled group");
    this.store.saveObserved(
      this.group.id,
      this.observed,
      settled ? { updateGeneration: this.group.updateGeneration, restartGeneration: this.group.restartGeneration } : undefined,
    );
  }
}
