import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

const COLORS = ["#1456c8", "#d97706", "#059669", "#9333ea"];

/**
 * A time series chart (uPlot, canvas). Its caption says the latest values and how many points it
 * draws, in words, for whoever does not see the canvas.
 */
export function MetricChart({ title, times, series, format, note }: { title: string; times: number[]; series: ChartSeries[]; format: (value: number) => string; note?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join("|");
  const formatRef = useRef(format);
  formatRef.current = format;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const value = (_: uPlot, v: number | null) => (v === null || v === undefined ? "—" : formatRef.current(v));
    const u = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height: 180,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, min, max) => [0, Math.max(max, min, 0) * 1.1 || 1] } },
        axes: [{}, { size: 70, values: (_u, splits) => splits.map((v) => formatRef.current(v)) }],
        series: [{}, ...labels.split("|").map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 2, value, points: { show: true, size: 4 } }))],
      },
      [[], ...labels.split("|").map(() => [])] as uPlot.AlignedData,
      el,
    );
    plot.current = u;
    const observer = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height: 180 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [labels]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [times, series]);

  const latest = series.map((s) => `${s.label} ${lastValue(s.values, format)}`).join(", ");
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted">
          {times.length === 0 ? "no points yet" : `${latest}${note ? `, ${note}` : ""} · ${times.length} ${times.length === 1 ? "point" : "points"}`}
        </span>
      </figcaption>
      <div ref={host} className="chart-canvas" />
    </figure>
  );
}

function lastValue(values: Array<number | null>, format: (v: number) => string): string {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return format(values[i] as number);
  return "—";
}
