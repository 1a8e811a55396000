import os from "node:os";
import type Docker from "dockerode";
import { isStatus } from "./docker-status";
import { LABELS, type Role } from "./labels";
import type { CounterReading, StatsSource, StatsTarget } from "./stats-source";

/** The engine's running containers, from one container list filtered by its labels. */
export async function listRunningTargets(docker: Docker, engineId: string): Promise<StatsTarget[]> {
  const list = await docker.listContainers({ filters: { label: [`${LABELS.engine}=${engineId}`, LABELS.group], status: ["running"] } });
  return list.map((c) => ({ id: c.Id, groupId: c.Labels[LABELS.group], role: c.Labels[LABELS.role] as Role, name: c.Labels[LABELS.container] ?? "" }));
}

/**
 * Counters from Docker's stats API, one one-shot request per container (API 1.41). Each request
 * takes about a second on Docker 20.10 (the daemon waits for its next collection), so reads run in parallel.
 */
export class DockerStatsSource implements StatsSource {
  readonly kind = "docker";

  constructor(
    private readonly docker: Docker,
    private readonly engineId: string,
  ) {}

  listRunning(): Promise<StatsTarget[]> {
    return listRunningTargets(this.docker, this.engineId);
  }

  async read(target: StatsTarget): Promise<CounterReading | undefined> {
    try {
      const stats = (await this.docker.getContainer(target.id).stats({ stream: false, "one-shot": true } as { stream: false })) as unknown as DockerStats;
      return readingFromDockerStats(target, stats, Date.now());
    } catch (err) {
      if (isStatus(err, 404) || isStatus(err, 409)) return undefined;
      throw err;
    }
  }
}

/** The part of `GET /containers/{id}/stats` that the engine reads (cgroup v1 and v2 names). */
export interface DockerStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op: string; value: number }> | null };
}

export function readingFromDockerStats(target: StatsTarget, s: DockerStats, fallbackMs: number): CounterReading | undefined {
  if (!s.cpu_stats?.cpu_usage || !s.memory_stats?.usage) return undefined; // a container that stopped meanwhile answers zeros
  const memory = s.memory_stats.stats ?? {};
  const inactive = memory.total_inactive_file ?? memory.inactive_file ?? 0;
  const usage = s.memory_stats.usage;
  const blkio = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const io = (op: string) => blkio.filter((e) => e.op.toLowerCase() === op).reduce((sum, e) => sum + e.value, 0);
  const networks = Object.values(s.networks ?? {});
  const readAt = s.read ? Date.parse(s.read) : Number.NaN;
  return {
    ...target,
    atMs: Number.isFinite(readAt) && readAt > 0 ? readAt : fallbackMs,
    cpuNs: s.cpu_stats.cpu_usage.total_usage ?? 0,
    memoryBytes: inactive < usage ? usage - inactive : usage,
    memoryLimitBytes: Math.min(s.memory_stats.limit ?? Infinity, memory.hierarchical_memory_limit ?? Infinity, os.totalmem()),
    rxBytes: networks.reduce((sum, n) => sum + n.rx_bytes, 0),
    txBytes: networks.reduce((sum, n) => sum + n.tx_bytes, 0),
    readBytes: io("read"),
    writeBytes: io("write"),
  };
}
