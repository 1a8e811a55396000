import { Command, CommanderError, Option } from "commander";
import { registerApply } from "./commands/apply";
import { registerBilling } from "./commands/billing";
import { registerDelete } from "./commands/delete";
import { registerDescribe } from "./commands/describe";
import { registerEvents } from "./commands/events";
import { registerExec } from "./commands/exec";
import { registerGet } from "./commands/get";
import { registerKeys } from "./commands/keys";
import { registerLogin } from "./commands/login";
import { registerLogs } from "./commands/logs";
import { registerQuotas } from "./commands/quotas";
import { registerRestart } from "./commands/restart";
import { registerTop } from "./commands/top";
import { registerWait } from "./commands/wait";
import { keySource } from "./context";
import { EXIT } from "./errors";
import { stderrColors } from "./output/colors";
import { errorReport } from "./output/error-report";

/** The `eci` program: global options and every command (SPEC §9). */
export function buildProgram(): Command {
  const program = new Command("eci")
    .description("Run and inspect container groups on an ECI engine, with kubectl's habits.")
    .addOption(new Option("--endpoint <url>", "the engine's URL (default: ECI_ENDPOINT, the config file, http://127.0.0.1:7400)"))
    .addOption(new Option("--access-key <key>", "the access key (default: ECI_ACCESS_KEY, the config file, the engine's key file)"))
    .addOption(new Option("--ca-file <file>", "the CA certificate of an https engine (default: ECI_CA_FILE, the config file)"))
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(stderrColors.red(text)) });
  for (const register of [
    registerGet,
    registerDescribe,
    registerApply,
    registerDelete,
    registerRestart,
    registerWait,
    registerLogs,
    registerEvents,
    registerExec,
    registerTop,
    registerBilling,
    registerQuotas,
    registerKeys,
    registerLogin,
  ]) {
    register(program);
  }
  return program;
}

/**
 * Runs `eci` with `argv` (without node and the script) and answers the exit code: 0 ok, 1 failed (an
 * API error, a failed wait), 2 usage (unknown command, flag or kind, a bad flag value). Errors go to
 * stderr as the engine's message and code, never as a stack trace.
 */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    const report = errorReport(err, keySource());
    // Commander has already printed its own usage errors.
    if (!(err instanceof CommanderError) && report.lines.length > 0) {
      const [first, ...rest] = report.lines;
      process.stderr.write(`${stderrColors.red("error:")} ${first}\n${rest.map((l) => `${l}\n`).join("")}`);
    }
    return report.exitCode;
  }
}

/** The bin's entry: runs and exits with the code once output is flushed. */
export function main(argv: string[]): void {
  void run(argv).then((code) => {
    process.exitCode = code;
  });
}
