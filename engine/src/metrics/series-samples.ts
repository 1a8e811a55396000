import type { CounterReading } from "../runtime/stats-source";
import type { SampleValues, SeriesKey } from "./aggregate";

export interface SeriesSample extends SeriesKey {
  values: SampleValues;
}

/**
 * One round of samples from two rounds of counter readings: rates over the time between a container's
 * two readings, gauges as read now. A container read for the first time, or whose counters went back
 * (it was re-created), has no sample this round. Per container (the sandbox aside), and per group:
 * the sum of its containers, the group's memory limit and network from the sandbox, which holds the
 * group's size and owns its network namespace. A group gets a sample once its sandbox has one.
 */
export function seriesSamples(previous: ReadonlyMap<string, CounterReading>, current: readonly CounterReading[]): SeriesSample[] {
  const samples: SeriesSample[] = [];
  const groups = new Map<string, { sandbox?: SampleValues; members: SampleValues[] }>();
  for (const reading of current) {
    const values = sampleValues(previous.get(reading.id), reading);
    if (!values) continue;
    const group = groups.get(reading.groupId) ?? { members: [] };
    groups.set(reading.groupId, group);
    if (reading.role === "infra") {
      group.sandbox = values;
    } else {
      group.members.push(values);
      samples.push({ groupId: reading.groupId, container: reading.name, values: { ...values, networkRxBytesPerSecond: 0, networkTxBytesPerSecond: 0 } });
    }
  }
  for (const [groupId, { sandbox, members }] of groups) {
    if (!sandbox) continue;
    const sum = (name: keyof SampleValues) => members.reduce((total, m) => total + m[name], 0);
    samples.push({
      groupId,
      container: "",
      values: {
        cpuCores: sum("cpuCores"),
        memoryBytes: sum("memoryBytes"),
        memoryLimitBytes: sandbox.memoryLimitBytes,
        networkRxBytesPerSecond: sandbox.networkRxBytesPerSecond,
        networkTxBytesPerSecond: sandbox.networkTxBytesPerSecond,
        blockReadBytesPerSecond: sum("blockReadBytesPerSecond"),
        blockWriteBytesPerSecond: sum("blockWriteBytesPerSecond"),
      },
    });
  }
  return samples;
}

function sampleValues(before: CounterReading | undefined, now: CounterReading): SampleValues | undefined {
  if (!before) return undefined;
  const seconds = (now.atMs - before.atMs) / 1000;
  const counters = ["cpuNs", "rxBytes", "txBytes", "readBytes", "writeBytes"] as const;
  if (seconds <= 0 || counters.some((c) => now[c] < before[c])) return undefined;
  const rate = (c: (typeof counters)[number]) => (now[c] - before[c]) / seconds;
  return {
    cpuCores: rate("cpuNs") / 1e9,
    memoryBytes: now.memoryBytes,
    memoryLimitBytes: now.memoryLimitBytes,
    networkRxBytesPerSecond: rate("rxBytes"),
    networkTxBytesPerSecond: rate("txBytes"),
    blockReadBytesPerSecond: rate("readBytes"),
    blockWriteBytesPerSecond: rate("writeBytes"),
  };
}
