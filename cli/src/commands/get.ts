import type { Command } from "commander";
import { clientOf } from "../context";
import { UsageError } from "../errors";
import { KINDS, kindTable, resolveId, splitReference } from "../kinds";
import { parseLabelSelector } from "../option-parsers";
import { type OutputFormat, outputOption, render } from "../output/print";

export function registerGet(program: Command): void {
  program
    .command("get")
    .summary("list the resources of a kind, or show one")
    .description(`List the resources of a kind, or show one by its id or name.\n\nKinds: ${KINDS.map((k) => k.plural).join(", ")}`)
    .argument("<kind>", "a kind (plural, singular or short name such as cg, ic, sg), or KIND/ID")
    .argument("[id]", "the id or name of one resource")
    .addOption(outputOption(["wide", "json", "yaml"]))
    .option("-l, --selector <k=v>", "only groups with this label (repeat, or k=v,k2=v2)", parseLabelSelector)
    .action(async (kindArg: string, idArg: string | undefined, opts: { output?: OutputFormat; selector?: Record<string, string> }, command: Command) => {
      const { kind, ref } = splitReference(kindArg, idArg, "eci get");
      if (opts.selector && !kind.hasLabels) throw new UsageError(`${kind.plural} have no labels: -l filters groups only`, "eci get");
      if (opts.selector && ref) throw new UsageError("Give an id or a label selector, not both", "eci get");
      const eci = clientOf(command);
      if (ref) {
        const resource = await kind.get(eci, await resolveId(eci, kind, ref));
        process.stdout.write(render(opts.output, resource, (wide) => kindTable(kind, [resource], wide)));
        return;
      }
      const list = await kind.list(eci, opts.selector ?? {});
      if (list.items.length === 0 && (opts.output === undefined || opts.output === "wide")) {
        process.stderr.write(`No ${kind.plural} found.\n`);
        return;
      }
      process.stdout.write(render(opts.output, list, (wide) => kindTable(kind, list.items, wide)));
    });
}
