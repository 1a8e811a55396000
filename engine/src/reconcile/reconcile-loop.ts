import type { ContainerGroupSpec } from "@eci/sdk";
import type { EngineConfig } from "../config";
import { newId } from "../services/ids";
import { CacheReconciler } from "./cache-reconciler";
import { GroupReconciler } from "./group-reconciler";
import { planResync, type ResyncObservations } from "./resync-plan";
import type { ForwardingRefresh, ReconcilerConfig, ReconcilerDeps } from "./reconciler-deps";
import { fitsWarmSandbox, WarmSandboxes } from "./warm-sandboxes";
import { WorkQueue } from "./work-queue";

type LoopConfig = ReconcilerConfig & Pick<EngineConfig, "maxConcurrentReconciles" | "resyncIntervalMs" | "failedGroupTtlMs" | "warmSandboxes">;

/**
 * Keeps every group converging: a pass when the API changes a group, when Docker reports a change to
 * one of its containers, and when the previous pass asked for one (a back-off ends, the group is due to
 * be healthy). Every `resyncIntervalMs` one list of the engine's containers is compared with the
 * previous one (`planResync`), and only the groups whose containers differ, or that have work left, or
 * whose containers are orphans, get a pass; it also deletes failed groups once `failedGroupTtlMs` has
 * passed. At start, and when Docker's events resume after a break, every group gets a pass. It keeps
 * `warmSandboxes` sandboxes running ahead of demand, for the groups created next (`newGroupId`).
 */
export class ReconcileLoop {
  private readonly queue: WorkQueue;
  private readonly reconciler: GroupReconciler;
  private readonly caches: CacheReconciler;
  private readonly warm: WarmSandboxes;
  private stopWatching?: () => void;
  private resyncTimer?: NodeJS.Timeout;
  private observations: ResyncObservations = new Map();

  constructor(private readonly deps: ReconcilerDeps & { config: LoopConfig; forwarding: ForwardingRefresh }) {
    this.reconciler = new GroupReconciler(deps);
    this.caches = new CacheReconciler(deps);
    this.warm = new WarmSandboxes(deps.runtime, deps.logger, deps.config.warmSandboxes);
    const groupPass = async (id: string, signal: AbortSignal) => {
      try {
        return await this.reconciler.reconcile(id, signal);
      } finally {
        // What the group's address and ports are may have changed.
        void deps.forwarding.refresh();
      }
    };
    this.queue = new WorkQueue((id, signal) => (id.startsWith("ic-") ? this.caches.reconcile(id, signal) : groupPass(id, signal)), {
      concurrency: deps.config.maxConcurrentReconciles,
      logger: deps.logger,
    });
  }

  /** Adopts what exists (every group in the store, every group Docker has containers for) and starts watching. */
  async start(): Promise<void> {
    const resyncLater = (full: boolean) => () => void this.resync(full).catch((err) => this.deps.logger.warn({ err }, "Failed to resync"));
    this.stopWatching = this.deps.runtime.watch((groupId) => this.changed(groupId), resyncLater(true));
    await this.resync(true);
    this.warm.fill();
    this.resyncTimer = setInterval(resyncLater(false), this.deps.config.resyncIntervalMs);
    this.resyncTimer.unref();
  }

  enqueue(groupId: string): void {
    this.queue.add(groupId);
  }

  /** The id of a new group of this spec: one whose sandbox is already running when a warm sandbox fits it. */
  newGroupId(spec: ContainerGroupSpec): string {
    return (fitsWarmSandbox(spec) && this.warm.take()) || newId("cg");
  }

  /** Abandons a pass in progress (a long image pull, say) so that a deletion is handled at once. */
  interrupt(groupId: string): void {
    this.queue.interrupt(groupId);
  }

  async stop(): Promise<void> {
    clearInterval(this.resyncTimer);
    this.stopWatching?.();
    await this.queue.stop();
    await this.warm.stop();
  }

  /** Docker reported a change to one of the group's containers. */
  private changed(groupId: string): void {
    if (!this.warm.holds(groupId)) this.queue.add(groupId);
    else void this.warm.check(groupId).catch((err) => this.deps.logger.warn({ err, groupId }, "Failed to check a warm sandbox"));
  }

  /** Passes the groups that need one (every group when `full`), removes orphans, and deletes what failed long enough ago. */
  private async resync(full: boolean): Promise<void> {
    const { store, runtime, clock, config, logger } = this.deps;
    const now = clock.now();
    const groups = store.listGroupIds().flatMap((id) => store.getGroup(id) ?? []);
    for (const group of groups) {
      const failedAt = group.observed.phase === "failed" ? group.observed.failedAt : null;
      if (failedAt && !group.deleteRequested && now - Date.parse(failedAt) >= config.failedGroupTtlMs) {
        logger.info({ groupId: group.id, failedAt }, "Deleting failed group after its retention period");
        store.requestDelete(group.id);
        group.deleteRequested = true;
      }
    }
    for (const id of store.caches.listIds()) {
      const cache = store.caches.get(id);
      if (cache?.status === "failed" && cache.failedAt && !cache.deleteRequested && now - Date.parse(cache.failedAt) >= config.failedGroupTtlMs) {
        logger.info({ cacheId: id, failedAt: cache.failedAt }, "Deleting failed image cache after its retention period");
        store.caches.requestDelete(id, new Date(now).toISOString());
      }
      if (cache?.status === "creating" || cache?.deleteRequested) this.queue.add(id);
    }
    let containers;
    try {
      containers = await runtime.listContainers();
    } catch (err) {
      // Docker is away: the passes fail and are retried with back-off until it is back.
      if (full) for (const group of groups) this.queue.add(group.id);
      throw err;
    }
    const plan = planResync({ groups, containers, previous: this.observations, full, held: (id) => this.warm.holds(id) });
    this.observations = plan.observations;
    for (const id of plan.enqueue) this.queue.add(id);
    for (const c of containers) if (c.state !== "running" && this.warm.holds(c.groupId)) this.changed(c.groupId);
  }
}
