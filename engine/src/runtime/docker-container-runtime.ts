import { existsSync } from "node:fs";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { type PublishedPort, numberToIp, parseCidr } from "@eci/sdk";
import type { Logger } from "../logger";
import { buildScratchImage, followProgress } from "./build-image";
import { type ContainerRuntime, type ContainerSummary, type ExecOptions, type ExecProcess, type ImageInfo, type LogOptions, type MemberSpec, type ObservedContainer, type RegistryAuth, type SandboxSpec, StuckContainerError } from "./container-runtime";
import { dockerExec } from "./docker-exec";
import { containerLogs } from "./docker-logs";
import { watchContainerEvents } from "./docker-events";
import { CGROUP_PREFIX, groupCgroupParent, memberCgroupParent } from "./group-cgroup";
import { groupCgroupsFor } from "./choose-group-cgroups";
import type { GroupCgroups } from "./group-cgroups";
import { LABELS, type Role, specHash } from "./labels";
import { pauseExecutable } from "./sandbox-image";

/** Runs groups on a Docker Engine (API 1.41+) through dockerode: a sandbox container per group, members joined to it. */
export class DockerContainerRuntime implements ContainerRuntime {
  private sandboxImage: string;
  /** The parent cgroup of each group, holding its limit; none when the engine cannot reach the daemon's cgroups. */
  private cgroups: GroupCgroups | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly engineId: string,
    private readonly logger: Logger,
    sandboxImage?: string,
    /** How long a container has after SIGTERM to exit before it is killed. */
    private readonly stopGraceMs = 10_000,
  ) {
    this.sandboxImage = sandboxImage ?? "";
  }

  async prepare(): Promise<void> {
    const info = (await this.docker.info()) as { CgroupDriver?: string; CgroupVersion?: string; Architecture?: string };
    const cgroups = groupCgroupsFor(info, Boolean((this.docker.modem as { socketPath?: unknown }).socketPath), this.logger);
    if ("reason" in cgroups) {
      this.cgroups = undefined;
      this.logger.warn({ cgroupDriver: info.CgroupDriver, cgroupVersion: info.CgroupVersion }, `Group limits apply to each container, not to the group as a whole: ${cgroups.reason}`);
    } else {
      this.cgroups = cgroups;
      await cgroups.removeUnused();
    }
    if (this.sandboxImage) {
      if (!(await this.inspectImage(this.sandboxImage))) throw new Error(`Sandbox image ${this.sandboxImage} (ECI_SANDBOX_IMAGE) is not on the Docker daemon`);
      return;
    }
    const program = pauseExecutable(process.arch);
    this.sandboxImage = `eci/sandbox:${specHash(program.toString("base64"))}`;
    if (await this.inspectImage(this.sandboxImage)) return;
    this.logger.info({ image: this.sandboxImage }, "Building sandbox image…");
    await buildScratchImage(this.docker, this.sandboxImage, [{ name: "pause", content: program, mode: 0o755 }], ["/pause"], { [LABELS.engine]: "shared" });
    this.logger.info({ image: this.sandboxImage }, "Built sandbox image");
  }

  async listGroupContainers(groupId: string): Promise<ObservedContainer[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${LABELS.engine}=${this.engineId}`, `${LABELS.group}=${groupId}`] } });
    const inspected = await Promise.all(list.map((c) => this.inspect(c.Id)));
    return inspected.filter((c): c is ObservedContainer => c !== undefined);
  }

  private async inspect(id: string): Promise<ObservedContainer | undefined> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
    const labels = info.Config.Labels ?? {};
    const s = info.State;
    return {
      id: info.Id,
      role: labels[LABELS.role] as Role,
      name: labels[LABELS.container] ?? "",
      specHash: labels[LABELS.specHash] ?? "",
      // A container whose start failed stays "created" with an error: for the engine it has ended.
      state: s.Running ? "running" : s.Status === "created" ? (s.Error ? "exited" : "created") : s.Status === "exited" ? "exited" : "other",
      exitCode: s.ExitCode,
      oomKilled: s.OOMKilled,
      error: s.Error ?? "",
      startedAt: dockerTime(s.StartedAt),
      finishedAt: dockerTime(s.FinishedAt),
      ipAddress: addressOf(info.NetworkSettings),
      ports: publishedPorts(info.NetworkSettings?.Ports),
      nanoCpus: info.HostConfig.NanoCpus ?? 0,
      memoryBytes: info.HostConfig.Memory ?? 0,
    };
  }

  async listContainers(): Promise<ContainerSummary[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${LABELS.engine}=${this.engineId}`] } });
    return list
      .filter((c) => c.Labels[LABELS.group])
      .map((c) => ({ id: c.Id, groupId: c.Labels[LABELS.group], specHash: c.Labels[LABELS.specHash] ?? "", state: c.State }));
  }

  async pullImage(ref: string, signal: AbortSignal, auth?: RegistryAuth): Promise<{ downloadedBytes: number | null }> {
    signal.throwIfAborted();
    const stream = (await this.docker.pull(ref, { abortSignal: signal, ...(auth ? { authconfig: auth } : {}) })) as NodeJS.ReadableStream & { destroy(err?: Error): void };
    const abort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error("pull aborted"));
    signal.addEventListener("abort", abort, { once: true });
    // Each layer reports its compressed size while downloading; layers already present report none.
    const layers = new Map<string, number>();
    try {
      await followProgress(this.docker, stream, (e) => {
        if (e.id && e.status === "Downloading" && e.progressDetail?.total) layers.set(e.id, e.progressDetail.total);
      });
    } finally {
      signal.removeEventListener("abort", abort);
    }
    return { downloadedBytes: layers.size > 0 ? [...layers.values()].reduce((a, b) => a + b, 0) : null };
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const info = await this.docker.getImage(ref).inspect();
      return { id: info.Id, repoDigests: info.RepoDigests ?? [], sizeBytes: info.Size };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async tagImage(ref: string, repo: string, tag: string): Promise<void> {
    await this.docker.getImage(ref).tag({ repo, tag });
  }

  async untagImage(ref: string): Promise<void> {
    try {
      await this.docker.getImage(ref).remove({ noprune: true });
    } catch (err) {
      if (isStatus(err, 404) || isStatus(err, 409)) return;
      throw err;
    }
  }

  async checkAuth(auth: RegistryAuth): Promise<void> {
    await this.docker.checkAuth(auth);
  }

  async createSandbox(spec: SandboxSpec): Promise<string> {
    const exposed = Object.fromEntries(spec.ports.map((p) => [portKey(p), {}]));
    const bindings = spec.publish ? Object.fromEntries(spec.ports.map((p) => [portKey(p), [{ HostIp: "127.0.0.1", HostPort: "" }]])) : {};
    // The group's parent cgroup holds its limit; the sandbox (which keeps the limit too, as the record of it) and members are its children.
    const cgroupParent = await this.cgroups?.apply(spec.groupId, { nanoCpus: spec.nanoCpus, memoryBytes: spec.memoryBytes });
    const container = await this.docker.createContainer({
      name: `eci-${spec.groupId}`,
      Image: this.sandboxImage,
      Hostname: spec.hostname,
      Labels: this.labels(spec.groupId, "infra", "", spec.specHash),
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
    });
    return container.id;
  }

  async createNetwork(name: string, cidr: string, labels: Record<string, string>): Promise<void> {
    const block = parseCidr(cidr);
    if (!block) throw new Error(`unreachable: ${cidr} was validated as a CIDR block`);
    try {
      await this.docker.createNetwork({
        Name: name,
        Driver: "bridge",
        CheckDuplicate: true,
        IPAM: { Driver: "default", Config: [{ Subnet: cidr, Gateway: numberToIp(block.base + 1) }] },
        Labels: { [LABELS.engine]: this.engineId, ...labels },
      });
    } catch (err) {
      if (isStatus(err, 409) && /already exists/.test(String((err as Error).message))) return;
      throw err;
    }
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async createVolume(name: string, labels: Record<string, string>, options?: Record<string, string>): Promise<void> {
    await this.docker.createVolume({ Name: name, Labels: { [LABELS.engine]: this.engineId, ...labels }, ...(options ? { Driver: "local", DriverOpts: options } : {}) });
  }

  async volumeMountpoint(name: string): Promise<string | undefined> {
    try {
      const volume = (await this.docker.getVolume(name).inspect()) as { Mountpoint: string; Options?: Record<string, string> | null };
      // Docker mounts a bind volume at its Mountpoint only while a container uses it: the data is at its device.
      const device = volume.Options?.o?.split(",").includes("bind") ? volume.Options.device : undefined;
      if (device) return existsSync(device) ? device : undefined;
      return volume.Mountpoint;
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async createMember(spec: MemberSpec): Promise<string> {
    const sandbox = await this.sandboxCgroup(spec.sandboxId);
    // After a reboot or a restart of the daemon the parent is made again by the runtime, without a limit.
    if (this.cgroups && sandbox.inGroupParent) await this.cgroups.apply(spec.groupId, sandbox.limits);
    const container = await this.docker.createContainer({
      name: `eci-${spec.groupId}-${spec.name}`,
      Image: spec.image,
      Entrypoint: spec.command,
      Cmd: spec.args,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: spec.workingDir,
      Labels: this.labels(spec.groupId, spec.role, spec.name, spec.specHash),
      HostConfig: {
        Init: true,
        NetworkMode: `container:${spec.sandboxId}`,
        IpcMode: spec.sharedMemory ? `container:${spec.sandboxId}` : "private",
        CgroupParent: memberCgroupParent({ id: spec.sandboxId, cgroupParent: sandbox.cgroupParent }),
        NanoCpus: spec.nanoCpus,
        Memory: spec.memoryBytes,
        MemorySwap: spec.memoryBytes,
        RestartPolicy: { Name: "no" },
        Mounts: spec.mounts.map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly })),
        // Two files of half the size each: the oldest output is dropped first and the total stays under the limit.
        LogConfig: { Type: "json-file", Config: { "max-size": `${Math.max(1, Math.floor((spec.maxLogSizeMB * 1024) / 2))}k`, "max-file": "2" } },
      },
    });
    return container.id;
  }

  private labels(groupId: string, role: Role, name: string, hash: string): Record<string, string> {
    return { [LABELS.engine]: this.engineId, [LABELS.group]: groupId, [LABELS.role]: role, [LABELS.container]: name, [LABELS.specHash]: hash };
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (isStatus(err, 304)) return; // already running
      const message = (err as Error).message;
      if (/task [0-9a-f]+: already exists/.test(message)) throw new StuckContainerError(id, message);
      throw err;
    }
  }

  async resizeSandbox(id: string, limits: { nanoCpus: number; memoryBytes: number }): Promise<void> {
    const sandbox = await this.sandboxCgroup(id);
    if (this.cgroups && sandbox.inGroupParent) {
      await this.cgroups.apply(sandbox.groupId, limits, sandbox.limits);
    } else if (this.cgroups && sandbox.cgroupParent === `/${CGROUP_PREFIX}`) {
      // A group of an engine before the per-group parent: its limit is the sandbox's own cgroup, which members are in.
      await this.cgroups.lowerChildQuotas(`${CGROUP_PREFIX}/${id}`, limits.nanoCpus);
    }
    await this.docker.getContainer(id).update({ NanoCpus: limits.nanoCpus, Memory: limits.memoryBytes, MemorySwap: limits.memoryBytes });
  }

  /** A sandbox's group, limit and cgroup parent; `inGroupParent` when it is in its group's parent cgroup on this daemon. */
  private async sandboxCgroup(id: string): Promise<SandboxCgroup> {
    return this.cgroupOf(await this.docker.getContainer(id).inspect());
  }

  private cgroupOf(info: Docker.ContainerInspectInfo): SandboxCgroup {
    const groupId = info.Config.Labels?.[LABELS.group] ?? "";
    const cgroupParent = info.HostConfig.CgroupParent ?? "";
    const inGroupParent = this.cgroups !== undefined && groupId !== "" && cgroupParent === groupCgroupParent(this.cgroups.host, groupId);
    return { groupId, cgroupParent, limits: { nanoCpus: info.HostConfig.NanoCpus ?? 0, memoryBytes: info.HostConfig.Memory ?? 0 }, inGroupParent };
  }

  async removeContainer(id: string): Promise<void> {
    const container = this.docker.getContainer(id);
    let sandbox: SandboxCgroup | undefined;
    try {
      const info = await container.inspect();
      if (info.Config.Labels?.[LABELS.role] === "infra") sandbox = this.cgroupOf(info);
    } catch (err) {
      if (isStatus(err, 404)) return;
      throw err;
    }
    await this.stopAndRemove(container);
    // Members are removed before their sandbox, so the group's parent is empty now.
    if (this.cgroups && sandbox?.inGroupParent) await this.cgroups.remove(sandbox.groupId);
  }

  private async stopAndRemove(container: Docker.Container): Promise<void> {
    try {
      // SIGTERM first (members run under docker-init, which passes it on), so that a server can save its state.
      await container.stop({ t: Math.ceil(this.stopGraceMs / 1000) });
    } catch (err) {
      if (isStatus(err, 404)) return;
      // Not running (304), or being removed already (409): the forced removal below decides.
    }
    try {
      await container.remove({ force: true, v: true });
    } catch (err) {
      if (isStatus(err, 404)) return;
      if (isStatus(err, 409) && /already in progress/.test(String((err as Error).message))) return;
      throw err;
    }
  }

  async logs(id: string, options: LogOptions): Promise<Readable> {
    return containerLogs(this.docker, id, options);
  }

  exec(id: string, options: ExecOptions): Promise<ExecProcess> {
    return dockerExec(this.docker, id, options);
  }

  watch(onChange: (groupId: string) => void, onResumed: () => void): () => void {
    return watchContainerEvents(this.docker, this.engineId, { onChange, onResumed }, this.logger);
  }
}

interface SandboxCgroup {
  groupId: string;
  cgroupParent: string;
  limits: { nanoCpus: number; memoryBytes: number };
  inGroupParent: boolean;
}

function portKey(p: { port: number; protocol: "TCP" | "UDP" }): string {
  return `${p.port}/${p.protocol.toLowerCase()}`;
}

function publishedPorts(ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, proto] = key.split("/");
    for (const b of bindings ?? []) {
      out.push({ port: Number(port), protocol: proto === "udp" ? "UDP" : "TCP", hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  return out.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** The container's address: on the default bridge, or on the one network it joined (a VPC's). */
function addressOf(settings: Docker.ContainerInspectInfo["NetworkSettings"] | undefined): string | null {
  const own = (settings as { IPAddress?: string } | undefined)?.IPAddress;
  return own || Object.values(settings?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress || null;
}

function dockerTime(value: string | undefined): string | null {
  if (!value || value.startsWith("0001-01-01")) return null;
  return new Date(value).toISOString();
}

export function isStatus(err: unknown, status: number): boolean {
  return typeof err === "object" && err !== null && (err as { statusCode?: number }).statusCode === status;
}
