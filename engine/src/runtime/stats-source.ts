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
