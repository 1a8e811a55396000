import type { MetricRange } from "@eci/sdk";
import type { Clock } from "../clock";
import type { MetricStore } from "../store/metric-store";
import { type MetricRow, type SeriesKey, aggregateOf, rollUp } from "./aggregate";
import { LEVELS, type Watermarks, initialWatermarks, planRange, pruneCutoffs, rollUpWindow } from "./rollup-plan";
import type { SeriesSample } from "./series-samples";

export interface RangeAnswer {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** Buckets of `stepMs` with samples, oldest first. */
  points: MetricRow[];
}

/**
 * The stored history of every series: takes each round of samples, rolls up the buckets that have
 * ended, prunes what is past its retention, and answers ranges from the roll-ups. The decisions are
 * the pure ones of `rollup-plan.ts`; this applies them to the store.
 */
export class MetricHistory {
  private watermarks: Watermarks;

  constructor(
    private readonly store: MetricStore,
    private readonly clock: Clock,
  ) {
    this.watermarks = store.watermarks();
  }

  /** Stores a round of samples taken at `atMs` (a round may be empty: roll-ups and pruning still move on). */
  record(atMs: number, samples: readonly SeriesSample[]): void {
    const initial = Object.keys(this.watermarks).length === 0;
    if (initial) this.watermarks = initialWatermarks(atMs);
    if (samples.length > 0 || initial) {
      this.store.write(
        samples.map((s) => ({ groupId: s.groupId, container: s.container, level: 0, startMs: atMs, ...aggregateOf(s.values) })),
        initial ? this.watermarks : undefined,
      );
    }
    let rolled = false;
    for (let i = 1; i < LEVELS.length; i++) {
      const window = rollUpWindow(i, this.watermarks, atMs);
      if (!window) continue;
      const rows = rollUp(this.store.readLevel(LEVELS[i - 1].widthMs, window.fromMs, window.toMs), LEVELS[i].widthMs);
      this.watermarks = { ...this.watermarks, [LEVELS[i].widthMs]: window.toMs };
      this.store.write(rows, { [LEVELS[i].widthMs]: window.toMs });
      rolled = true;
    }
    // Retention is counted in minutes at least, so pruning once a minute (when a minute has rolled up) is enough.
    if (rolled) for (const cut of pruneCutoffs(atMs, this.watermarks)) this.store.prune(cut.level, cut.beforeMs);
  }

  range(series: SeriesKey, range: MetricRange): RangeAnswer {
    const nowMs = this.clock.now();
    const plan = planRange(range, nowMs, this.watermarks);
    const rows = plan.reads.flatMap((read) => this.store.readSeries(series, read.level, read.fromMs, read.toMs));
    return { fromMs: plan.fromMs, toMs: nowMs, stepMs: plan.stepMs, points: rollUp(rows, plan.stepMs) };
  }
}
