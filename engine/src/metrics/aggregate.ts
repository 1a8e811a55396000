import { METRIC_NAMES, type MetricName } from "@eci/sdk";

/** Every metric of one sample; 0 where a metric does not apply (a container's network: the group has it). */
export type SampleValues = Record<MetricName, number>;

/** What a bucket keeps so that two buckets merge exactly: how many samples, and per metric their min, max and sum. */
export interface Aggregate {
  count: number;
  min: SampleValues;
  max: SampleValues;
  sum: SampleValues;
}

/** A series: a group as a whole (`container` empty) or one of its containers. */
export interface SeriesKey {
  groupId: string;
  container: string;
}

/**
 * One stored row: a bucket of a series at one level. `level` is the bucket width in ms, 0 for a raw
 * sample (then `startMs` is the sample's time and `count` is 1).
 */
export interface MetricRow extends SeriesKey, Aggregate {
  level: number;
  startMs: number;
}

/** The start of the bucket of width `widthMs` that holds `t`; buckets are aligned on the epoch, so every width nests in its multiples. */
export function bucketStart(t: number, widthMs: number): number {
  return widthMs === 0 ? t : Math.floor(t / widthMs) * widthMs;
}

export function aggregateOf(values: SampleValues): Aggregate {
  return { count: 1, min: { ...values }, max: { ...values }, sum: { ...values } };
}

export function merge(a: Aggregate, b: Aggregate): Aggregate {
  const min = {} as SampleValues;
  const max = {} as SampleValues;
  const sum = {} as SampleValues;
  for (const name of METRIC_NAMES) {
    min[name] = Math.min(a.min[name], b.min[name]);
    max[name] = Math.max(a.max[name], b.max[name]);
    sum[name] = a.sum[name] + b.sum[name];
  }
  return { count: a.count + b.count, min, max, sum };
}

export function average(a: Aggregate): SampleValues {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, a.sum[name] / a.count])) as SampleValues;
}

/** Rows (of any finer levels) merged into buckets of `widthMs`, per series, oldest first; the results are rows of level `widthMs`. */
export function rollUp(rows: readonly MetricRow[], widthMs: number): MetricRow[] {
  const buckets = new Map<string, MetricRow>();
  for (const row of rows) {
    const startMs = bucketStart(row.startMs, widthMs);
    const key = `${row.groupId}\u0000${row.container}\u0000${startMs}`;
    const current = buckets.get(key);
    const merged = current ? merge(current, row) : { count: row.count, min: row.min, max: row.max, sum: row.sum };
    buckets.set(key, { groupId: row.groupId, container: row.container, level: widthMs, startMs, ...merged });
  }
  return [...buckets.values()].sort((a, b) => a.startMs - b.startMs);
}
