import type { Command } from "commander";
import type { ContainerGroupSpecInput } from "@eci/sdk";
import { planApply } from "../apply-plan";
import { clientOf } from "../context";
import { readSpecFile } from "../spec-file";

export function registerApply(program: Command): void {
  program
    .command("apply")
    .summary("create a group from a spec file, or update the group with its name")
    .description(
      "Create a container group from a YAML or JSON spec, or update online the group with the same name: only the containers whose spec changed restart, and a change of name, description or labels restarts nothing. The spec is checked before any request; the update is refused if the group changed since it was read.",
    )
    .requiredOption("-f, --filename <file>", "the spec, YAML or JSON; - reads stdin")
    .action(async (opts: { filename: string }, command: Command) => {
      const { input, spec } = readSpecFile(opts.filename);
      const eci = clientOf(command);
      const sameName = (await eci.containerGroups.list()).items.filter((g) => g.name === spec.name);
      const plan = planApply(spec, sameName);
      if (plan.action === "create") {
        const group = await eci.containerGroups.create(input as ContainerGroupSpecInput);
        process.stdout.write(`group/${group.id} created\n`);
      } else if (plan.action === "update") {
        await eci.containerGroups.update(plan.id, input as ContainerGroupSpecInput, { ifMatch: plan.version });
        process.stdout.write(`group/${plan.id} configured\n`);
      } else {
        process.stdout.write(`group/${plan.id} unchanged\n`);
      }
    });
}
