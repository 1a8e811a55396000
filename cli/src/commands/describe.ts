import type { Command } from "commander";
import { clientOf } from "../context";
import { UsageError } from "../errors";
import { groupKind, resolveId, splitReference } from "../kinds";
import { stdoutColors } from "../output/colors";
import { describeGroupText } from "../output/group-description";

export function registerDescribe(program: Command): void {
  program
    .command("describe")
    .summary("show a group in detail: spec, status, containers, events")
    .description("Show a group in detail: its spec, status and reason, each container's state, reason, exit code and restarts, and its latest events.")
    .argument("<kind>", "group (or cg), or group/ID")
    .argument("[id]", "the group's id or name")
    .action(async (kindArg: string, idArg: string | undefined, _opts: unknown, command: Command) => {
      const { kind, ref } = splitReference(kindArg, idArg, "eci describe");
      if (kind !== groupKind) throw new UsageError(`describe shows groups; for ${kind.plural} use: eci get ${kind.plural} ID -o yaml`, "eci describe");
      if (!ref) throw new UsageError("Name the group: eci describe group ID", "eci describe");
      const eci = clientOf(command);
      const id = await resolveId(eci, kind, ref);
      const [group, events] = await Promise.all([eci.containerGroups.get(id), eci.containerGroups.events(id)]);
      process.stdout.write(describeGroupText(group, events, Date.now(), stdoutColors));
    });
}
