import type { ContainerSpec } from "@eci/sdk";
import type { MemberSpec } from "../runtime/container-runtime";
import type { GroupRecord } from "../store/store";

const GIB = 1024 ** 3;

/** How a container of the spec is created in the group's sandbox, from `image` (a reference or a cached image id). */
export function memberSpecFor(group: GroupRecord, sandboxId: string, spec: ContainerSpec, image: string, specHash: string): MemberSpec {
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
    nanoCpus: spec.cpu ? Math.round(spec.cpu * 1e9) : undefined,
    memoryBytes: spec.memory ? Math.round(spec.memory * GIB) : undefined,
    sharedMemory: group.spec.shmSizeMB !== undefined,
    maxLogSizeMB: spec.maxLogSizeMB,
  };
}
