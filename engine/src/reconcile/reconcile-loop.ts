import type { EngineConfig } from "../config";
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

  constructor(private readonly deps: ReconcilerDeps & { config: LoopConfig; forwarding: ForwardingRefresh }) {
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
    const resyncLater = () => void this.resync().catch((err) => this.deps.logger.warn({ err }, "Failed to resync"));
    this.stopWatching = this.deps.runtime.watch((groupId) => this.queue.add(groupId), resyncLater);
    await this.resync();
    this.resyncTimer = setInterval(resyncLater, this.deps.config.resyncIntervalMs);
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
    const { store, runtime, clock, config, logger } = this.deps;
    const now = clock.now();
    for (const id of store.listGroupIds()) {
      const group = store.getGroup(id);
      const failedAt = group?.observed.phase === "failed" ? group.observed.failedAt : null;
      if (group && failedAt && !group.deleteRequested && now - Date.parse(failedAt) >= config.failedGroupTtlMs) {
        logger.info({ groupId: id, failedAt }, "Deleting failed group after its retention period");
        store.requestDelete(id);
      }
      this.queue.add(id);
    }
    for (const id of store.caches.listIds()) {
      const cache = store.caches.get(id);
      if (cache?.status === "failed" && cache.failedAt && !cache.deleteRequested && now - Date.parse(cache.failedAt) >= config.failedGroupTtlMs) {
        logger.info({ cacheId: id, failedAt: cache.failedAt }, "Deleting failed image cache after its retention period");
        store.caches.requestDelete(id, new Date(now).toISOString());
      }
      if (cache?.status === "creating" || cache?.deleteRequested) this.queue.add(id);
    }
    for (const id of await runtime.listGroupIds()) this.queue.add(id);
  }
}
