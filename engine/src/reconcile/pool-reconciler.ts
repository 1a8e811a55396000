import type { ContainerGroupSpec } from "@eci/sdk";
import type { Logger } from "../logger";
import { ofProfile } from "../services/pooled-groups";
import { groupStatus } from "../services/group-view";
import type { GroupRecord, Store } from "../store/store";
import { planPool } from "./pool-plan";

/** How the pool reconciler creates and deletes pooled groups: through the group rules (quota, placement). */
export interface PooledGroups {
  createPooled(accountId: string, poolId: string, profile: ContainerGroupSpec): void;
  deletePooled(id: string): void;
}

/**
 * Keeps every standby pool at its `maxReadyCapacity` groups of its profile (SPEC §8). Level-based: a
 * pass reads the pool and its groups from the store and acts on the difference, so a missed trigger
 * is healed by the next one. Passes run when a pool changes or loses a group, and on a slow sweep that
 * replaces pooled groups which ended; a pass touches only the store, never Docker.
 */
export class PoolReconciler {
  private readonly due = new Set<string>();
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly groups: PooledGroups,
    private readonly logger: Logger,
    private readonly sweepMs: number,
  ) {}

  /** Every pool now, then every `sweepMs`. */
  start(): void {
    this.sweep();
    this.timer = setInterval(() => this.sweep(), this.sweepMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.due.clear();
  }

  /** Brings a pool to its capacity soon (after the current request), once however often it is asked. */
  refill(poolId: string): void {
    this.due.add(poolId);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const ids = [...this.due];
      this.due.clear();
      const pooled = this.store.listPooledGroups();
      for (const id of ids) this.pass(id, pooled.filter((g) => g.standbyPoolId === id));
    });
  }

  private sweep(): void {
    const pooled = this.store.listPooledGroups();
    const ids = new Set([...this.store.pools.list().map((p) => p.id), ...pooled.map((g) => g.standbyPoolId as string)]);
    for (const id of ids) this.pass(id, pooled.filter((g) => g.standbyPoolId === id));
  }

  private pass(poolId: string, pooled: GroupRecord[]): void {
    const pool = this.store.pools.get(poolId);
    const plan = planPool(
      pool?.spec.maxReadyCapacity ?? 0,
      pooled
        .filter((g) => !g.deleteRequested)
        .map((g) => {
          const status = groupStatus(g);
          return { id: g.id, ready: status === "running" && g.observed.healthStatus === "healthy", ended: status === "failed" || status === "succeeded", stale: !pool || !ofProfile(g, pool.spec.profile) };
        }),
    );
    for (const { id, reason } of plan.remove) {
      this.logger.info({ poolId, groupId: id }, `Removing a pooled group: ${reason}`);
      this.groups.deletePooled(id);
    }
    if (!pool) return;
    try {
      for (let i = 0; i < plan.create; i++) this.groups.createPooled(pool.accountId, pool.id, pool.spec.profile);
    } catch (err) {
      // Usually the account's group quota: the pool stays short until a group is deleted or the quota grows.
      this.logger.warn({ poolId, err }, "Failed to add a group to a standby pool");
    }
  }
}
