import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { waitFor } from "./wait-for";

const run = promisify(execFile);
const START_SCRIPT = path.resolve(__dirname, "../../scripts/start-dockerd.sh");
const PID_FILE = "/var/run/docker.pid";
/** Where scripts/start-dockerd.sh writes the daemon's log. */
const LOG_FILE = process.env.DOCKERD_LOG ?? "/var/log/dockerd.log";

/** Whether this test may stop and start the machine's Docker daemon: a local daemon that scripts/start-dockerd.sh can start again. */
export function canRestartDockerd(): boolean {
  const host = process.env.DOCKER_HOST;
  return (host === undefined || host === "unix:///var/run/docker.sock") && existsSync(PID_FILE) && process.getuid?.() === 0;
}

function dockerdPid(): number {
  return Number(readFileSync(PID_FILE, "utf8").trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The last `lines` of the daemon's log, or why there is none. */
export function dockerdLogTail(lines: number): string {
  try {
    return readFileSync(LOG_FILE, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch (err) {
    return `(no log at ${LOG_FILE}: ${(err as Error).message})`;
  }
}

/** Starts the daemon as the machine's own script does (a no-op when it answers). */
export async function startDockerd(): Promise<void> {
  await run("sh", [START_SCRIPT], { timeout: 60_000 });
}

/**
 * Stops the Docker daemon with `signal`, runs `whileDown`, then starts the daemon again, always, even
 * when stopping or `whileDown` fails.
 */
export async function withDockerdStopped<T>(signal: "SIGTERM" | "SIGKILL", whileDown: () => Promise<T>): Promise<T> {
  try {
    const pid = dockerdPid();
    process.kill(pid, signal);
    await waitFor(`dockerd (pid ${pid}) to exit after ${signal}`, () => (alive(pid) ? undefined : true), { timeoutMs: 60_000, intervalMs: 100 });
    return await whileDown();
  } finally {
    await startDockerd();
  }
}
