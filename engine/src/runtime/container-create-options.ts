import type Docker from "dockerode";
import type { MemberSpec, SandboxSpec } from "./container-runtime";
import { LABELS, type Role } from "./labels";

/** The labels of every container the engine creates: whose it is, its group and role, its name in the spec and the hash of what it was created from. */
export function containerLabels(engineId: string, groupId: string, role: Role, name: string, hash: string): Record<string, string> {
  return { [LABELS.engine]: engineId, [LABELS.group]: groupId, [LABELS.role]: role, [LABELS.container]: name, [LABELS.specHash]: hash };
}

/** How Docker creates a group's sandbox: the group's hostname, ports, network, shared memory and limits, in `cgroupParent` when given. */
export function sandboxCreateOptions(spec: SandboxSpec, image: string, labels: Record<string, string>, cgroupParent: string | undefined): Docker.ContainerCreateOptions {
  const exposed = Object.fromEntries(spec.ports.map((p) => [portKey(p), {}]));
  const bindings = spec.publish ? Object.fromEntries(spec.ports.map((p) => [portKey(p), [{ HostIp: "127.0.0.1", HostPort: "" }]])) : {};
  return {
    name: `eci-${spec.groupId}`,
    Image: image,
    Hostname: spec.hostname,
    Labels: labels,
    ExposedPorts: exposed,
    HostConfig: {
      Init: true,
      IpcMode: spec.shmSizeBytes ? "shareable" : "private",
      ShmSize: spec.shmSizeBytes,
      PortBindings: bindings,
      NetworkMode: spec.network?.name,
      NanoCpus: spec.nanoCpus,
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes,
      CgroupParent: cgroupParent,
      RestartPolicy: { Name: "no" },
      LogConfig: { Type: "json-file", Config: { "max-size": "64k", "max-file": "1" } },
    },
    NetworkingConfig: spec.network ? { EndpointsConfig: { [spec.network.name]: { IPAMConfig: { IPv4Address: spec.network.ip } } } } : undefined,
  };
}

/** How Docker creates a member: joined to its sandbox's network (and IPC namespace when shared), in `cgroupParent` when given. */
export function memberCreateOptions(spec: MemberSpec, labels: Record<string, string>, cgroupParent: string | undefined): Docker.ContainerCreateOptions {
  return {
    name: `eci-${spec.groupId}-${spec.name}`,
    Image: spec.image,
    Entrypoint: spec.command,
    Cmd: spec.args,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: spec.workingDir,
    Labels: labels,
    HostConfig: {
      Init: true,
      NetworkMode: `container:${spec.sandboxId}`,
      IpcMode: spec.sharedMemory ? `container:${spec.sandboxId}` : "private",
      CgroupParent: cgroupParent,
      NanoCpus: spec.nanoCpus,
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes,
      RestartPolicy: { Name: "no" },
      Mounts: spec.mounts.map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly })),
      // Two files of half the size each: the oldest output is dropped first and the total stays under the limit.
      LogConfig: { Type: "json-file", Config: { "max-size": `${Math.max(1, Math.floor((spec.maxLogSizeMB * 1024) / 2))}k`, "max-file": "2" } },
    },
  };
}

function portKey(p: { port: number; protocol: "TCP" | "UDP" }): string {
  return `${p.port}/${p.protocol.toLowerCase()}`;
}
