import type { ContainerSpec } from "@eci/sdk";
import type { MemberSpec, Mount } from "../runtime/container-runtime";
import type { GroupRecord } from "../store/store";

/** Docker's units for a size in vCPU and GiB. */
export function dockerLimits(cpu: number, memoryGiB: number): { nanoCpus: number; memoryBytes: number } {
  return { nanoCpus: Math.round(cpu * 1e9), memoryBytes: Math.round(memoryGiB * 1024 ** 3) };
}

/** How a container of the spec is created in the group's sandbox, from `image` (a reference or a cached image id). */
export function memberSpecFor(group: GroupRecord, sandboxId: string, spec: ContainerSpec, image: string, specHash: string, mounts: Mount[]): MemberSpec {
  // Without its own cpu or memory a container is bounded only by the group's limit.
  const own = dockerLimits(spec.cpu ?? 0, spec.memory ?? 0);
  return {
    groupId: group.id,
    sandboxId,
    role: spec.type,
    name: spec.name,
    specHash,
    image,
    command: spec.command,
    args: spec.args,
    env: spec.env,
    workingDir: spec.workingDir,
    nanoCpus: own.nanoCpus || undefined,
    memoryBytes: own.memoryBytes || undefined,
    sharedMemory: group.spec.shmSizeMB !== undefined,
    maxLogSizeMB: spec.maxLogSizeMB,
    mounts,
  };
}
