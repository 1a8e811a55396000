import { expect } from "chai";
import { RateLimiter } from "./rate-limiter";

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("RateLimiter", () => {
  it("keeps one bucket per key", () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 2 }, manualClock());
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).to.deep.equal([undefined, undefined, 1_000]);
    expect(limiter.take("b")).to.equal(undefined);
  });

  it("lets a refused key through again after the wait it was told", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 4, burst: 1 }, clock);
    limiter.take("a");
    const waitMs = limiter.take("a") as number;
    expect(waitMs).to.equal(250);
    clock.advance(waitMs);
    expect(limiter.take("a")).to.equal(undefined);
  });

  it("forgets the buckets of keys that have been idle long enough to be full again", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 100 }, clock);
    for (let i = 0; i < 1_000; i++) limiter.take(`key-${i}`);
    expect(limiter.size).to.equal(1_000);
    clock.advance(5_000);
    limiter.take("busy");
    expect(limiter.size).to.equal(1);
  });

  it("keeps the bucket of a key that is still short of tokens", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 100 }, clock);
    limiter.take("idle");
    clock.advance(4_000);
    for (let i = 0; i < 100; i++) limiter.take("busy");
    clock.advance(1_000);
    limiter.take("other");
    expect(limiter.size).to.equal(2);
    expect(limiter.take("busy")).to.equal(undefined);
    expect(Array.from({ length: 20 }, () => limiter.take("busy")).filter((w) => w !== undefined)).to.have.length(1);
  });
});
