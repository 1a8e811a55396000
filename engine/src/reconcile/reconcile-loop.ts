import type { Clock } from "../clock";
import type { EngineConfig } from "../config";
import type { Logger } from "../logger";
import type { ContainerRuntime } from "../runtime/container-runtime";
import type { Store } from "../store/store";
import { CacheReconciler } from "./cache-reconciler";
import { GroupReconciler, type ReconcilerDeps } from "./group-reconciler";
import { WorkQueue } from "./work-queue";

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

  constructor(
    private readonly store: Store,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly config: EngineConfig,
    private readonly logger: Logger,
    credentials: ReconcilerDeps["credentials"],
    caches: ReconcilerDeps["caches"],
    /** Called after every group pass: what the group's network looks like may have changed. */
    afterGroupPass: () => void = () => {},
  ) {
    this.reconciler = new GroupReconciler({ store, runtime, clock, config, logger, credentials, caches });
    this.caches = new CacheReconciler({ store, runtime, clock, config, logger, credentials });
    const groupPass = async (id: string, signal: AbortSignal) => {
      try {
        return await this.reconciler.reconcile(id, signal);
      } finally {
        afterGroupPass();
      }
    };
    this.queue = new WorkQueue((id, signal) => (id.startsWith("ic-") ? this.caches.reconcile(id, signal) : groupPass(id, signal)), {
      concurrency: config.maxConcurrentReconciles,
      logger,
    });
  }

  /** Adopts what exists (every group in the store, every group Docker has containers for) and starts watching. */
  async start(): Promise<void> {
    this.stopWatching = this.runtime.watch((groupId) => this.queue.add(groupId));
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
