import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger";
import { CGROUP_PREFIX, type CgroupHost, type CgroupWrite, type GroupLimits, groupCgroupPlan, groupCgroupRemoval, quotaClamps } from "./group-cgroup";
import type { GroupCgroups } from "./group-cgroups";

/**
 * Group parents as directories of the cgroup file system, for Docker's cgroupfs driver: `eci/<groupId>`
 * under each v1 controller the limit needs (runc makes the others), or under the v2 unified hierarchy.
 */
export class CgroupfsGroupCgroups implements GroupCgroups {
  constructor(
    readonly host: CgroupHost,
    /** Where the cgroup file system is mounted; a plain directory in tests. */
    private readonly root: string,
    private readonly logger: Logger,
    /** How many times a removal is tried while the kernel still counts a just-removed container. */
    private readonly removeAttempts = 20,
  ) {}

  async apply(groupId: string, limits: GroupLimits, previous?: GroupLimits): Promise<string> {
    const plan = groupCgroupPlan(this.host, groupId, limits, previous);
    if (plan.driver !== "cgroupfs") throw new Error(`unreachable: a ${plan.driver} plan for the cgroupfs driver`);
    for (const dir of plan.directories) mkdirSync(path.join(this.root, dir), { recursive: true });
    if (previous && limits.nanoCpus > 0 && (previous.nanoCpus <= 0 || limits.nanoCpus < previous.nanoCpus)) await this.lowerChildQuotas(`${CGROUP_PREFIX}/${groupId}`, limits.nanoCpus);
    this.write(plan.writes);
    return plan.cgroupParent;
  }

  async lowerChildQuotas(dir: string, nanoCpus: number): Promise<void> {
    if (this.host.version !== "1") return; // cgroup v2 caps children at their parent's limit by itself
    const cpuDir = `cpu/${dir}`;
    const full = path.join(this.root, cpuDir);
    if (!existsSync(full)) return;
    const children = readdirSync(full, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => {
        const read = (file: string) => Number(readFileSync(path.join(full, e.name, file), "utf8").trim());
        try {
          return [{ dir: `${cpuDir}/${e.name}`, quotaUs: read("cpu.cfs_quota_us"), periodUs: read("cpu.cfs_period_us") }];
        } catch {
          return []; // removed meanwhile
        }
      });
    this.write(quotaClamps(children, nanoCpus));
  }

  async remove(groupId: string): Promise<void> {
    for (const dir of this.groupDirs(groupId)) await this.removeDir(dir, this.removeAttempts);
  }

  async removeUnused(): Promise<void> {
    const parents = path.join(this.root, this.host.version === "2" ? "" : "memory", CGROUP_PREFIX);
    if (!existsSync(parents)) return;
    const groups = readdirSync(parents, { withFileTypes: true }).filter((e) => e.isDirectory() && /^cg-[a-z0-9]+$/.test(e.name));
    for (const group of groups) {
      const dirs = this.groupDirs(group.name);
      // A parent with a container in it refuses the first removal; the other hierarchies are then left alone.
      for (const dir of dirs) if (!(await this.removeDir(dir, 1, false))) break;
    }
  }

  private groupDirs(groupId: string): string[] {
    const removal = groupCgroupRemoval(this.host, groupId, this.hierarchies());
    if (!("directories" in removal)) throw new Error("unreachable: a slice removal for the cgroupfs driver");
    return removal.directories;
  }

  /** The v1 hierarchies mounted under the root (each controller, or a joined `cpu,cpuacct` with links to it). */
  private hierarchies(): string[] {
    if (this.host.version === "2") return [];
    return readdirSync(this.root).filter((name) => lstatSync(path.join(this.root, name)).isDirectory());
  }

  /** Whether the directory is gone now. */
  private async removeDir(dir: string, attempts: number, warn = true): Promise<boolean> {
    const full = path.join(this.root, dir);
    for (let attempt = 1; ; attempt++) {
      try {
        rmdirSync(full);
        return true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return true;
        // The last container's cgroup may still be going away; a container still in the group keeps it.
        if (code !== "EBUSY" || attempt >= attempts) {
          if (warn) this.logger.warn({ cgroup: full, err: (err as Error).message }, "Failed to remove a group's cgroup; it is left behind");
          return false;
        }
        await sleep(50);
      }
    }
  }

  private write(writes: CgroupWrite[]): void {
    for (const w of writes) {
      const file = path.join(this.root, w.file);
      if (w.optional && !existsSync(file)) continue;
      try {
        writeFileSync(file, w.value);
      } catch (err) {
        throw new Error(`Failed to write ${w.value} to ${file}: ${(err as Error).message}`);
      }
    }
  }
}
