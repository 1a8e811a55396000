import type { Command } from "commander";
import type { ContainerGroup } from "@eci/sdk";
import { awaitVerdict, gone, orGone } from "../await/await-verdict";
import { judgeGroup } from "../await/group-conditions";
import { clientOf } from "../context";
import { UsageError } from "../errors";
import { groupKind, resolveId, splitReference } from "../kinds";
import { DEFAULT_WAIT_MS, parseDurationFlag } from "../option-parsers";
import { stderrColors } from "../output/colors";

export function registerDelete(program: Command): void {
  program
    .command("delete")
    .summary("delete a resource")
    .description("Delete a resource. Groups and image caches are deleted in the background (their containers stop first); --wait waits until they are gone.")
    .argument("<kind>", "a kind (see eci get --help), or KIND/ID")
    .argument("[id]", "the resource's id or name")
    .option("--wait", "wait until the resource is gone")
    .option("--timeout <duration>", "how long --wait waits (such as 30s, 5m)", parseDurationFlag, DEFAULT_WAIT_MS)
    .action(async (kindArg: string, idArg: string | undefined, opts: { wait?: boolean; timeout: number }, command: Command) => {
      const { kind, ref } = splitReference(kindArg, idArg, "eci delete");
      if (!ref) throw new UsageError(`Name the ${kind.singular} to delete: eci delete ${kind.singular} ID`, "eci delete");
      const eci = clientOf(command);
      const id = await resolveId(eci, kind, ref);
      const subject = `${kind.singular}/${id}`;
      const inBackground = await kind.delete(eci, id);
      if (!inBackground) return void process.stdout.write(`${subject} deleted\n`);
      if (!opts.wait) return void process.stdout.write(`${subject} deleting\n`);
      const said = await awaitVerdict({
        subject,
        target: "deleted",
        fetch: () => orGone(kind.get(eci, id)),
        judge: kind === groupKind ? (g) => judgeGroup("deleted", g as ContainerGroup | null) : gone,
        timeoutMs: opts.timeout,
        onProgress: (line) => process.stderr.write(`${stderrColors.dim(line)}\n`),
      });
      process.stdout.write(`${subject} ${said}\n`);
    });
}
