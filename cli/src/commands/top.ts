import type { Command } from "commander";
import { clientOf } from "../context";
import { CliError } from "../errors";
import { resolveGroupId } from "../kinds";
import { renderTable } from "../output/table";
import { topRows } from "../output/top-rows";

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
      const rows = topRows(group.containers, perContainer, total);
      if (!rows) throw new CliError(`No metrics for group/${id} yet: the engine samples running containers every 10 s (ECI_METRICS_INTERVAL_MS)`);
      process.stdout.write(renderTable(["CONTAINER", "CPU(cores)", "MEMORY(bytes)", "MEMORY LIMIT"], rows));
    });
}
