import type { Command } from "commander";
import type { MetricPoint } from "@eci/sdk";
import { clientOf } from "../context";
import { CliError } from "../errors";
import { resolveGroupId } from "../kinds";
import { renderTable } from "../output/table";
import { bytes, millicores } from "../output/units";

/** A row of `eci top`: the latest bucket of one series (a container, or the group as a whole). */
function row(name: string, point: MetricPoint): string[] {
  return [name, millicores(point.avg.cpuCores), bytes(point.avg.memoryBytes), bytes(point.avg.memoryLimitBytes)];
}

export function registerTop(program: Command): void {
  program
    .command("top")
    .summary("show the CPU and memory a group's containers use now")
    .description("Show the CPU (in millicores) and memory (working set) each container of a group uses, from the latest minute of samples, and the group's total.")
    .argument("<id>", "the group's id, group/ID or name")
    .action(async (arg: string, _opts: unknown, command: Command) => {
      const eci = clientOf(command);
      const id = await resolveGroupId(eci, arg, "eci top");
      const group = await eci.containerGroups.get(id);
      const [total, ...perContainer] = await Promise.all([
        eci.containerGroups.metrics(id),
        ...group.containers.map((c) => eci.containerGroups.metrics(id, { container: c.name })),
      ]);
      const rows = perContainer.flatMap((series) => (series.points.length > 0 ? [row(series.container ?? "", series.points[series.points.length - 1])] : []));
      const last = total.points[total.points.length - 1];
      if (!last || rows.length === 0) throw new CliError(`No metrics for group/${id} yet: the engine samples running containers every 10 s (ECI_METRICS_INTERVAL_MS)`);
      rows.push(row("(group)", last));
      process.stdout.write(renderTable(["CONTAINER", "CPU(cores)", "MEMORY(bytes)", "MEMORY LIMIT"], rows));
    });
}
