import { type Command, Option } from "commander";
import { awaitVerdict, orGone } from "../await/await-verdict";
import { WAIT_TARGETS, type WaitTarget, judgeGroup } from "../await/group-conditions";
import { clientOf } from "../context";
import { resolveGroupId } from "../kinds";
import { DEFAULT_WAIT_MS, parseDurationFlag } from "../option-parsers";
import { stderrColors } from "../output/colors";

export function registerWait(program: Command): void {
  program
    .command("wait")
    .summary("wait until a group is running, healthy or deleted")
    .description(
      "Wait until a group is running, healthy or deleted. Progress goes to stderr as it changes; the result to stdout. Exits 1 at the timeout, saying what it saw last, or at once when the group can no longer get there (it failed, or is being deleted).",
    )
    .argument("<id>", "the group's id, group/ID or name")
    .addOption(new Option("--for <condition>", "what to wait for").choices(WAIT_TARGETS).makeOptionMandatory())
    .option("--timeout <duration>", "how long to wait (such as 30s, 5m)", parseDurationFlag, DEFAULT_WAIT_MS)
    .action(async (arg: string, opts: { for: WaitTarget; timeout: number }, command: Command) => {
      const eci = clientOf(command);
      const id = await resolveGroupId(eci, arg, "eci wait");
      const said = await awaitVerdict({
        subject: `group/${id}`,
        target: opts.for,
        fetch: () => orGone(eci.containerGroups.get(id)),
        judge: (g) => judgeGroup(opts.for, g),
        timeoutMs: opts.timeout,
        onProgress: (line) => process.stderr.write(`${stderrColors.dim(line)}\n`),
      });
      process.stdout.write(`group/${id} ${said}\n`);
    });
}
