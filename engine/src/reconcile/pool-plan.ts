/** A pooled group as the pool's planner sees it. */
export interface PooledGroup {
  id: string;
  /** Running and healthy: a claim can take it. */
  ready: boolean;
  /** Failed or succeeded: it will never be ready. */
  ended: boolean;
  /** Created from an earlier profile of the pool. */
  stale: boolean;
}

export interface PoolPlan {
  /** How many groups of the profile to create. */
  create: number;
  /** The pooled groups to delete, each with why. */
  remove: Array<{ id: string; reason: string }>;
}

/**
 * What keeps a pool at `capacity` groups of its profile (SPEC §8): ended groups and those of an earlier
 * profile (a drain) are replaced, extra ones removed (those
 * still starting first, so the ready ones stay), missing ones created. `capacity` is 0 for a pool that
 * is deleted, so all of its groups go.
 */
export function planPool(capacity: number, pooled: readonly PooledGroup[]): PoolPlan {
  const remove = pooled.filter((g) => g.ended || g.stale).map((g) => ({ id: g.id, reason: g.stale ? "the pool's profile changed" : "it ended and will never be ready" }));
  const alive = pooled.filter((g) => !g.ended && !g.stale).sort((a, b) => Number(b.ready) - Number(a.ready));
  for (const g of alive.slice(capacity)) remove.push({ id: g.id, reason: "the pool holds more groups than its maxReadyCapacity" });
  return { create: Math.max(0, capacity - alive.length), remove };
}
