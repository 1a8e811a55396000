import type { Command } from "commander";
import { clientOf } from "../context";
import { resolveGroupId } from "../kinds";

export function registerRestart(program: Command): void {
  program
    .command("restart")
    .summary("restart every container of a group, keeping its IP and volumes")
    .argument("<id>", "the group's id, group/ID or name")
    .action(async (arg: string, _opts: unknown, command: Command) => {
      const eci = clientOf(command);
      const id = await resolveGroupId(eci, arg, "eci restart");
      await eci.containerGroups.restart(id);
      process.stdout.write(`group/${id} restarting\n`);
    });
}
