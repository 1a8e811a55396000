import { expect } from "chai";
import type { MetricRange } from "@eci/sdk";
import type { MetricStore } from "../store/metric-store";
import { SqliteStore } from "../store/sqlite-store";
import { type Aggregate, type SampleValues, aggregateOf, average, merge } from "./aggregate";
import { MetricHistory } from "./metric-history";
import { LEVELS, MAX_POINTS, RANGE_MS, servingLevel } from "./rollup-plan";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const INTERVAL_MS = 30_000;
const START = Date.UTC(2025, 0, 1, 0, 0, 7_000 / 1000);
const SERIES = { groupId: "cg-synthet1", container: "" };

/** Sample k: integer values, so that sums are exact and the expected averages can be compared with equality. */
function synthetic(k: number): SampleValues {
  return {
    cpuCores: k % 8,
    memoryBytes: 64e6 + (k % 1000) * 4096,
    memoryLimitBytes: 512 * 1024 ** 2,
    networkRxBytesPerSecond: (k * 7) % 100_000,
    networkTxBytesPerSecond: k % 3,
    blockReadBytesPerSecond: (k % 50) * 512,
    blockWriteBytesPerSecond: 0,
  };
}

/** The store, counting the rows every read returns. */
function counting(store: MetricStore): MetricStore & { rowsRead: number } {
  const counted = Object.create(store) as MetricStore & { rowsRead: number };
  counted.rowsRead = 0;
  counted.readSeries = (...args) => {
    const rows = store.readSeries(...args);
    counted.rowsRead += rows.length;
    return rows;
  };
  return counted;
}

describe("MetricHistory over six months of samples", function () {
  this.timeout(300_000);
  let now = START;
  const clock = { now: () => now };
  const sqlite = new SqliteStore(":memory:", clock);
  const store = counting(sqlite.metrics);
  const history = new MetricHistory(store, clock);
  const samples = Math.floor((181 * DAY) / INTERVAL_MS);
  const end = START + (samples - 1) * INTERVAL_MS;
  after(() => sqlite.close());

  before(() => {
    for (let k = 0; k < samples; k++) {
      now = START + k * INTERVAL_MS;
      history.record(now, [{ ...SERIES, values: synthetic(k) }, { ...SERIES, container: "web", values: synthetic(k + 1) }]);
    }
    now = end;
  });

  for (const range of ["6h", "1d", "2w", "1m", "6m"] as MetricRange[]) {
    it(`answers ${range} from roll-ups with the exact min/avg/max of every sample in each bucket`, () => {
      store.rowsRead = 0;
      const answer = history.range(SERIES, range);
      const width = LEVELS[servingLevel(range)].widthMs;
      const firstIncluded = Math.ceil((now - RANGE_MS[range]) / width) * width;
      expect(answer.points.length).to.be.within(RANGE_MS[range] / answer.stepMs - 1, MAX_POINTS + 1);
      expect(answer.points[0].startMs).to.be.at.most(firstIncluded);
      let counted = 0;
      for (const point of answer.points) {
        const expected = expectedBucket(Math.max(point.startMs, firstIncluded), point.startMs + answer.stepMs);
        counted += expected.count;
        expect({ count: point.count, min: point.min, max: point.max, avg: average(point) }, new Date(point.startMs).toISOString()).to.deep.equal({
          count: expected.count,
          min: expected.min,
          max: expected.max,
          avg: average(expected),
        });
      }
      expect(counted, "samples covered").to.equal(Math.floor((now - firstIncluded) / INTERVAL_MS) + 1);
      // Rolled-up rows of the range, plus at most one hour of 5-minute rows, 5 minute rows and a minute of samples.
      expect(store.rowsRead, "rows read").to.be.at.most(RANGE_MS[range] / width + 12 + 5 + MIN / INTERVAL_MS + 3);
    });
  }

  it("keeps each level only as long as its retention", () => {
    const stored = LEVELS.map((l) => store.readLevel(l.widthMs, 0, Number.MAX_SAFE_INTEGER).length / 2);
    const kept = LEVELS.map((l) => l.retentionMs / (l.widthMs || INTERVAL_MS));
    // Up to one bucket of slack at each end: pruning runs once a minute, and the newest buckets are still open.
    for (let i = 0; i < LEVELS.length; i++) expect(stored[i], `level ${LEVELS[i].widthMs}`).to.be.within(kept[i] - 2, kept[i] + MIN / INTERVAL_MS + 2);
  });

  it("keeps the roll-ups across a restart of the engine (a new history on the same store)", () => {
    const again = new MetricHistory(sqlite.metrics, clock);
    expect(again.range(SERIES, "1m")).to.deep.equal(history.range(SERIES, "1m"));
  });

  function expectedBucket(fromMs: number, toMs: number): Aggregate {
    let aggregate: Aggregate | undefined;
    for (let k = Math.ceil((fromMs - START) / INTERVAL_MS); START + k * INTERVAL_MS < toMs && START + k * INTERVAL_MS <= now; k++) {
      const one = aggregateOf(synthetic(k));
      aggregate = aggregate ? merge(aggregate, one) : one;
    }
    if (!aggregate) throw new Error(`no synthetic sample in [${fromMs}, ${toMs})`);
    return aggregate;
  }
});

describe("MetricHistory", () => {
  it("deletes a group's samples and roll-ups when the store marks the group deleted", () => {
    const clock = { now: () => START };
    const sqlite = new SqliteStore(":memory:", clock);
    sqlite.createAccount("acc-1", "one", "hash");
    // A minimal group row: the metrics only need its id.
    sqlite.insertGroup({ id: "cg-1", accountId: "acc-1", spec: { name: "g" } as never, cpu: 1, memory: 1, updateGeneration: 0, observedUpdateGeneration: 0, restartGeneration: 0, observedRestartGeneration: 0, deleteRequested: false, observed: {} as never, assignedIp: null, version: 1, createdAt: "", updatedAt: "" } as never);
    const history = new MetricHistory(sqlite.metrics, clock);
    for (let k = 0; k < 10; k++) history.record(START + k * 30_000, [{ groupId: "cg-1", container: "", values: synthetic(k) }, { groupId: "cg-2", container: "", values: synthetic(k) }]);
    sqlite.markDeleted("cg-1");
    expect(sqlite.metrics.readLevel(0, 0, Number.MAX_SAFE_INTEGER).map((r) => r.groupId)).to.not.include("cg-1");
    expect(sqlite.metrics.readLevel(MIN, 0, Number.MAX_SAFE_INTEGER).map((r) => r.groupId)).to.not.include("cg-1");
    expect(sqlite.metrics.readLevel(0, 0, Number.MAX_SAFE_INTEGER)).to.have.length(10);
    sqlite.close();
  });
});
