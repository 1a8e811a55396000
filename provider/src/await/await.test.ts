import { expect } from "chai";
import { type Clock, awaitConditions } from "./await";

function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

describe("awaitConditions", () => {
  it("returns the observation once every condition holds, printing progress only when it changes", async () => {
    const states = ["pending", "pending", "running", "running", "ready"];
    const lines: string[] = [];
    const result = await awaitConditions({
      subject: "Thing t1",
      observe: async () => states.shift() as string,
      conditions: [(s) => ({ ok: s !== "pending", description: "running", message: s }), (s) => ({ ok: s === "ready", description: "ready", message: s })],
      timeoutMs: 60_000,
      clock: fakeClock(),
      onProgress: (l) => lines.push(l),
    });
    expect(result).to.equal("ready");
    expect(lines).to.deep.equal(["Thing t1: waiting for running: pending", "Thing t1: waiting for ready: running"]);
  });

  it("says what was awaited, for how long and why when the deadline passes", async () => {
    const clock = fakeClock();
    const wait = awaitConditions({
      subject: "Thing t1",
      observe: async () => "stuck",
      conditions: [(s) => ({ ok: false, description: "healthy", message: `health is ${s}` })],
      timeoutMs: 5_000,
      clock,
      explain: async () => "containers: app waiting (CrashLoopBackOff)",
    });
    const err = await wait.then(() => undefined, (e: Error & { timedOut?: boolean; last?: string }) => e);
    expect(err?.message).to.equal("Thing t1 was not healthy after 5s: health is stuck; containers: app waiting (CrashLoopBackOff)");
    expect(err?.timedOut).to.equal(true);
    expect(err?.last).to.equal("stuck");
    expect(clock.slept.slice(0, 2)).to.deep.equal([100, 100]);
    expect(clock.slept.slice(20, 23)).to.deep.equal([150, 225, 337.5]);
  });

  it("stops at once when a condition is fatal", async () => {
    const err = await awaitConditions({
      subject: "Thing t1",
      observe: async () => "failed",
      conditions: [() => ({ ok: false, fatal: true, description: "running", message: "the group failed: boom" })],
      timeoutMs: 5_000,
      clock: fakeClock(),
    }).catch((e: Error) => e);
    expect((err as Error).message).to.equal("Thing t1 will not become running (after 0ms): the group failed: boom");
  });
});
