import { expect } from "chai";
import type { CounterReading } from "../runtime/stats-source";
import { seriesSamples } from "./series-samples";

const GiB = 1024 ** 3;
const reading = (id: string, role: CounterReading["role"], name: string, atMs: number, counters: Partial<CounterReading> = {}): CounterReading => ({
  id,
  groupId: "cg-1",
  role,
  name,
  atMs,
  cpuNs: 0,
  memoryBytes: 0,
  memoryLimitBytes: GiB,
  rxBytes: 0,
  txBytes: 0,
  readBytes: 0,
  writeBytes: 0,
  ...counters,
});
const byId = (readings: CounterReading[]) => new Map(readings.map((r) => [r.id, r]));

describe("seriesSamples", () => {
  const before = [
    reading("s", "infra", "", 0, { rxBytes: 1000, txBytes: 0, memoryLimitBytes: GiB / 2 }),
    reading("a", "work", "web", 0, { cpuNs: 1e9, readBytes: 0 }),
    reading("b", "work", "side", 0, { cpuNs: 0 }),
  ];
  const after = [
    reading("s", "infra", "", 2000, { rxBytes: 21_000, txBytes: 4000, memoryLimitBytes: GiB / 2, cpuNs: 5e9 }),
    reading("a", "work", "web", 2000, { cpuNs: 1.5e9, memoryBytes: 64e6, readBytes: 8000, memoryLimitBytes: GiB / 4 }),
    reading("b", "work", "side", 2000, { cpuNs: 1e9, memoryBytes: 1e6, writeBytes: 2000 }),
  ];

  it("gives each container its CPU in cores, memory and block I/O per second over the time between readings", () => {
    const web = seriesSamples(byId(before), after).find((s) => s.container === "web");
    expect(web?.values).to.deep.equal({
      cpuCores: 0.25,
      memoryBytes: 64e6,
      memoryLimitBytes: GiB / 4,
      networkRxBytesPerSecond: 0,
      networkTxBytesPerSecond: 0,
      blockReadBytesPerSecond: 4000,
      blockWriteBytesPerSecond: 0,
    });
  });

  it("sums the containers for the group, and takes its network and memory limit from the sandbox, not its CPU", () => {
    const group = seriesSamples(byId(before), after).find((s) => s.container === "");
    expect(group?.values).to.deep.equal({
      cpuCores: 0.75,
      memoryBytes: 65e6,
      memoryLimitBytes: GiB / 2,
      networkRxBytesPerSecond: 10_000,
      networkTxBytesPerSecond: 2000,
      blockReadBytesPerSecond: 4000,
      blockWriteBytesPerSecond: 1000,
    });
  });

  it("has no sample for a container read for the first time, nor for one whose counters went back (re-created)", () => {
    const samples = seriesSamples(byId([before[0], before[1], reading("b", "work", "side", 0, { cpuNs: 9e9 })]), [...after, reading("c", "init", "setup", 2000)]);
    expect(samples.map((s) => s.container).sort()).to.deep.equal(["", "web"]);
    expect(samples.find((s) => s.container === "")?.values.cpuCores).to.equal(0.25);
  });

  it("has no group sample until its sandbox has one", () => {
    expect(seriesSamples(byId(before.slice(1)), after).map((s) => s.container)).to.deep.equal(["web", "side"]);
  });

  it("has none when the clock did not move forward", () => {
    expect(seriesSamples(byId(after), after)).to.deep.equal([]);
  });
});
