import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { waitFor } from "../helpers/wait-for";

/** The built `eci` (`npx tsc -b` makes cli/dist), run as a user runs it. */
export const ECI_BIN = path.resolve(__dirname, "../../cli/bin/eci.js");

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `eci`: what it printed so far, and ways to wait for output and stop it. */
export class RunningEci {
  stdout = "";
  stderr = "";
  readonly finished: Promise<Finished>;

  constructor(readonly proc: ChildProcess) {
    proc.stdout?.on("data", (d: Buffer) => (this.stdout += d.toString("utf8")));
    proc.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    this.finished = new Promise((resolve) => proc.once("close", (code) => resolve({ code, stdout: this.stdout, stderr: this.stderr })));
  }

  /** Waits until stdout has a line matching `pattern`, and answers it. */
  line(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    return waitFor(`eci to print a line matching ${pattern}`, () => this.stdout.split(/\r?\n/).find((l) => pattern.test(l)), {
      timeoutMs,
      last: () => ({ stdout: this.stdout, stderr: this.stderr }),
    });
  }

  /** Sends Ctrl-C's signal and answers how it ended. */
  interrupt(): Promise<Finished> {
    this.proc.kill("SIGINT");
    return this.finished;
  }
}

/** This process's environment without any ECI_ setting or config home of the machine's, plus `env`: a run sees only what the test gives it. */
export function eciEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ECI_") && k !== "XDG_CONFIG_HOME" && k !== "NO_COLOR"));
  return { ...clean, ...env };
}

/** Every `eci` started by a test, so none outlives it. */
const started: RunningEci[] = [];

/** Runs `eci` with `env` (the endpoint and key, an empty config home: see `eciEnv`); `input` is written to its stdin and then closed. */
export function startEci(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): RunningEci {
  const proc = spawn(process.execPath, [ECI_BIN, ...args], { env: eciEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  if (input !== undefined) proc.stdin?.end(input);
  const running = new RunningEci(proc);
  started.push(running);
  return running;
}

export function runEci(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<Finished> {
  return startEci(args, env, input ?? "").finished;
}

/** Kills whatever a test left running. */
export function killStartedEci(): void {
  for (const each of started.splice(0)) if (each.proc.exitCode === null && each.proc.signalCode === null) each.proc.kill("SIGKILL");
}
