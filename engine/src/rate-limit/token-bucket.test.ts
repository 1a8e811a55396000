import { expect } from "chai";
import { type RateLimit, type TokenBucket, isFull, take } from "./token-bucket";

const LIMIT: RateLimit = { requestsPerSecond: 20, burst: 100 };
const T0 = 1_000_000;

describe("token bucket", () => {
  const rows: Array<{ case: string; bucket: TokenBucket | undefined; nowMs: number; allowed: boolean; tokensAfter: number; retryAfterMs?: number }> = [
    { case: "a new key starts with a full burst", bucket: undefined, nowMs: T0, allowed: true, tokensAfter: 99 },
    { case: "the last token of a burst is let through", bucket: { tokens: 1, atMs: T0 }, nowMs: T0, allowed: true, tokensAfter: 0 },
    { case: "an empty bucket refuses, naming the time to the next token", bucket: { tokens: 0, atMs: T0 }, nowMs: T0, allowed: false, tokensAfter: 0, retryAfterMs: 50 },
    { case: "part of a token shortens the wait", bucket: { tokens: 0.5, atMs: T0 }, nowMs: T0, allowed: false, tokensAfter: 0.5, retryAfterMs: 25 },
    { case: "a token comes back every 1/rate seconds", bucket: { tokens: 0, atMs: T0 }, nowMs: T0 + 50, allowed: true, tokensAfter: 0 },
    { case: "refilling stops at the burst", bucket: { tokens: 0, atMs: T0 }, nowMs: T0 + 60_000, allowed: true, tokensAfter: 99 },
    { case: "a clock that went back refills nothing", bucket: { tokens: 0, atMs: T0 }, nowMs: T0 - 10_000, allowed: false, tokensAfter: 0, retryAfterMs: 50 },
  ];
  for (const row of rows) {
    it(`${row.case}`, () => {
      const result = take(row.bucket, row.nowMs, LIMIT);
      expect(result.allowed).to.equal(row.allowed);
      expect(result.bucket.tokens).to.be.closeTo(row.tokensAfter, 1e-9);
      expect(result.allowed ? undefined : result.retryAfterMs).to.equal(row.retryAfterMs);
    });
  }

  it("lets a burst through at once, then the rate", () => {
    let bucket: TokenBucket | undefined;
    const allowedAt = (nowMs: number) => {
      const result = take(bucket, nowMs, LIMIT);
      bucket = result.bucket;
      return result.allowed;
    };
    expect(Array.from({ length: 101 }, () => allowedAt(T0)).filter(Boolean)).to.have.length(100);
    // One second later: 20 more, not 100.
    expect(Array.from({ length: 30 }, () => allowedAt(T0 + 1_000)).filter(Boolean)).to.have.length(20);
  });

  it("counts a bucket as full once it has refilled to the burst", () => {
    const emptied = { tokens: 0, atMs: T0 };
    expect(isFull(emptied, T0 + 4_999, LIMIT)).to.equal(false);
    expect(isFull(emptied, T0 + 5_000, LIMIT)).to.equal(true);
  });
});
