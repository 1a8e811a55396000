import { type ChildProcess, execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { LABELS } from "../../engine/src/runtime/labels";
import { loopDevicesUnder } from "./convergence-check";
import { exited, freePort, startEngineProcess } from "./engine-process";
import { type Api, docker, removeEngineVolumesAndNetworks } from "./test-engine";

/** mulberry32: a small seeded PRNG, so that a fault campaign replays with the same delays from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One SIGKILL of the engine: when, relative to what. */
export interface Fault {
  operation: string;
  round: number;
  /** `during` the operation, or `recovery`: again while the restarted engine adopts what it finds. */
  phase: "during" | "recovery";
  delayMs: number;
}

/**
 * The `eci-engine` bin in its own process, killed with SIGKILL on demand and started again on the same
 * data directory and port. Every kill is recorded, with its delay, and printed, so a failure can be replayed.
 */
export class KillableEngine {
  readonly faults: Fault[] = [];

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private proc: ChildProcess,
    private current: Api,
  ) {}

  static async start(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<KillableEngine> {
    const port = await freePort();
    const { proc, api } = await startEngineProcess(dataDir, port, env);
    return new KillableEngine(dataDir, port, env, proc, api);
  }

  get api(): Api {
    return this.current;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Waits `wait` (the fault's delay unless the caller waited already), then kills the engine with SIGKILL and waits for it to be gone. */
  async killAfter(fault: Fault, wait = fault.delayMs): Promise<void> {
    await new Promise((r) => setTimeout(r, wait));
    this.proc.kill("SIGKILL");
    await exited(this.proc);
    this.faults.push(fault);
    console.log(`    [fault] ${fault.operation} round ${fault.round}: SIGKILL ${fault.phase === "during" ? "during the operation" : "during recovery"}, after ${fault.delayMs} ms`);
  }

  /** Starts the engine again on the same data directory and port. */
  async restart(): Promise<void> {
    if (this.running) throw new Error("the engine is still running");
    const { proc, api } = await startEngineProcess(this.dataDir, this.port, this.env);
    this.proc = proc;
    this.current = api;
  }

  /** SIGKILL without waiting, for cleanup. */
  kill(): void {
    if (this.running) this.proc.kill("SIGKILL");
  }

  /** SIGTERM: a graceful stop; resolves to the exit code. */
  async stop(): Promise<number | null> {
    if (!this.running) return this.proc.exitCode;
    this.proc.kill("SIGTERM");
    return exited(this.proc);
  }
}

/**
 * Removes what an engine (perhaps killed, perhaps half-way through something) left behind: Docker
 * containers, volumes and networks with its label, then the disks' file systems mounted under its data
 * directory and the loop devices backed by files there, then the directory itself.
 */
export async function removeEngineLeftovers(engineId: string | undefined, dataDir: string): Promise<void> {
  if (engineId) {
    const label = [`${LABELS.engine}=${engineId}`];
    for (const c of await docker.listContainers({ all: true, filters: { label } })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    await removeEngineVolumesAndNetworks(engineId);
  }
  const under = (p: string) => p === dataDir || p.startsWith(`${dataDir}/`);
  const mountPoints = readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1]?.replace(/\\040/g, " "))
    .filter((p): p is string => p !== undefined && under(p));
  for (const p of mountPoints.reverse()) execFileSync("umount", ["-l", p]);
  for (const [device] of loopDevicesUnder(dataDir)) execFileSync("losetup", ["-d", device]);
  rmSync(dataDir, { recursive: true, force: true });
}
