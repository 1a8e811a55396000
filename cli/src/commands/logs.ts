import type { Readable } from "node:stream";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import type { EciClient } from "@eci/sdk";
import { clientOf } from "../context";
import { parseDuration } from "@eci/sdk";
import { CliError } from "../errors";
import { resolveGroupId } from "../kinds";
import { parseCountFlag } from "../option-parsers";
import { untilInterrupted } from "../until-interrupted";

/** `--since`: a duration back from now (`10m`) or an RFC 3339 time, as unix seconds or the time itself for the engine. */
export function parseSince(value: string, now = Date.now()): number | string {
  const ms = parseDuration(value);
  if (ms !== undefined) return Math.floor((now - ms) / 1000);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw new InvalidArgumentError(`"${value}" is neither a duration such as 10m nor an RFC 3339 time such as 2026-03-10T12:00:00Z`);
}

/** The container a command names, or the group's only work container when it names none (as kubectl picks a pod's only container). */
async function containerOf(eci: EciClient, id: string, name: string | undefined): Promise<string> {
  if (name) return name;
  const work = (await eci.containerGroups.get(id)).containers.filter((c) => c.type === "work").map((c) => c.name);
  if (work.length === 1) return work[0];
  throw new CliError(`group/${id} has ${work.length} work containers: name one of ${work.join(", ")}`);
}

export function registerLogs(program: Command): void {
  program
    .command("logs")
    .summary("print a container's output; -f follows it")
    .description("Print a container's output (stdout and stderr). With -f, keep printing what it writes until Ctrl-C or until the container stops.")
    .argument("<id>", "the group's id, group/ID or name")
    .argument("[container]", "the container (optional when the group has one work container)")
    .option("-f, --follow", "keep printing new output until interrupted")
    .option("--tail <lines>", "only the last lines", parseCountFlag)
    .option("--since <duration|time>", "only output since then: a duration back from now (10m) or an RFC 3339 time", (v) => parseSince(v))
    .option("--timestamps", "put each line's time before it")
    .action(async (arg: string, name: string | undefined, opts: { follow?: boolean; tail?: number; since?: number | string; timestamps?: boolean }, command: Command) => {
      const eci = clientOf(command);
      const id = await resolveGroupId(eci, arg, "eci logs");
      const container = await containerOf(eci, id, name);
      const options = { tail: opts.tail, since: opts.since, timestamps: opts.timestamps };
      if (!opts.follow) return void process.stdout.write(await eci.containerGroups.logs(id, container, options));
      const stream = await eci.containerGroups.followLogs(id, container, options);
      await untilInterrupted((signal) => pipeUntilEnd(stream, signal));
    });
}

/** Copies the followed output to stdout until it ends (the container stopped) or `signal` aborts (Ctrl-C), which ends it quietly. */
function pipeUntilEnd(stream: Readable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => (stream.destroy(), resolve());
    signal.addEventListener("abort", stop, { once: true });
    stream.on("data", (chunk: Buffer) => process.stdout.write(chunk));
    stream.on("end", resolve);
    stream.on("error", (err) => (signal.aborted ? resolve() : reject(new CliError(`The log stream broke: ${err.message}`))));
  });
}
