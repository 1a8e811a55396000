/**
 * Where a group's containers go in the cgroup tree and how the group's limit is written there: one
 * parent cgroup per group holds the group's normalized cpu and memory, and the sandbox and every member
 * are its children, so containers without limits of their own are bounded by the group as a whole.
 * Pure: the runtime applies these plans (`cgroupfs-group-cgroups.ts`, `systemd-group-cgroups.ts`).
 */

export type CgroupVersion = "1" | "2";
export type CgroupDriver = "cgroupfs" | "systemd";

/** What the Docker daemon reports (`docker info`): the cgroup version and Docker's cgroup driver. */
export interface CgroupHost {
  version: CgroupVersion;
  driver: CgroupDriver;
}

/** A group's limit in Docker's units; 0 means no limit. */
export interface GroupLimits {
  nanoCpus: number;
  memoryBytes: number;
}

/** The CFS period the engine uses everywhere (Docker's default too). */
export const CFS_PERIOD_US = 100_000;

/** The directory (cgroupfs) under which every group's parent cgroup is made. */
export const CGROUP_PREFIX = "eci";

/** One file to write, relative to the cgroup mount root (`/sys/fs/cgroup`). */
export interface CgroupWrite {
  file: string;
  value: string;
  /** Written only when the kernel offers the file (swap accounting may be off). */
  optional?: boolean;
}

/** A property of a systemd unit, as `StartTransientUnit`/`SetUnitProperties` take it (D-Bus type `t` or `b`, or `s`). */
export interface UnitProperty {
  name: string;
  type: "t" | "b" | "s";
  value: string;
}

export type GroupCgroupPlan =
  | {
      driver: "cgroupfs";
      /** What Docker's `HostConfig.CgroupParent` is set to, for the sandbox and every member. */
      cgroupParent: string;
      /** Directories to make (relative to the mount root), parents first. */
      directories: string[];
      /** Files to write, in order. */
      writes: CgroupWrite[];
    }
  | {
      driver: "systemd";
      cgroupParent: string;
      /** The slice holding the group (`eci-<groupId without dashes>.slice`). */
      unit: string;
      properties: UnitProperty[];
    };

/** The systemd slice of a group: dashes separate slice levels, so the id's dash is dropped (`eci-cgabc12345.slice` is in `eci.slice`). */
export function groupSlice(groupId: string): string {
  return `${CGROUP_PREFIX}-${groupId.replace(/-/g, "")}.slice`;
}

/** Docker's `CgroupParent` for a group's containers: a path for cgroupfs, a slice name for systemd (Docker refuses anything else there). */
export function groupCgroupParent(host: CgroupHost, groupId: string): string {
  return host.driver === "systemd" ? groupSlice(groupId) : `/${CGROUP_PREFIX}/${groupId}`;
}

/** CFS quota for a vCPU amount in Docker's NanoCpus, over `CFS_PERIOD_US`; -1 (unlimited) for 0. */
export function cpuQuotaUs(nanoCpus: number): number {
  return nanoCpus > 0 ? Math.round((nanoCpus / 1e9) * CFS_PERIOD_US) : -1;
}

/**
 * How to give a group its parent cgroup with this limit, or change the limit of one that exists.
 * `previous` (the limit in force, when there is one) orders cgroup v1's two memory files: the memory
 * limit may never exceed the memory+swap limit, so a growing limit writes memory+swap first.
 */
export function groupCgroupPlan(host: CgroupHost, groupId: string, limits: GroupLimits, previous?: GroupLimits): GroupCgroupPlan {
  const cgroupParent = groupCgroupParent(host, groupId);
  if (host.driver === "systemd") return { driver: "systemd", cgroupParent, unit: groupSlice(groupId), properties: sliceProperties(host.version, groupId, limits) };
  const dir = `${CGROUP_PREFIX}/${groupId}`;
  const quota = cpuQuotaUs(limits.nanoCpus);
  if (host.version === "2") {
    const controllers = "+cpu +memory";
    return {
      driver: "cgroupfs",
      cgroupParent,
      directories: [CGROUP_PREFIX, dir],
      // Controllers are enabled top-down; a cgroup whose children take them holds no process (the sandbox is a child, not the parent).
      writes: [
        { file: "cgroup.subtree_control", value: controllers },
        { file: `${CGROUP_PREFIX}/cgroup.subtree_control`, value: controllers },
        { file: `${dir}/cpu.max`, value: `${quota < 0 ? "max" : quota} ${CFS_PERIOD_US}` },
        { file: `${dir}/memory.max`, value: limits.memoryBytes > 0 ? String(limits.memoryBytes) : "max" },
        { file: `${dir}/memory.swap.max`, value: "0", optional: true },
        { file: `${dir}/cgroup.subtree_control`, value: controllers },
      ],
    };
  }
  const memory = limits.memoryBytes > 0 ? String(limits.memoryBytes) : "-1";
  const limit: CgroupWrite = { file: `memory/${dir}/memory.limit_in_bytes`, value: memory };
  const withSwap: CgroupWrite = { file: `memory/${dir}/memory.memsw.limit_in_bytes`, value: memory, optional: true };
  const growing = previous !== undefined && (previous.memoryBytes <= 0 ? false : limits.memoryBytes <= 0 || limits.memoryBytes > previous.memoryBytes);
  return {
    driver: "cgroupfs",
    cgroupParent,
    directories: [`cpu/${CGROUP_PREFIX}`, `cpu/${dir}`, `memory/${CGROUP_PREFIX}`, `memory/${dir}`],
    writes: [
      { file: `cpu/${dir}/cpu.cfs_period_us`, value: String(CFS_PERIOD_US) },
      { file: `cpu/${dir}/cpu.cfs_quota_us`, value: String(quota) },
      ...(growing ? [withSwap, limit] : [limit, withSwap]),
    ],
  };
}

/** systemd's resource properties for a slice: `MemoryLimit` on cgroup v1, `MemoryMax` (and no swap) on v2. */
function sliceProperties(version: CgroupVersion, groupId: string, limits: GroupLimits): UnitProperty[] {
  const infinity = "18446744073709551615"; // UINT64_MAX: systemd's "infinity"
  const memory = limits.memoryBytes > 0 ? String(limits.memoryBytes) : infinity;
  return [
    { name: "Description", type: "s", value: `ECI container group ${groupId}` },
    { name: "CPUAccounting", type: "b", value: "true" },
    { name: "MemoryAccounting", type: "b", value: "true" },
    // Microseconds of CPU time per second: 1 vCPU is 1,000,000.
    { name: "CPUQuotaPerSecUSec", type: "t", value: limits.nanoCpus > 0 ? String(Math.round(limits.nanoCpus / 1000)) : infinity },
    ...(version === "2"
      ? [
          { name: "MemoryMax", type: "t" as const, value: memory },
          { name: "MemorySwapMax", type: "t" as const, value: "0" },
        ]
      : [{ name: "MemoryLimit", type: "t" as const, value: memory }]),
  ];
}

/**
 * What to remove once the group's sandbox is gone: its directory in every hierarchy Docker's runtime
 * made it in (cgroup v1 has one per controller; `hierarchies` are the names under the mount root),
 * or its slice.
 */
export function groupCgroupRemoval(host: CgroupHost, groupId: string, hierarchies: string[]): { directories: string[] } | { unit: string } {
  if (host.driver === "systemd") return { unit: groupSlice(groupId) };
  const dir = `${CGROUP_PREFIX}/${groupId}`;
  return { directories: host.version === "2" ? [dir] : hierarchies.map((h) => `${h}/${dir}`) };
}

/**
 * Where a member goes, from its sandbox's `CgroupParent`. Engines before the per-group parent put the
 * sandbox under `/eci` and nested members in the sandbox's own cgroup (which held the group's limit on
 * cgroup v1); members added to such a group keep doing so, so the group stays limited as a whole until
 * its sandbox is re-created in the new layout.
 */
export function memberCgroupParent(sandbox: { id: string; cgroupParent: string }): string | undefined {
  if (sandbox.cgroupParent === `/${CGROUP_PREFIX}`) return `/${CGROUP_PREFIX}/${sandbox.id}`;
  return sandbox.cgroupParent || undefined;
}

/**
 * cgroup v1 refuses (EINVAL) a CFS quota below one of a child's: before a group's cpu shrinks, children
 * over the new quota are lowered to it, which is what cgroup v2 does on its own (a child never gets more
 * than its parent). Such a child is a container whose spec asked for more than the new size, so it is
 * about to be re-created. Values are the children's `cpu.cfs_quota_us` and `cpu.cfs_period_us`.
 */
export function quotaClamps(children: { dir: string; quotaUs: number; periodUs: number }[], nanoCpus: number): CgroupWrite[] {
  const quota = cpuQuotaUs(nanoCpus);
  if (quota < 0) return [];
  const ratio = quota / CFS_PERIOD_US;
  // An unlimited child (-1) is fine: it takes its parent's quota.
  return children
    .filter((c) => c.quotaUs >= 0 && c.quotaUs / c.periodUs > ratio)
    .map((c) => ({ file: `${c.dir}/cpu.cfs_quota_us`, value: String(Math.floor(ratio * c.periodUs)) }));
}
