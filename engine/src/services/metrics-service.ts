import { type ContainerGroup, GROUP_ONLY_METRICS, type MetricRange, type MetricSample, type MetricValues, type Metrics } from "@eci/sdk";
import { isoTime } from "../clock";
import { EngineError } from "../errors";
import { type SampleValues, average } from "../metrics/aggregate";
import type { MetricHistory } from "../metrics/metric-history";
import type { SampleListener } from "../metrics/metrics-sampler";

export interface MetricsQuery {
  range: MetricRange;
  /** A container of the group; the group as a whole when absent. */
  container?: string;
}

/**
 * A group's metrics for its account (SPEC §2 Monitoring): ranges from the stored history, and new
 * samples as they are taken. Another account's group and an unknown container are `not_found`.
 */
export class MetricsService {
  constructor(
    private readonly groups: { get(accountId: string, id: string): ContainerGroup },
    private readonly history: MetricHistory,
    private readonly live: { subscribe(groupId: string, container: string, listener: SampleListener): () => void },
  ) {}

  range(accountId: string, id: string, query: MetricsQuery): Metrics {
    const container = this.series(accountId, id, query.container);
    const answer = this.history.range({ groupId: id, container }, query.range);
    return {
      groupId: id,
      container: container || null,
      range: query.range,
      from: isoTime(answer.fromMs),
      to: isoTime(answer.toMs),
      stepSeconds: answer.stepMs / 1000,
      points: answer.points.map((p) => ({
        time: isoTime(p.startMs),
        samples: p.count,
        min: apiValues(p.min, container),
        avg: apiValues(average(p), container),
        max: apiValues(p.max, container),
      })),
    };
  }

  /** Calls `onSample` with every new sample of the series; returns the function that stops it. */
  follow(accountId: string, id: string, containerName: string | undefined, onSample: (sample: MetricSample) => void): () => void {
    const container = this.series(accountId, id, containerName);
    return this.live.subscribe(id, container, (sample, atMs) => onSample({ time: isoTime(atMs), container: container || null, values: apiValues(sample.values, container) }));
  }

  /** The series key of the group's `container` ("" for the group), once the account may see it. */
  private series(accountId: string, id: string, container: string | undefined): string {
    const group = this.groups.get(accountId, id);
    if (container !== undefined && !group.containers.some((c) => c.name === container)) throw EngineError.notFound("Container", `${container} of group ${id}`);
    return container ?? "";
  }
}

/** A container's values leave out what only its group has (network: the containers share one namespace). */
function apiValues(values: SampleValues, container: string): MetricValues {
  if (!container) return { ...values };
  const out: MetricValues = { ...values };
  for (const name of GROUP_ONLY_METRICS) delete out[name];
  return out;
}
