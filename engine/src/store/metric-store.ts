import type { MetricRow, SeriesKey } from "../metrics/aggregate";
import type { Watermarks } from "../metrics/rollup-plan";

/**
 * Raw samples and roll-ups, all as bucket rows (`MetricRow`). What to merge and when is decided in
 * `metrics/`; this stores and reads. A group's rows are deleted when the store marks the group deleted.
 */
export interface MetricStore {
  /** Writes rows (replacing any of the same series, level and start) and, in the same transaction, watermarks. */
  write(rows: readonly MetricRow[], watermarks?: Watermarks): void;
  /** Rows of one series at one level that start in [fromMs, toMs), oldest first. */
  readSeries(series: SeriesKey, level: number, fromMs: number, toMs: number): MetricRow[];
  /** Rows of every series at one level that start in [fromMs, toMs): what a roll-up merges. */
  readLevel(level: number, fromMs: number, toMs: number): MetricRow[];
  watermarks(): Watermarks;
  /** Deletes the rows of `level` that start before `beforeMs`. */
  prune(level: number, beforeMs: number): void;
}
