import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { Api, TEST_TUNING } from "./test-engine";
import { waitFor } from "./wait-for";

const BIN = path.resolve(__dirname, "../../engine/bin/eci-engine.js");

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The engine as a user runs it: the `eci-engine` bin (built) in its own process. With `output`, what it
 * writes to stdout (its log) and stderr is collected there instead of being shown.
 */
export async function startEngineProcess(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}, options: { output?: string[] } = {}): Promise<{ proc: ChildProcess; api: Api }> {
  const proc = spawn(process.execPath, [BIN, "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir], {
    env: { ...process.env, ECI_LOG_LEVEL: "warn", ECI_RESTART_BACKOFF_BASE_MS: String(TEST_TUNING.restartBackoffBaseMs), ECI_RESYNC_INTERVAL_MS: "1000", ECI_WARM_SANDBOXES: String(TEST_TUNING.warmSandboxes), ECI_RATE_LIMIT_RPS: String(TEST_TUNING.rateLimit?.requestsPerSecond), ECI_RATE_LIMIT_BURST: String(TEST_TUNING.rateLimit?.burst), ...env },
    stdio: options.output ? ["ignore", "pipe", "pipe"] : ["ignore", "ignore", "inherit"],
  });
  for (const stream of [proc.stdout, proc.stderr]) stream?.on("data", (d: Buffer) => options.output?.push(d.toString("utf8")));
  const key = await waitFor("the access key file", () => {
    try {
      return readFileSync(path.join(dataDir, "access-key"), "utf8").trim() || undefined;
    } catch {
      return undefined;
    }
  });
  const api = new Api(`http://127.0.0.1:${port}`, key);
  await waitFor("the engine to answer", async () => ((await api.request("GET", "/v1/container-groups")).status === 200 ? true : undefined));
  return { proc, api };
}

export function exited(proc: ChildProcess): Promise<number | null> {
  return proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise((resolve) => proc.once("exit", (code) => resolve(code)));
}
