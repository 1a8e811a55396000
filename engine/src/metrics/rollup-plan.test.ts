import { expect } from "chai";
import type { MetricRange } from "@eci/sdk";
import { type MetricRow, type SampleValues, aggregateOf, average, bucketStart, merge, rollUp } from "./aggregate";
import { MAX_POINTS, RANGE_MS, initialWatermarks, planRange, pruneCutoffs, rollUpWindow } from "./rollup-plan";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = Date.UTC(2025, 0, 1); // on every bucket boundary

const values = (cpuCores: number, memoryBytes = 0): SampleValues => ({
  cpuCores,
  memoryBytes,
  memoryLimitBytes: 100,
  networkRxBytesPerSecond: 0,
  networkTxBytesPerSecond: 0,
  blockReadBytesPerSecond: 0,
  blockWriteBytesPerSecond: 0,
});
const raw = (startMs: number, v: SampleValues, container = ""): MetricRow => ({ groupId: "cg-1", container, level: 0, startMs, ...aggregateOf(v) });

describe("bucketStart", () => {
  const cases: Array<[string, number, number, number]> = [
    ["keeps a raw sample as a bucket of its own", T + 1234, 0, T + 1234],
    ["starts a minute bucket on the minute", T + 59_999, MIN, T],
    ["starts a new bucket with the next minute", T + 60_000, MIN, T + MIN],
    ["nests minute buckets in five-minute buckets", T + 7 * MIN + 5, 5 * MIN, T + 5 * MIN],
    ["aligns hour buckets on the hour", T + 119 * MIN, HOUR, T + HOUR],
  ];
  for (const [name, t, width, expected] of cases) it(name, () => expect(bucketStart(t, width)).to.equal(expected));
});

describe("merge", () => {
  it("keeps count, min, max and sum so that the average of merged buckets is exact", () => {
    const a = merge(aggregateOf(values(1, 10)), aggregateOf(values(3, 30)));
    const b = merge(aggregateOf(values(2, 50)), merge(aggregateOf(values(0, 5)), aggregateOf(values(4, 5))));
    const both = merge(a, b);
    expect(both.count).to.equal(5);
    expect(both.min.cpuCores).to.equal(0);
    expect(both.max.cpuCores).to.equal(4);
    expect(average(both).cpuCores).to.equal(2);
    expect(average(both).memoryBytes).to.equal(20);
    expect(merge(b, a)).to.deep.equal(both);
  });

  it("rolls rows up per series and bucket, oldest first", () => {
    const rows = [raw(T + MIN + 1, values(4)), raw(T + 10, values(1)), raw(T + 20, values(3)), raw(T + 30, values(7), "web")];
    const up = rollUp(rows, MIN);
    expect(up.map((r) => [r.container, r.startMs, r.count, r.level])).to.deep.equal([
      ["", T, 2, MIN],
      ["web", T, 1, MIN],
      ["", T + MIN, 1, MIN],
    ]);
    expect(average(up[0]).cpuCores).to.equal(2);
  });
});

describe("which level and step serve a range", () => {
  const cases: Array<[MetricRange, number, number]> = [
    // range, level read, step
    ["6h", MIN, MIN],
    ["1d", MIN, 2 * MIN],
    ["2w", 5 * MIN, 25 * MIN],
    ["1m", HOUR, HOUR],
    ["6m", HOUR, 5 * HOUR],
  ];
  const now = T + 200 * DAY + 17 * MIN + 5_000;
  // Every level rolled up to its last boundary before now.
  const watermarks = { [MIN]: bucketStart(now, MIN), [5 * MIN]: bucketStart(now, 5 * MIN), [HOUR]: bucketStart(now, HOUR) };
  for (const [range, level, step] of cases) {
    it(`serves ${range} from ${level / MIN}-minute buckets in steps of ${step / MIN} min, at most ${MAX_POINTS} points`, () => {
      const plan = planRange(range, now, watermarks);
      expect(plan.stepMs).to.equal(step);
      expect(plan.reads[0].level).to.equal(level);
      expect(Math.ceil(RANGE_MS[range] / plan.stepMs)).to.be.at.most(MAX_POINTS);
    });
  }

  it("reads the not-yet-rolled-up end from the finer levels, in disjoint spans that reach now", () => {
    const plan = planRange("6m", now, watermarks);
    expect(plan.reads).to.deep.equal([
      { level: HOUR, fromMs: now - 180 * DAY, toMs: watermarks[HOUR] },
      { level: 5 * MIN, fromMs: watermarks[HOUR], toMs: watermarks[5 * MIN] },
      { level: MIN, fromMs: watermarks[5 * MIN], toMs: watermarks[MIN] },
      { level: 0, fromMs: watermarks[MIN], toMs: now + 1 },
    ]);
  });

  it("reads only raw samples on a store with nothing rolled up yet", () => {
    expect(planRange("6h", T + 30_000, {}).reads).to.deep.equal([{ level: 0, fromMs: T + 30_000 - 6 * HOUR, toMs: T + 30_001 }]);
  });
});

describe("rollUpWindow", () => {
  const cases: Array<[string, number, Record<number, number>, number, { fromMs: number; toMs: number } | undefined]> = [
    ["rolls up nothing while the first minute lasts", 1, { [MIN]: T }, T + 59_999, undefined],
    ["rolls up the minute that ended", 1, { [MIN]: T }, T + MIN, { fromMs: T, toMs: T + MIN }],
    ["rolls up every minute missed while the engine was down", 1, { [MIN]: T }, T + 3 * MIN + 1, { fromMs: T, toMs: T + 3 * MIN }],
    ["waits for five minutes' minutes to be rolled up", 2, { [MIN]: T + 4 * MIN, [5 * MIN]: T }, T + 6 * MIN, undefined],
    ["rolls up five minutes once their minutes are", 2, { [MIN]: T + 6 * MIN, [5 * MIN]: T }, T + 6 * MIN, { fromMs: T, toMs: T + 5 * MIN }],
    ["rolls up an hour from its five-minute buckets", 3, { [5 * MIN]: T + HOUR, [HOUR]: T }, T + HOUR + 1, { fromMs: T, toMs: T + HOUR }],
  ];
  for (const [name, index, watermarks, now, expected] of cases) it(name, () => expect(rollUpWindow(index, watermarks, now)).to.deep.equal(expected));

  it("starts a fresh store at the bucket holding the first sample", () => {
    expect(initialWatermarks(T + 90 * MIN + 5)).to.deep.equal({ [MIN]: T + 90 * MIN, [5 * MIN]: T + 90 * MIN, [HOUR]: T + HOUR });
  });
});

describe("pruneCutoffs", () => {
  it("keeps raw samples 6 h, minutes 1 day, five minutes 2 weeks and hours 6 months", () => {
    const now = T + 300 * DAY;
    const wm = { [MIN]: now, [5 * MIN]: now, [HOUR]: now };
    expect(pruneCutoffs(now, wm)).to.deep.equal([
      { level: 0, beforeMs: now - 6 * HOUR },
      { level: MIN, beforeMs: now - DAY },
      { level: 5 * MIN, beforeMs: now - 14 * DAY },
      { level: HOUR, beforeMs: now - 180 * DAY },
    ]);
  });

  it("never deletes rows that the next level has not absorbed yet", () => {
    const now = T + 300 * DAY;
    const behind = now - 30 * DAY; // e.g. the engine was down for a month and is catching up
    const cuts = pruneCutoffs(now, { [MIN]: behind, [5 * MIN]: behind, [HOUR]: behind });
    expect(cuts.map((c) => c.beforeMs)).to.deep.equal([behind, behind, behind, now - 180 * DAY]);
  });

  it("prunes nothing but the last level on a store that has never rolled up", () => {
    expect(pruneCutoffs(T, {})).to.deep.equal([{ level: HOUR, beforeMs: T - 180 * DAY }]);
  });
});
