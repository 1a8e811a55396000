import type { Clock } from "../clock";
import { type RateLimit, type TokenBucket, isFull, take } from "./token-bucket";

/**
 * One token bucket per key (SPEC §7 "Rate limits"). Buckets live in memory only: after a restart every
 * key starts with a full burst, which is what a key idle for a few seconds would have anyway.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  /** How long an emptied bucket takes to fill up again: after that, an idle key's bucket is full. */
  private readonly refillMs: number;
  private sweptAtMs: number;

  constructor(
    readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    this.refillMs = (limit.burst / limit.requestsPerSecond) * 1000;
    this.sweptAtMs = clock.now();
  }

  /** Spends one of `key`'s tokens: undefined when the request may go on, else the milliseconds until it could. */
  take(key: string): number | undefined {
    const nowMs = this.clock.now();
    this.forgetFullBuckets(nowMs);
    const result = take(this.buckets.get(key), nowMs, this.limit);
    this.buckets.set(key, result.bucket);
    return result.allowed ? undefined : result.retryAfterMs;
  }

  /** How many keys have a bucket in memory. */
  get size(): number {
    return this.buckets.size;
  }

  // Once per refill time, drop the buckets that are full again: memory then holds only the keys used
  // within about two refill times, however many keys come and go, and there is no timer to stop.
  private forgetFullBuckets(nowMs: number): void {
    if (nowMs - this.sweptAtMs < this.refillMs) return;
    this.sweptAtMs = nowMs;
    for (const [key, bucket] of this.buckets) if (isFull(bucket, nowMs, this.limit)) this.buckets.delete(key);
  }
}
