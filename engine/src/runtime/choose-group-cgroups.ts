import { accessSync, constants } from "node:fs";
import type { Logger } from "../logger";
import { CgroupfsGroupCgroups } from "./cgroupfs-group-cgroups";
import type { CgroupHost } from "./group-cgroup";
import type { GroupCgroups } from "./group-cgroups";
import { SystemdGroupCgroups } from "./systemd-group-cgroups";

export const CGROUP_MOUNT = "/sys/fs/cgroup";

/**
 * The implementation for the daemon's cgroup version and driver, or why there is none: the engine
 * must see the daemon's cgroups (a local daemon) and, for cgroupfs, be able to write them.
 */
export function groupCgroupsFor(info: { CgroupDriver?: string; CgroupVersion?: string }, localDaemon: boolean, logger: Logger): GroupCgroups | { reason: string } {
  const driver = info.CgroupDriver;
  const version = info.CgroupVersion === "2" ? "2" : info.CgroupVersion === "1" ? "1" : undefined;
  if ((driver !== "cgroupfs" && driver !== "systemd") || !version) return { reason: `the daemon's cgroup driver ${driver} (cgroup version ${info.CgroupVersion}) is not one the engine knows` };
  if (!localDaemon) return { reason: "the Docker daemon is not on this machine (DOCKER_HOST is not a local socket)" };
  const host: CgroupHost = { version, driver };
  if (driver === "systemd") return new SystemdGroupCgroups(host, logger);
  try {
    accessSync(version === "2" ? CGROUP_MOUNT : `${CGROUP_MOUNT}/memory`, constants.W_OK);
  } catch {
    return { reason: `${CGROUP_MOUNT} is not writable by the engine` };
  }
  return new CgroupfsGroupCgroups(host, CGROUP_MOUNT, logger);
}
