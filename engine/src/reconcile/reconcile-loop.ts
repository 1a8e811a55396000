import type { Clock } from "../clock";
import type { EngineConfig } from "../config";
import type { Logger } from "../logger";
import type { ContainerRuntime } from "../runtime/container-runtime";
import type { Store } from "../store/store";
import { CacheReconciler } from "./cache-reconciler";
import { GroupReconciler } from "./group-reconciler";
import type { ForwardingRefresh, ReconcilerConfig, ReconcilerDeps } from "./reconciler-deps";
import { WorkQueue } from "./work-queue";

type LoopConfig = ReconcilerConfig & Pick<EngineConfig, "maxConcurrentReconciles" | "resyncIntervalMs" | "failedGroupTtlMs">;

/**
 * Keeps every group converging: a pass when the API changes a group, when Docker reports a change
 * to one of its containers, and for all groups every `resyncIntervalMs` (which also finds orphans and
 * deletes failed groups once `failedGroupTtlMs` has passed).
 */
export class ReconcileLoop {
  private readonly queue: WorkQueue;
  private readonly reconciler: GroupReconciler;
  private readonly caches: CacheReconciler;
  private stopWatching?: () => void;
  private resyncTimer?: NodeJS.Timeout;

  private readonly store: Store;
  private readonly runtime: ContainerRuntime;
  private readonly clock: Clock;
  private readonly config: LoopConfig;
  private readonly logger: Logger;

  constructor(deps: ReconcilerDeps & { config: LoopConfig; forwarding: ForwardingRefresh }) {
    ({ store: this.store, runtime: this.runtime, clock: this.clock, config: this.config, logger: this.logger } = deps);
    this.reconciler = new GroupReconciler(deps);
    this.caches = new CacheReconciler(deps);
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
    this.stopWatching = this.runtime.watch(
      (groupId) => this.queue.add(groupId),
      () => void this.resync().catch((err) => this.logger.warn({ err }, "Failed to resync")),
    );
    await this.resync();
    this.resyncTimer = setInterval(() => void this.resync().catch((err) => this.logger.warn({ err }, "Failed to resync")), this.config.resyncIntervalMs);
    this.resyncTimer.unref();
  }

  enqueue(groupId: string): void {
    this.queue.add(groupId);
  }

  /** Abandons a pass in progress (a long image pull, say) so that a deletion is handled at once. */
  interrupt(groupId: string): void {
    this.queue.interrupt(groupId);
  }

  async stop(): Promise<void> {
    clearInterval(this.resyncTimer);
    this.stopWatching?.();
    await this.queue.stop();
  }

  private async resync(): Promise<void> {
    const now = this.clock.now();
    for (const id of this.store.listGroupIds()) {
      const group = this.store.getGroup(id);
      const failedAt = group?.observed.phase === "failed" ? group.observed.failedAt : null;
      if (group && failedAt && !group.deleteRequested && now - Date.parse(failedAt) >= this.config.failedGroupTtlMs) {
        this.logger.info({ groupId: id, failedAt }, "Deleting failed group after its retention period");
        this.store.requestDelete(id);
      }
      this.queue.add(id);
    }
    for (const id of this.store.caches.listIds()) {
      const cache = this.store.caches.get(id);
      if (cache?.status === "failed" && cache.failedAt && !cache.deleteRequested && now - Date.parse(cache.failedAt) >= this.config.failedGroupTtlMs) {
        this.logger.info({ cacheId: id, failedAt: cache.failedAt }, "Deleting failed image cache after its retention period");
        this.store.caches.requestDelete(id, new Date(now).toISOString());
      }
      if (cache?.status === "creating" || cache?.deleteRequested) this.queue.add(id);
    }
    for (const id of await this.runtime.listGroupIds()) this.queue.add(id);
  }
}
