import { expect } from "chai";
import { type Clock, poll } from "./poll";

function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

describe("poll", () => {
  it("observes until an observation settles it, sleeping the interval in between", async () => {
    const seen = ["a", "b", "c"];
    const clock = fakeClock();
    const result = await poll({ observe: async () => seen.shift() as string, settle: (s) => (s === "c" ? `got ${s}` : undefined), intervalMs: 500, clock });
    expect(result).to.deep.equal({ settled: true, value: "got c" });
    expect(clock.slept).to.deep.equal([500, 500]);
  });

  it("takes a last look at the deadline and answers the last observation", async () => {
    const clock = fakeClock();
    let n = 0;
    const result = await poll({ observe: async () => ++n, settle: () => undefined, intervalMs: 400, timeoutMs: 1000, clock });
    expect(result).to.deep.equal({ settled: false, reason: "timeout", last: 4 });
    expect(clock.slept).to.deep.equal([400, 400, 200]);
  });

  it("stops when the signal aborts, with no deadline needed", async () => {
    const controller = new AbortController();
    let n = 0;
    const result = await poll({
      observe: async () => ++n,
      settle: (v) => (v === 3 ? (controller.abort(), undefined) : undefined),
      intervalMs: 10,
      signal: controller.signal,
      clock: fakeClock(),
    });
    expect(result).to.deep.equal({ settled: false, reason: "aborted", last: 3 });
  });
});
