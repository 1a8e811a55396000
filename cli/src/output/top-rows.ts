import type { ContainerGroup, MetricPoint, Metrics } from "@eci/sdk";
import { bytes, millicores } from "./units";

const NOT_SAMPLED = ["-", "-", "-"];

/**
 * The rows of `eci top`: each container's latest minute of samples, then the group's. A running
 * container without a sample yet (started since the engine last sampled) shows `-`, so that a
 * re-created container does not vanish from the table; one that is not running and has none (a
 * finished init container) is left out, as `kubectl top` leaves out what it has no metrics for.
 */
export function topRows(containers: ContainerGroup["containers"], perContainer: Metrics[], total: Metrics): string[][] | undefined {
  const last = (series: Metrics) => series.points[series.points.length - 1];
  const groupPoint = last(total);
  if (!groupPoint) return undefined;
  const rows = containers.flatMap((c, i) => {
    const point = last(perContainer[i]);
    if (point) return [[c.name, ...values(point)]];
    return c.state === "running" ? [[c.name, ...NOT_SAMPLED]] : [];
  });
  return [...rows, ["(group)", ...values(groupPoint)]];
}

function values(point: MetricPoint): string[] {
  return [millicores(point.avg.cpuCores), bytes(point.avg.memoryBytes), bytes(point.avg.memoryLimitBytes)];
}
