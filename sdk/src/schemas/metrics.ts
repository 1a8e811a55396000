import { z } from "zod";
import { TimestampSchema } from "./common";

/** How far back a metrics answer reaches: 6 hours, 1 day, 2 weeks, 1 month (30 days), 6 months (180 days). */
export const MetricRangeSchema = z.enum(["6h", "1d", "2w", "1m", "6m"]);
export type MetricRange = z.infer<typeof MetricRangeSchema>;

/**
 * One sample of a group or of one of its containers. Rates are per second over the time since the
 * previous sample. Network is the group's only: its containers share one network namespace.
 */
export const MetricValuesSchema = z.object({
  cpuCores: z.number().nonnegative().describe("CPU used, in cores: 0.25 is a quarter of one core busy."),
  memoryBytes: z.number().nonnegative().describe("Memory working set in bytes: usage without the page cache the kernel can drop (as `kubectl top` shows)."),
  memoryLimitBytes: z.number().nonnegative().describe("The memory limit that applies, in bytes: the container's own or its group's, whichever is lower."),
  networkRxBytesPerSecond: z.number().nonnegative().optional().describe("Bytes received per second by the group's network namespace (group only)."),
  networkTxBytesPerSecond: z.number().nonnegative().optional().describe("Bytes sent per second by the group's network namespace (group only)."),
  blockReadBytesPerSecond: z.number().nonnegative().describe("Bytes read from block devices per second."),
  blockWriteBytesPerSecond: z.number().nonnegative().describe("Bytes written to block devices per second (cgroup v1 attributes only direct writes, not page-cache write-back)."),
});
export type MetricValues = z.infer<typeof MetricValuesSchema>;
export type MetricName = keyof MetricValues;
export const METRIC_NAMES = MetricValuesSchema.keyof().options;
/** Metrics that only the group as a whole has. */
export const GROUP_ONLY_METRICS: readonly MetricName[] = ["networkRxBytesPerSecond", "networkTxBytesPerSecond"];

/** One bucket of a range answer: the minimum, average and maximum of each metric over the samples in it. */
export const MetricPointSchema = z.object({
  time: TimestampSchema.describe("Start of the bucket; it lasts `stepSeconds`."),
  samples: z.number().int().positive().describe("How many samples the bucket holds."),
  min: MetricValuesSchema,
  avg: MetricValuesSchema,
  max: MetricValuesSchema,
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;

/** `GET /v1/container-groups/{id}/metrics?range=…[&container=…]`: at most about 1,000 points, oldest first; buckets without samples are left out. */
export const MetricsSchema = z.object({
  groupId: z.string(),
  /** The container the series is of; null for the group as a whole. */
  container: z.string().nullable(),
  range: MetricRangeSchema,
  from: TimestampSchema,
  to: TimestampSchema,
  stepSeconds: z.number().positive(),
  points: z.array(MetricPointSchema),
});
export type Metrics = z.infer<typeof MetricsSchema>;

/** One event of the live stream (`&follow=true`, server-sent events named `sample`). */
export const MetricSampleSchema = z.object({
  time: TimestampSchema,
  container: z.string().nullable(),
  values: MetricValuesSchema,
});
export type MetricSample = z.infer<typeof MetricSampleSchema>;
