import type { Command } from "commander";
import type { ExecResult, ExecSession } from "@eci/sdk";
import { clientOf } from "../context";
import { CliError, UsageError } from "../errors";
import { shellCommand } from "../shell-command";
import { resolveGroupId } from "../kinds";
import { enterRawMode, onResize } from "../terminal";

export function registerExec(program: Command): void {
  program
    .command("exec")
    .summary("run sh, or a command under sh -c, in a running container")
    .description(
      "Run a command in a running container and exit with its exit code. The engine runs only sh: -it opens an interactive sh in a terminal; words after -- run as sh -c (one word is a shell command line, several are quoted one by one).",
    )
    .argument("<id>", "the group's id, group/ID or name")
    .argument("<container>", "the container")
    .argument("[command...]", "after --: what to run under sh -c")
    .option("-i, --stdin", "pass stdin to the command")
    .option("-t, --tty", "run in a terminal: raw keys, window size, one output stream")
    .action(async (arg: string, container: string, words: string[], opts: { stdin?: boolean; tty?: boolean }, command: Command) => {
      const line = shellCommand(words);
      if (line === undefined && !opts.stdin && !opts.tty) {
        throw new UsageError("Say what to run: eci exec ID CONTAINER -- COMMAND, or eci exec -it ID CONTAINER for an interactive sh", "eci exec");
      }
      let tty = opts.tty === true;
      if (tty && opts.stdin && !process.stdin.isTTY) {
        process.stderr.write("Unable to use a TTY: stdin is not a terminal; running without one\n");
        tty = false;
      }
      const eci = clientOf(command);
      const id = await resolveGroupId(eci, arg, "eci exec");
      const session = await eci.containerGroups.exec(id, container, { command: line, tty });
      const { exitCode, status } = await attach(session, { tty, stdin: opts.stdin === true });
      if (exitCode === null) throw new CliError(`The command in ${container} did not end by exiting: ${status?.message ?? "the engine closed the connection"}`);
      process.exitCode = exitCode;
    });
}

/** Joins the local terminal to the session until it ends: output to stdout and stderr, stdin (with -i) and window sizes (with -t) to it. */
async function attach(session: ExecSession, options: { tty: boolean; stdin: boolean }): Promise<ExecResult> {
  session.stdout.pipe(process.stdout, { end: false });
  session.stderr.pipe(process.stderr, { end: false });
  const undo: Array<() => void> = [];
  if (options.tty && options.stdin) undo.push(enterRawMode());
  if (options.tty && process.stdout.isTTY) undo.push(onResize(process.stdout, (cols, rows) => session.resize(cols, rows)));
  if (options.stdin) {
    const forward = (data: Buffer) => session.write(data);
    const end = () => session.end();
    process.stdin.on("data", forward).once("end", end);
    undo.push(() => {
      process.stdin.off("data", forward).off("end", end);
      process.stdin.pause();
    });
  } else {
    session.end();
  }
  try {
    const result = await session.exit;
    await Promise.all([finished(session.stdout), finished(session.stderr)]);
    return result;
  } finally {
    for (const step of undo.reverse()) step();
  }
}

function finished(stream: NodeJS.ReadableStream & { readableEnded?: boolean }): Promise<void> {
  return stream.readableEnded ? Promise.resolve() : new Promise((resolve) => stream.once("end", resolve));
}
