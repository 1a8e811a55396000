import type { Command } from "commander";
import { clientOf } from "../context";
import { UsageError } from "../errors";
import { groupKind, resolveId, splitReference, standbyPoolKind } from "../kinds";
import { stdoutColors } from "../output/colors";
import { describeGroupText } from "../output/group-description";
import { describePoolText } from "../output/pool-description";

export function registerDescribe(program: Command): void {
  program
    .command("describe")
    .summary("show a group or a standby pool in detail")
    .description(
      "Show a group in detail: its spec, status and reason, each container's state, reason, exit code and restarts, and its latest events. Or a standby pool: its capacity, status and profile.",
    )
    .argument("<kind>", "group (or cg), standby-pool (or pool, sp), or KIND/ID")
    .argument("[id]", "the id or name")
    .action(async (kindArg: string, idArg: string | undefined, _opts: unknown, command: Command) => {
      const { kind, ref } = splitReference(kindArg, idArg, "eci describe");
      if (kind !== groupKind && kind !== standbyPoolKind) {
        throw new UsageError(`describe shows groups and standby pools; for ${kind.plural} use: eci get ${kind.plural} ID -o yaml`, "eci describe");
      }
      if (!ref) throw new UsageError(`Name the ${kind.singular}: eci describe ${kind.singular} ID`, "eci describe");
      const eci = clientOf(command);
      const id = await resolveId(eci, kind, ref);
      if (kind === standbyPoolKind) return void process.stdout.write(describePoolText(await eci.standbyPools.get(id), Date.now()));
      const [group, events] = await Promise.all([eci.containerGroups.get(id), eci.containerGroups.events(id)]);
      process.stdout.write(describeGroupText(group, events, Date.now(), stdoutColors));
    });
}
