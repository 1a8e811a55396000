import { accessSync } from "node:fs";
import type Docker from "dockerode";
import type { Clock } from "../clock";
import type { Logger } from "../logger";
import { CgroupStatsSource, CGROUP_ROOT } from "./cgroup-stats-source";
import { DockerStatsSource } from "./docker-stats-source";
import type { Role } from "./labels";

/** A running container of the engine, as one container list shows it (its labels). */
export interface StatsTarget {
  id: string;
  groupId: string;
  role: Role;
  /** The container's name in the group spec; empty for the sandbox. */
  name: string;
}

/** A container's counters at one moment. CPU, network and block I/O only ever grow while the container runs. */
export interface CounterReading extends StatsTarget {
  atMs: number;
  cpuNs: number;
  /** Working set: usage without the inactive file cache, which the kernel reclaims first. */
  memoryBytes: number;
  /** The lowest limit among the container's cgroup and its parents (the group's), or the host's memory. */
  memoryLimitBytes: number;
  /** The network namespace's counters (every interface but lo); meaningful for the sandbox, which owns it. */
  rxBytes: number;
  txBytes: number;
  readBytes: number;
  writeBytes: number;
}

/** Where container counters come from: one list of the engine's running containers per round, then one read per container. */
export interface StatsSource {
  readonly kind: "cgroup" | "docker";
  listRunning(): Promise<StatsTarget[]>;
  /** Undefined when the container is gone or not running. */
  read(target: StatsTarget): Promise<CounterReading | undefined>;
}

/**
 * The cgroup files when this process can read the daemon's cgroups (v1, local daemon): measured to take
 * 12 times less CPU than Docker's stats API, 32 times less in the daemon (docs/engine.md, "Monitoring");
 * the stats API otherwise.
 */
export async function chooseStatsSource(docker: Docker, engineId: string, clock: Clock, logger: Logger): Promise<StatsSource> {
  const info = (await docker.info()) as { CgroupVersion?: string };
  const local = Boolean((docker.modem as { socketPath?: unknown }).socketPath);
  let readable = false;
  try {
    accessSync(`${CGROUP_ROOT}/cpuacct/cpuacct.usage`);
    readable = true;
  } catch {
    // Another machine's daemon, or this process in a container: the files are not the daemon's.
  }
  if (local && readable && info.CgroupVersion === "1") return new CgroupStatsSource(docker, engineId, clock);
  logger.info({ cgroupVersion: info.CgroupVersion, localDaemon: local }, "Sampling metrics through Docker's stats API (cgroup v1 files are not readable here)");
  return new DockerStatsSource(docker, engineId);
}
