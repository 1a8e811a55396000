import { expect } from "chai";
import { silentLogger } from "../logger";
import { WorkQueue } from "./work-queue";

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await tick(5);
}

describe("WorkQueue", () => {
  it("runs a key added several times while it waits only once", async () => {
    const runs: string[] = [];
    const q = new WorkQueue(async (key) => (runs.push(key), {}), { concurrency: 1, logger: silentLogger });
    q.add("a", 20);
    q.add("a", 20);
    q.add("a");
    await tick(50);
    expect(runs).to.deep.equal(["a"]);
    await q.stop();
  });

  it("never runs one key twice at once, and runs it again when added while running", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const q = new WorkQueue(
      async () => {
        runs++;
        maxActive = Math.max(maxActive, ++active);
        await tick(20);
        active--;
        return {};
      },
      { concurrency: 4, logger: silentLogger },
    );
    q.add("a");
    await tick(5);
    q.add("a");
    q.add("a");
    await until(() => runs === 2 && active === 0);
    await tick(30);
    expect(maxActive).to.equal(1);
    expect(runs).to.equal(2);
    await q.stop();
  });

  it("retries a failing key with growing delays and honours requeueAfterMs", async () => {
    const times: number[] = [];
    const q = new WorkQueue(
      async () => {
        times.push(Date.now());
        if (times.length < 3) throw new Error("boom");
        return times.length === 3 ? { requeueAfterMs: 30 } : {};
      },
      { concurrency: 1, logger: silentLogger, errorBackoffBaseMs: 20 },
    );
    q.add("a");
    await until(() => times.length === 4);
    await tick(30);
    expect(times).to.have.length(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[0]).to.be.at.least(18);
    expect(gaps[1]).to.be.at.least(38);
    expect(gaps[2]).to.be.at.least(28);
    await q.stop();
  });

  it("interrupts a running pass through its abort signal and runs the key again", async () => {
    const seen: boolean[] = [];
    const q = new WorkQueue(
      (_key, signal) =>
        new Promise((resolve, reject) => {
          if (seen.length > 0) return resolve((seen.push(signal.aborted), {}));
          signal.addEventListener("abort", () => reject((seen.push(true), signal.reason)));
        }),
      { concurrency: 1, logger: silentLogger },
    );
    q.add("a");
    await tick(5);
    q.interrupt("a");
    await until(() => seen.length === 2);
    expect(seen).to.deep.equal([true, false]);
    await q.stop();
  });
});
