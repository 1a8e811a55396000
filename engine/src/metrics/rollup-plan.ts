import type { MetricRange } from "@eci/sdk";
import { bucketStart } from "./aggregate";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * What is stored, finest first (SPEC §2): raw samples for 6 hours, then 1-minute, 5-minute and 1-hour
 * buckets, each kept longer. A level's `widthMs` is its bucket width (0 for raw samples) and names it.
 */
export const LEVELS = [
  { widthMs: 0, retentionMs: 6 * HOUR },
  { widthMs: MINUTE, retentionMs: DAY },
  { widthMs: 5 * MINUTE, retentionMs: 14 * DAY },
  { widthMs: HOUR, retentionMs: 180 * DAY },
] as const;

export const RANGE_MS: Record<MetricRange, number> = { "6h": 6 * HOUR, "1d": DAY, "2w": 14 * DAY, "1m": 30 * DAY, "6m": 180 * DAY };

/** A range answer has at most about this many points (one more when the range starts inside a bucket). */
export const MAX_POINTS = 1000;

/**
 * Per rolled-up level (by width), the time before which its buckets are complete and stored: rows of
 * the finer level before it have been merged in. Kept in the store, so a restart resumes where it was.
 */
export type Watermarks = Record<number, number>;

/** Where roll-ups start on a store that has none: at the bucket holding the first sample. */
export function initialWatermarks(nowMs: number): Watermarks {
  return Object.fromEntries(LEVELS.slice(1).map((l) => [l.widthMs, bucketStart(nowMs, l.widthMs)]));
}

/**
 * The buckets of level `index` (≥ 1) that can be rolled up now, as the span [fromMs, toMs) of rows of
 * the level below to merge: those of buckets that have ended, and whose source rows are complete.
 */
export function rollUpWindow(index: number, watermarks: Watermarks, nowMs: number): { fromMs: number; toMs: number } | undefined {
  const level = LEVELS[index];
  const fromMs = watermarks[level.widthMs];
  const sourceComplete = index === 1 ? nowMs : watermarks[LEVELS[index - 1].widthMs];
  if (fromMs === undefined || sourceComplete === undefined) return undefined;
  const toMs = bucketStart(Math.min(nowMs, sourceComplete), level.widthMs);
  return toMs > fromMs ? { fromMs, toMs } : undefined;
}

/**
 * Per level, the start time before which its rows are deleted: past their retention, and never rows
 * that the next level has not absorbed yet.
 */
export function pruneCutoffs(nowMs: number, watermarks: Watermarks): Array<{ level: number; beforeMs: number }> {
  return LEVELS.flatMap((level, i) => {
    const next = LEVELS[i + 1];
    const absorbed = next ? watermarks[next.widthMs] : Infinity;
    if (absorbed === undefined) return [];
    return [{ level: level.widthMs, beforeMs: Math.min(nowMs - level.retentionMs, absorbed) }];
  });
}

/** The index in `LEVELS` of the finest rolled-up level kept at least as long as the range. */
export function servingLevel(range: MetricRange): number {
  return LEVELS.findIndex((l, i) => i > 0 && l.retentionMs >= RANGE_MS[range]);
}

export interface RangePlan {
  fromMs: number;
  stepMs: number;
  /** Which rows to read, level by level; the spans are disjoint and together reach from `fromMs` to now. */
  reads: Array<{ level: number; fromMs: number; toMs: number }>;
}

/**
 * How to answer a range: from the finest rolled-up level kept that long, in steps of a multiple of its
 * width so that there are at most `MAX_POINTS`; the buckets not rolled up yet come from the finer levels
 * (at most one bucket of each), so raw samples are read only for the last minute or so.
 */
export function planRange(range: MetricRange, nowMs: number, watermarks: Watermarks): RangePlan {
  const spanMs = RANGE_MS[range];
  const index = servingLevel(range);
  const width = LEVELS[index].widthMs;
  const stepMs = width * Math.max(1, Math.ceil(spanMs / width / MAX_POINTS));
  const fromMs = nowMs - spanMs;
  const reads: RangePlan["reads"] = [];
  let lower = fromMs;
  for (let i = index; i >= 1; i--) {
    const upper = watermarks[LEVELS[i].widthMs] ?? lower;
    if (upper > lower) reads.push({ level: LEVELS[i].widthMs, fromMs: lower, toMs: upper });
    lower = Math.max(lower, upper);
  }
  reads.push({ level: 0, fromMs: lower, toMs: nowMs + 1 });
  return { fromMs, stepMs, reads };
}
