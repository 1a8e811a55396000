import type Docker from "dockerode";
import { groupCgroupParent } from "./group-cgroup";
import type { GroupCgroups } from "./group-cgroups";
import { LABELS } from "./labels";

/** What the runtime keeps of a sandbox's cgroup: the group and limit it records, its cgroup parent, and whether that is the group's own parent. */
export interface SandboxCgroup {
  groupId: string;
  cgroupParent: string;
  limits: { nanoCpus: number; memoryBytes: number };
  inGroupParent: boolean;
}

/** The cgroup of a sandbox as Docker's inspection of it tells; `cgroups` are the daemon's group parents, when the engine can reach them. */
export function sandboxCgroupOf(info: Docker.ContainerInspectInfo, cgroups: GroupCgroups | undefined): SandboxCgroup {
  const groupId = info.Config.Labels?.[LABELS.group] ?? "";
  const cgroupParent = info.HostConfig.CgroupParent ?? "";
  const inGroupParent = cgroups !== undefined && groupId !== "" && cgroupParent === groupCgroupParent(cgroups.host, groupId);
  return { groupId, cgroupParent, limits: { nanoCpus: info.HostConfig.NanoCpus ?? 0, memoryBytes: info.HostConfig.Memory ?? 0 }, inGroupParent };
}
