import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { Logger } from "../logger";
import { buildScratchImage } from "./build-image";
import { containerLabels, memberCreateOptions, sandboxCreateOptions } from "./container-create-options";
import { type ContainerRuntime, type ContainerSummary, type ExecOptions, type ExecProcess, type ImageInfo, type LogOptions, type MemberSpec, type ObservedContainer, type RegistryAuth, type SandboxSpec, StuckContainerError } from "./container-runtime";
import { dockerExec } from "./docker-exec";
import { checkAuth, inspectImage, pullImage, tagImage, untagImage } from "./docker-images";
import { containerLogs } from "./docker-logs";
import { watchContainerEvents } from "./docker-events";
import { createNetwork, removeNetwork } from "./docker-networks";
import { isStatus } from "./docker-status";
import { createVolume, removeVolume, volumeMountpoint } from "./docker-volumes";
import { CGROUP_PREFIX, memberCgroupParent } from "./group-cgroup";
import { groupCgroupsFor } from "./choose-group-cgroups";
import type { GroupCgroups } from "./group-cgroups";
import { LABELS, specHash } from "./labels";
import { observeContainer } from "./observe-container";
import { type SandboxCgroup, sandboxCgroupOf } from "./sandbox-cgroup";
import { pauseExecutable } from "./sandbox-image";

/** Runs groups on a Docker Engine (API 1.41+) through dockerode: a sandbox container per group, members joined to it. */
export class DockerContainerRuntime implements ContainerRuntime {
  private sandboxImage: string;
  /** The parent cgroup of each group, holding its limit; none when the engine cannot reach the daemon's cgroups. */
  private cgroups: GroupCgroups | undefined;
  /**
   * The cgroups of the sandboxes this process created, by id: members are created while their new
   * sandbox starts, and an inspect of it would wait for the start (Docker holds the container meanwhile).
   */
  private readonly created = new Map<string, SandboxCgroup>();

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
    const inspected = await Promise.all(list.map((c) => observeContainer(this.docker, c.Id)));
    return inspected.filter((c): c is ObservedContainer => c !== undefined);
  }

  async listContainers(): Promise<ContainerSummary[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${LABELS.engine}=${this.engineId}`] } });
    return list
      .filter((c) => c.Labels[LABELS.group])
      .map((c) => ({ id: c.Id, groupId: c.Labels[LABELS.group], specHash: c.Labels[LABELS.specHash] ?? "", state: c.State }));
  }

  pullImage(ref: string, signal: AbortSignal, auth?: RegistryAuth): Promise<{ downloadedBytes: number | null }> {
    return pullImage(this.docker, ref, signal, auth);
  }

  inspectImage(ref: string): Promise<ImageInfo | undefined> {
    return inspectImage(this.docker, ref);
  }

  tagImage(ref: string, repo: string, tag: string): Promise<void> {
    return tagImage(this.docker, ref, repo, tag);
  }

  untagImage(ref: string): Promise<void> {
    return untagImage(this.docker, ref);
  }

  checkAuth(auth: RegistryAuth): Promise<void> {
    return checkAuth(this.docker, auth);
  }

  async createSandbox(spec: SandboxSpec): Promise<string> {
    // The group's parent cgroup holds its limit; the sandbox (which keeps the limit too, as the record of it) and members are its children.
    const cgroupParent = await this.cgroups?.apply(spec.groupId, { nanoCpus: spec.nanoCpus, memoryBytes: spec.memoryBytes });
    const labels = containerLabels(this.engineId, spec.groupId, "infra", "", spec.specHash);
    const container = await this.docker.createContainer(sandboxCreateOptions(spec, this.sandboxImage, labels, cgroupParent));
    const limits = { nanoCpus: spec.nanoCpus, memoryBytes: spec.memoryBytes };
    this.created.set(container.id, { groupId: spec.groupId, cgroupParent: cgroupParent ?? "", limits, inGroupParent: cgroupParent !== undefined });
    return container.id;
  }

  createNetwork(name: string, cidr: string, labels: Record<string, string>): Promise<void> {
    return createNetwork(this.docker, this.engineId, name, cidr, labels);
  }

  removeNetwork(name: string): Promise<void> {
    return removeNetwork(this.docker, name);
  }

  createVolume(name: string, labels: Record<string, string>, options?: Record<string, string>): Promise<void> {
    return createVolume(this.docker, this.engineId, name, labels, options);
  }

  volumeMountpoint(name: string): Promise<string | undefined> {
    return volumeMountpoint(this.docker, name);
  }

  removeVolume(name: string): Promise<void> {
    return removeVolume(this.docker, name);
  }

  async createMember(spec: MemberSpec): Promise<string> {
    const sandbox = await this.sandboxCgroup(spec.sandboxId);
    // After a reboot or a restart of the daemon the parent is made again by the runtime, without a limit.
    if (this.cgroups && sandbox.inGroupParent) await this.cgroups.apply(spec.groupId, sandbox.limits);
    const labels = containerLabels(this.engineId, spec.groupId, spec.role, spec.name, spec.specHash);
    const cgroupParent = memberCgroupParent({ id: spec.sandboxId, cgroupParent: sandbox.cgroupParent });
    const container = await this.docker.createContainer(memberCreateOptions(spec, labels, cgroupParent));
    return container.id;
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
    this.created.delete(id);
  }

  /** A sandbox's group, limit and cgroup parent; `inGroupParent` when it is in its group's parent cgroup on this daemon. */
  private async sandboxCgroup(id: string): Promise<SandboxCgroup> {
    return this.created.get(id) ?? sandboxCgroupOf(await this.docker.getContainer(id).inspect(), this.cgroups);
  }

  async removeContainer(id: string): Promise<void> {
    const container = this.docker.getContainer(id);
    let sandbox: SandboxCgroup | undefined;
    try {
      const info = await container.inspect();
      if (info.Config.Labels?.[LABELS.role] === "infra") sandbox = sandboxCgroupOf(info, this.cgroups);
    } catch (err) {
      if (isStatus(err, 404)) return;
      throw err;
    }
    await this.stopAndRemove(container);
    this.created.delete(id);
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
