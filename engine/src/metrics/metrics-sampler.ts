import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { CounterReading, StatsSource } from "../runtime/stats-source";
import type { MetricHistory } from "./metric-history";
import { type SeriesSample, seriesSamples } from "./series-samples";

export type SampleListener = (sample: SeriesSample, atMs: number) => void;

/**
 * Samples every running container of the engine every `intervalMs`: one container list, one read
 * per container, rates from the previous round. Samples of groups the store no longer has are
 * dropped; the rest go to the history and to live listeners. An idle engine costs one container list per round.
 */
export class MetricsSampler {
  private previous = new Map<string, CounterReading>();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private readonly listeners = new Map<string, Set<SampleListener>>();
  private source?: StatsSource;

  constructor(
    private readonly history: MetricHistory,
    /** The groups that exist (not deleted), asked right before samples are stored. */
    private readonly groupIds: () => string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Samples from `source` every `intervalMs`; 0 turns sampling off (`sample()` still works). */
  start(source: StatsSource, intervalMs: number): void {
    this.source = source;
    if (intervalMs <= 0) return;
    this.logger.info({ intervalMs, source: source.kind }, "Started metrics sampler");
    this.timer = setInterval(() => {
      // A round that takes longer than the interval (a slow daemon) is not stacked with another one.
      if (this.round) return;
      this.round = this.sample()
        .catch((err) => this.logger.warn({ err }, "Failed to sample metrics"))
        .finally(() => (this.round = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a round in flight, so nothing is written after the store closes. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** Calls `listener` with each new sample of the group's series `container` ("" for the group); returns a function that stops it. */
  subscribe(groupId: string, container: string, listener: SampleListener): () => void {
    const key = `${groupId}/${container}`;
    const set = this.listeners.get(key) ?? new Set();
    this.listeners.set(key, set.add(listener));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** One round; the timer calls it, tests may too. */
  async sample(): Promise<void> {
    const source = this.source;
    if (!source) throw new Error("unreachable: the sampler samples once started");
    const atMs = this.clock.now();
    const targets = await source.listRunning();
    const failures: unknown[] = [];
    const readings = await Promise.all(targets.map((t) => source.read(t).catch((err) => void failures.push(err))));
    // One line per round, not per container: a daemon whose files cannot be read would fail them all, every round.
    if (failures.length > 0) this.logger.warn({ err: failures[0], failed: failures.length, of: targets.length }, `Failed to read the stats of ${failures.length} containers`);
    const current = readings.filter((r): r is CounterReading => r !== undefined);
    const samples = seriesSamples(this.previous, current);
    this.previous = new Map(current.map((r) => [r.id, r]));
    // Synchronous from here on: a group deleted meanwhile is either dropped now or had its rows deleted after this write.
    const live = new Set(this.groupIds());
    const kept = samples.filter((s) => live.has(s.groupId));
    this.history.record(atMs, kept);
    for (const sample of kept) {
      for (const listener of this.listeners.get(`${sample.groupId}/${sample.container}`) ?? []) listener(sample, atMs);
    }
  }
}
