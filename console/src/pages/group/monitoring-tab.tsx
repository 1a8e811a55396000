import { useEffect, useMemo, useState } from "react";
import { messageOf } from "../../api/api-error";
import type { ContainerGroup, MetricName, MetricRange, MetricSample, MetricValues } from "../../api/contract";
import { fetchMetrics, followMetrics } from "../../api/groups";
import { MetricChart } from "../../components/metric-chart";
import { Notice } from "../../components/notice";
import { bytes } from "../../format";
import { useSession } from "../../session";
import { usePolled } from "../../use-polled";
import { ContainerPicker, useContainerChoice } from "./container-picker";

type View = "live" | MetricRange;
const VIEWS: Array<{ id: View; label: string }> = [
  { id: "live", label: "Live" },
  { id: "6h", label: "6 hours" },
  { id: "1d", label: "1 day" },
  { id: "2w", label: "2 weeks" },
  { id: "1m", label: "1 month" },
  { id: "6m", label: "6 months" },
];
const GROUP = "__group__";
/** How many live samples the charts keep. */
const LIVE_POINTS = 360;

const perSecond = (v: number) => `${bytes(v)}/s`;
const CHARTS: Array<{ title: string; metrics: Array<[MetricName, string]>; format: (v: number) => string; groupOnly?: boolean; limit?: MetricName }> = [
  { title: "CPU (cores)", metrics: [["cpuCores", "used"]], format: (v) => (v < 0.01 && v > 0 ? v.toFixed(4) : v.toFixed(2)) },
  // The limit is a line far above a small working set: the caption says it instead.
  { title: "Memory", metrics: [["memoryBytes", "working set"]], format: bytes, limit: "memoryLimitBytes" },
  { title: "Network", metrics: [["networkRxBytesPerSecond", "received"], ["networkTxBytesPerSecond", "sent"]], format: perSecond, groupOnly: true },
  { title: "Block I/O", metrics: [["blockReadBytesPerSecond", "read"], ["blockWriteBytesPerSecond", "written"]], format: perSecond },
];

interface Series {
  times: number[];
  values: (metric: MetricName) => Array<number | null>;
  note: string;
}

/** CPU, memory, network and block I/O of the group or one container: live samples, or one of the five ranges. */
export default function MonitoringTab({ group }: { group: ContainerGroup }) {
  const [view, setView] = useState<View>("live");
  const [chosen, choose] = useContainerChoice(group);
  const [scope, setScope] = useState(GROUP);
  const container = scope === GROUP ? null : (chosen ?? null);
  const series = view === "live" ? <LiveCharts id={group.id} container={container} /> : <RangeCharts id={group.id} container={container} range={view} />;
  return (
    <>
      <div className="toolbar">
        <ContainerPicker
          group={group}
          value={scope === GROUP ? GROUP : chosen}
          extra={{ value: GROUP, label: "The whole group" }}
          onChange={(name) => {
            setScope(name);
            if (name !== GROUP) choose(name);
          }}
        />
        <div className="segmented" role="group" aria-label="Time range">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" className="button" aria-pressed={view === v.id} onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
        </div>
      </div>
      {series}
    </>
  );
}

function LiveCharts({ id, container }: { id: string; container: string | null }) {
  const { client } = useSession();
  const [samples, setSamples] = useState<MetricSample[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    setSamples([]);
    setError(undefined);
    followMetrics(client, id, container, (sample) => setSamples((s) => [...s, sample].slice(-LIVE_POINTS)), controller.signal).catch(
      (err) => !controller.signal.aborted && setError(messageOf(err)),
    );
    return () => controller.abort();
  }, [client, id, container]);
  const series = useMemo<Series>(
    () => ({
      times: samples.map((s) => Date.parse(s.time) / 1000),
      values: (metric) => samples.map((s) => s.values[metric] ?? null),
      note: samples.length ? "Each sample as the engine takes it." : "Waiting for the next sample…",
    }),
    [samples],
  );
  return (
    <>
      {error && <Notice>{error}</Notice>}
      <Charts series={series} container={container} />
    </>
  );
}

function RangeCharts({ id, container, range }: { id: string; container: string | null; range: MetricRange }) {
  const metrics = usePolled((client, signal) => fetchMetrics(client, id, range, container, signal), 15_000, [id, range, container]);
  const series = useMemo<Series | undefined>(() => {
    const m = metrics.data;
    if (!m) return undefined;
    const step = m.stepSeconds >= 3600 ? `${m.stepSeconds / 3600} h` : `${m.stepSeconds / 60} min`;
    return {
      times: m.points.map((p) => Date.parse(p.time) / 1000),
      values: (metric) => m.points.map((p) => (p.avg as MetricValues)[metric] ?? null),
      note: m.points.length ? `Averages of ${step} steps, from ${new Date(m.from).toLocaleString()}.` : "No samples in this range yet.",
    };
  }, [metrics.data]);
  return (
    <>
      {metrics.error && <Notice>{messageOf(metrics.error)}</Notice>}
      {series ? <Charts series={series} container={container} /> : <p className="muted">Loading…</p>}
    </>
  );
}

function Charts({ series, container }: { series: Series; container: string | null }) {
  return (
    <>
      <p className="muted">{series.note}</p>
      <div className="charts">
        {CHARTS.filter((c) => !(c.groupOnly && container)).map((c) => (
          <MetricChart
            key={c.title}
            title={c.title}
            times={series.times}
            series={c.metrics.map(([metric, label]) => ({ label, values: series.values(metric) }))}
            format={c.format}
            note={c.limit && limitNote(series.values(c.limit), c.format)}
          />
        ))}
      </div>
    </>
  );
}

function limitNote(values: Array<number | null>, format: (v: number) => string): string | undefined {
  const last = values.findLast((v) => v !== null);
  return last === undefined || last === null ? undefined : `limit ${format(last)}`;
}
