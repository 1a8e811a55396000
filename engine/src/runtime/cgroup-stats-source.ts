import { readFileSync } from "node:fs";
import os from "node:os";
import type Docker from "dockerode";
import type { Clock } from "../clock";
import { listRunningTargets } from "./docker-stats-source";
import { isStatus } from "./docker-status";
import type { CounterReading, StatsSource, StatsTarget } from "./stats-source";

export const CGROUP_ROOT = "/sys/fs/cgroup";

/**
 * Counters read from the daemon's cgroup v1 files and the sandbox's `/proc/<pid>/net/dev`, on the
 * daemon's own machine. A container's cgroup paths are learnt once (one inspect for its pid) and kept
 * while it runs; the files are small and read synchronously, which is cheaper than going through the thread pool.
 */
export class CgroupStatsSource implements StatsSource {
  readonly kind = "cgroup";
  private readonly paths = new Map<string, Map<string, string>>();

  constructor(
    private readonly docker: Docker,
    private readonly engineId: string,
    private readonly clock: Clock,
  ) {}

  async listRunning(): Promise<StatsTarget[]> {
    const targets = await listRunningTargets(this.docker, this.engineId);
    const running = new Set(targets.map((t) => t.id));
    for (const id of this.paths.keys()) if (!running.has(id)) this.paths.delete(id);
    return targets;
  }

  async read(target: StatsTarget): Promise<CounterReading | undefined> {
    const paths = this.paths.get(target.id) ?? (await this.learnPaths(target.id));
    if (!paths) return undefined;
    try {
      return readCgroupCounters(target, paths, this.clock.now());
    } catch (err) {
      // The container stopped since the list (its cgroup is gone): it has no reading this round.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ESRCH") throw err;
      this.paths.delete(target.id);
      return undefined;
    }
  }

  private async learnPaths(id: string): Promise<Map<string, string> | undefined> {
    let pid: number;
    try {
      pid = (await this.docker.getContainer(id).inspect()).State.Pid;
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
    if (!pid) return undefined;
    const paths = parseProcCgroup(readFileSync(`/proc/${pid}/cgroup`, "utf8"));
    this.paths.set(id, paths);
    return paths;
  }
}

function readCgroupCounters(target: StatsTarget, paths: Map<string, string>, atMs: number): CounterReading {
  const file = (controller: string, name: string) => readFileSync(`${CGROUP_ROOT}/${controller}${paths.get(controller) ?? "/"}/${name}`, "utf8");
  const memoryStat = parseFlatKeyed(file("memory", "memory.stat"));
  const usage = Number(file("memory", "memory.usage_in_bytes"));
  const inactive = memoryStat.total_inactive_file ?? 0;
  const io = parseBlkio(file("blkio", "blkio.throttle.io_service_bytes_recursive"));
  let network = { rxBytes: 0, txBytes: 0 };
  if (target.role === "infra") {
    // Any process of the sandbox is in the group's network namespace.
    const pid = file("cpuacct", "cgroup.procs").split("\n")[0];
    if (!/^\d+$/.test(pid)) throw Object.assign(new Error(`sandbox ${target.id} has no process`), { code: "ESRCH" });
    network = parseNetDev(readFileSync(`/proc/${pid}/net/dev`, "utf8"));
  }
  return {
    ...target,
    atMs,
    cpuNs: Number(file("cpuacct", "cpuacct.usage")),
    memoryBytes: inactive < usage ? usage - inactive : usage,
    memoryLimitBytes: Math.min(memoryStat.hierarchical_memory_limit ?? Infinity, os.totalmem()),
    ...network,
    readBytes: io.read,
    writeBytes: io.write,
  };
}

/** `/proc/<pid>/cgroup` (v1): controller → path, with joined controllers (`cpu,cpuacct`) listed under each name. */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split("\n")) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    for (const c of controllers ? controllers.split(",") : []) paths.set(c, path);
  }
  return paths;
}

/** `memory.stat`: one `name value` per line. */
export function parseFlatKeyed(text: string): Record<string, number> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [key, value] = line.split(" ");
        return [key, Number(value)];
      }),
  );
}

/** `blkio.throttle.io_service_bytes_recursive`: `major:minor Op bytes` lines, summed over devices. */
export function parseBlkio(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split("\n")) {
    const [, op, value] = line.split(" ");
    if (op === "Read") read += Number(value);
    if (op === "Write") write += Number(value);
  }
  return { read, write };
}

/** `/proc/<pid>/net/dev`: bytes received and sent on every interface but the loopback. */
export function parseNetDev(text: string): { rxBytes: number; txBytes: number } {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split("\n").slice(2)) {
    const [name, counters] = line.split(":");
    if (!counters || name.trim() === "lo") continue;
    const fields = counters.trim().split(/\s+/).map(Number);
    rxBytes += fields[0];
    txBytes += fields[8];
  }
  return { rxBytes, txBytes };
}
