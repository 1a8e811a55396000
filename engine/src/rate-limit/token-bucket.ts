/** What one access key may do (SPEC §7): `requestsPerSecond` on average, up to `burst` at once. */
export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
}

/** A bucket as it stood at `atMs`: how many requests it could still let through at once. */
export interface TokenBucket {
  tokens: number;
  atMs: number;
}

export type TakeResult = { allowed: true; bucket: TokenBucket } | { allowed: false; bucket: TokenBucket; retryAfterMs: number };

/**
 * The bucket at `nowMs`: refilled at `requestsPerSecond`, never above `burst`. A key not seen yet
 * starts full; a clock that went back refills nothing rather than taking tokens away.
 */
export function refill(bucket: TokenBucket | undefined, nowMs: number, limit: RateLimit): TokenBucket {
  if (!bucket) return { tokens: limit.burst, atMs: nowMs };
  const elapsedMs = Math.max(0, nowMs - bucket.atMs);
  return { tokens: Math.min(limit.burst, bucket.tokens + (elapsedMs * limit.requestsPerSecond) / 1000), atMs: Math.max(nowMs, bucket.atMs) };
}

/**
 * Spends one token for a request at `nowMs`, or says how long until one is there. A refused request
 * spends nothing, so a client that keeps retrying is not locked out for longer than the wait it was told.
 */
export function take(bucket: TokenBucket | undefined, nowMs: number, limit: RateLimit): TakeResult {
  const current = refill(bucket, nowMs, limit);
  if (current.tokens >= 1) return { allowed: true, bucket: { ...current, tokens: current.tokens - 1 } };
  return { allowed: false, bucket: current, retryAfterMs: Math.ceil(((1 - current.tokens) * 1000) / limit.requestsPerSecond) };
}

/** A full bucket is the same as no bucket at all, so it can be forgotten. */
export function isFull(bucket: TokenBucket, nowMs: number, limit: RateLimit): boolean {
  return refill(bucket, nowMs, limit).tokens >= limit.burst;
}
