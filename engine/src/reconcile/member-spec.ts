import type { ContainerGroupSpec, ContainerSpec } from "@eci/sdk";
import type { MemberSpec, Mount, SandboxSpec } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import { vpcNetworkName } from "../runtime/object-names";
import { type SecretOpener, openSecureEnv } from "../secrets/secure-env";
import type { GroupRecord } from "../store/store";

/** Docker's units for a size in vCPU and GiB. */
export function dockerLimits(cpu: number, memoryGiB: number): { nanoCpus: number; memoryBytes: number } {
  return { nanoCpus: Math.round(cpu * 1e9), memoryBytes: Math.round(memoryGiB * 1024 ** 3) };
}

/**
 * How a container of the spec is created in the group's sandbox, from `image` (a reference or a cached
 * image id). Its environment is `env` with the `secureEnv` values opened: only Docker gets them.
 */
export function memberSpecFor(group: GroupRecord, sandboxId: string, spec: ContainerSpec, image: string, specHash: string, mounts: Mount[], secrets: SecretOpener): MemberSpec {
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
    env: { ...spec.env, ...openSecureEnv(spec.secureEnv, secrets) },
    workingDir: spec.workingDir,
    nanoCpus: own.nanoCpus || undefined,
    memoryBytes: own.memoryBytes || undefined,
    sharedMemory: group.spec.shmSizeMB !== undefined,
    maxLogSizeMB: spec.maxLogSizeMB,
    mounts,
  };
}

export type SandboxPlacement = Pick<SandboxSpec, "network" | "publish">;

/**
 * Where a group's sandbox goes: its VPC's bridge at the assigned IP, or the default bridge, publishing
 * the ports on 127.0.0.1 only without an EIP. Undefined when the group's vxnet no longer exists.
 */
export function sandboxPlacement(group: GroupRecord, vpcOf: (vxnetId: string) => string | undefined): SandboxPlacement | undefined {
  const net = group.spec.network;
  if (net?.mode !== "vpc") return { publish: !net?.eipId };
  const vpcId = vpcOf(net.vxnetId);
  if (!vpcId || !group.assignedIp) return undefined;
  return { network: { name: vpcNetworkName(vpcId), ip: group.assignedIp }, publish: false };
}

/** How a group's sandbox is created: the declared ports (sorted), its shared memory, its placement and the group's limits. */
export function sandboxSpecFor(
  groupId: string,
  spec: Pick<ContainerGroupSpec, "containers" | "shmSizeMB">,
  placement: SandboxPlacement,
  size: { cpu: number; memory: number },
): SandboxSpec {
  const ports = spec.containers.flatMap((c) => c.ports).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  return {
    groupId,
    specHash: sandboxHash(ports, spec.shmSizeMB, placement),
    hostname: groupId,
    ports,
    ...placement,
    shmSizeBytes: spec.shmSizeMB ? spec.shmSizeMB * 1024 * 1024 : undefined,
    ...dockerLimits(size.cpu, size.memory),
  };
}

/** What the sandbox is created from; the default placement keeps the hash it had before networks existed, so upgrading re-creates nothing. */
export function sandboxHash(ports: SandboxSpec["ports"], shmSizeMB: number | undefined, placement: SandboxPlacement): string {
  const base = { ports, shmSizeMB: shmSizeMB ?? 0 };
  return specHash(placement.network || !placement.publish ? { ...base, ...placement } : base);
}
