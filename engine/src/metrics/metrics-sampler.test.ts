import { expect } from "chai";
import { silentLogger } from "../logger";
import type { CounterReading, StatsSource, StatsTarget } from "../runtime/stats-source";
import { SqliteStore } from "../store/sqlite-store";
import { MetricHistory } from "./metric-history";
import { MetricsSampler } from "./metrics-sampler";

/** Containers whose CPU counter grows by a quarter of a core per second of the fake clock. */
class FakeSource implements StatsSource {
  readonly kind = "cgroup";
  constructor(
    readonly targets: StatsTarget[],
    private readonly clock: { now(): number },
  ) {}
  async listRunning(): Promise<StatsTarget[]> {
    return this.targets;
  }
  async read(target: StatsTarget): Promise<CounterReading | undefined> {
    const t = this.clock.now();
    return { ...target, atMs: t, cpuNs: t * 0.25e6, memoryBytes: 64e6, memoryLimitBytes: 256e6, rxBytes: t * 10, txBytes: 0, readBytes: 0, writeBytes: 0 };
  }
}

describe("MetricsSampler", () => {
  const start = Date.UTC(2025, 0, 1);
  let now = start;
  const clock = { now: () => now };
  const targets = ["cg-a", "cg-b"].flatMap((groupId) => [
    { id: `${groupId}-s`, groupId, role: "infra" as const, name: "" },
    { id: `${groupId}-w`, groupId, role: "work" as const, name: "web" },
  ]);
  let store: SqliteStore;
  let history: MetricHistory;
  let groups: string[];
  let sampler: MetricsSampler;

  beforeEach(() => {
    now = start;
    store = new SqliteStore(":memory:", clock);
    history = new MetricHistory(store.metrics, clock);
    groups = ["cg-a", "cg-b"];
    sampler = new MetricsSampler(history, () => groups, clock, silentLogger);
    sampler.start(new FakeSource(targets, clock), 0);
  });
  afterEach(() => store.close());

  it("stores a sample per container and per group from the second round on", async () => {
    await sampler.sample();
    expect(history.range({ groupId: "cg-a", container: "" }, "6h").points).to.deep.equal([]);
    now += 10_000;
    await sampler.sample();
    const [point] = history.range({ groupId: "cg-a", container: "" }, "6h").points;
    expect(point.count).to.equal(1);
    expect(point.max.cpuCores).to.equal(0.25);
    expect(point.max.networkRxBytesPerSecond).to.equal(10_000);
    expect(history.range({ groupId: "cg-a", container: "web" }, "6h").points[0].max.memoryBytes).to.equal(64e6);
  });

  it("drops the samples of a group the store no longer has", async () => {
    await sampler.sample();
    groups = ["cg-a"];
    now += 10_000;
    await sampler.sample();
    expect(history.range({ groupId: "cg-b", container: "" }, "6h").points).to.deep.equal([]);
    expect(history.range({ groupId: "cg-a", container: "" }, "6h").points).to.have.length(1);
  });

  it("hands each new sample of a series to its listeners until they unsubscribe", async () => {
    const seen: Array<[string, number]> = [];
    const stop = sampler.subscribe("cg-a", "web", (s, atMs) => seen.push([s.container, atMs]));
    await sampler.sample();
    now += 10_000;
    await sampler.sample();
    stop();
    now += 10_000;
    await sampler.sample();
    expect(seen).to.deep.equal([["web", start + 10_000]]);
  });
});
