import { Readable } from "node:stream";
import type { ContainerRuntime, ContainerSummary, ExecProcess, ImageInfo, MemberSpec, ObservedContainer, RegistryAuth, SandboxSpec } from "./container-runtime";

interface FakeContainer extends ObservedContainer {
  groupId: string;
}

/**
 * A `ContainerRuntime` held in memory, for fast tests of the reconcile loop: containers are records
 * that the test ends with `exit`, images are what `publish` put in its registry. Not a way to run
 * anything: logs are empty and `exec` refuses. `unavailable` makes every call fail as a stopped Docker
 * daemon does.
 */
export class InMemoryContainerRuntime implements ContainerRuntime {
  readonly containers = new Map<string, FakeContainer>();
  /** Every change, in order: `create <name>`, `start <name>`, `remove <name>`, `resize`, `pull <ref>` (the sandbox's name is `sandbox`). */
  readonly log: string[] = [];
  unavailable = false;
  private readonly registry = new Set<string>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly volumes = new Map<string, string>();
  private readonly networks = new Set<string>();
  private readonly watchers = new Set<(groupId: string) => void>();
  private readonly resumeWatchers = new Set<() => void>();
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  /** Makes an image pullable. */
  publish(ref: string): void {
    this.registry.add(ref);
  }

  /** Ends a running container, as its process exiting would. */
  exit(id: string, exitCode: number, options: { oomKilled?: boolean } = {}): void {
    const c = this.get(id);
    Object.assign(c, { state: "exited", exitCode, oomKilled: options.oomKilled ?? false, finishedAt: this.time(), ipAddress: null });
    this.changed(c.groupId);
  }

  /** The container of a group with this name (`sandbox` for the sandbox). */
  find(groupId: string, name: string): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => c.groupId === groupId && (c.role === "infra" ? "sandbox" : c.name) === name);
  }

  async prepare(): Promise<void> {
    this.check();
  }

  async listGroupContainers(groupId: string): Promise<ObservedContainer[]> {
    this.check();
    return [...this.containers.values()].filter((c) => c.groupId === groupId).map(({ groupId: _, ...c }) => structuredClone(c));
  }

  async listContainers(): Promise<ContainerSummary[]> {
    this.check();
    return [...this.containers.values()].map((c) => ({ id: c.id, groupId: c.groupId, specHash: c.specHash, state: c.state }));
  }

  async pullImage(ref: string, signal: AbortSignal): Promise<{ downloadedBytes: number | null }> {
    this.check();
    signal.throwIfAborted();
    if (!this.registry.has(ref)) throw Object.assign(new Error(`manifest for ${ref} not found: manifest unknown`), { statusCode: 404 });
    this.log.push(`pull ${ref}`);
    this.images.set(ref, { id: `sha256:${ref}`, repoDigests: [], sizeBytes: 1024 });
    return { downloadedBytes: 512 };
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    this.check();
    return this.images.get(ref) ?? [...this.images.values()].find((i) => i.id === ref);
  }

  async tagImage(ref: string, repo: string, tag: string): Promise<void> {
    const image = await this.inspectImage(ref);
    if (!image) throw new Error(`no such image: ${ref}`);
    this.images.set(`${repo}:${tag}`, image);
  }

  async untagImage(ref: string): Promise<void> {
    this.check();
    this.images.delete(ref);
  }

  async checkAuth(_auth: RegistryAuth): Promise<void> {
    this.check();
  }

  async createVolume(name: string): Promise<void> {
    this.check();
    if (!this.volumes.has(name)) this.volumes.set(name, `/fake/volumes/${name}`);
  }

  async volumeMountpoint(name: string): Promise<string | undefined> {
    this.check();
    return this.volumes.get(name);
  }

  async removeVolume(name: string): Promise<void> {
    this.check();
    this.volumes.delete(name);
  }

  async createNetwork(name: string): Promise<void> {
    this.check();
    this.networks.add(name);
  }

  async removeNetwork(name: string): Promise<void> {
    this.check();
    this.networks.delete(name);
  }

  async createSandbox(spec: SandboxSpec): Promise<string> {
    return this.create(spec.groupId, { role: "infra", name: "", specHash: spec.specHash, nanoCpus: spec.nanoCpus, memoryBytes: spec.memoryBytes });
  }

  async createMember(spec: MemberSpec): Promise<string> {
    if (!this.get(spec.sandboxId)) throw new Error(`no such sandbox: ${spec.sandboxId}`);
    if (![...this.images.values()].some((i) => i.id === spec.image) && !this.images.has(spec.image)) throw new Error(`no such image: ${spec.image}`);
    return this.create(spec.groupId, { role: spec.role, name: spec.name, specHash: spec.specHash, nanoCpus: spec.nanoCpus ?? 0, memoryBytes: spec.memoryBytes ?? 0 });
  }

  async startContainer(id: string): Promise<void> {
    this.check();
    const c = this.get(id);
    if (c.role !== "infra") {
      const sandbox = [...this.containers.values()].find((s) => s.groupId === c.groupId && s.role === "infra");
      if (sandbox?.state !== "running") throw new Error(`cannot join the network namespace of sandbox ${sandbox?.id}: it is not running`);
    }
    Object.assign(c, { state: "running", startedAt: this.time(), finishedAt: null, exitCode: 0, oomKilled: false, ipAddress: c.role === "infra" ? "172.17.0.2" : null });
    this.log.push(`start ${this.label(c)}`);
    this.changed(c.groupId);
  }

  async resizeSandbox(id: string, limits: { nanoCpus: number; memoryBytes: number }): Promise<void> {
    this.check();
    Object.assign(this.get(id), limits);
    this.log.push("resize");
  }

  async removeContainer(id: string): Promise<void> {
    this.check();
    const c = this.containers.get(id);
    if (!c) return;
    this.containers.delete(id);
    this.log.push(`remove ${this.label(c)}`);
    this.changed(c.groupId);
  }

  async logs(): Promise<Readable> {
    this.check();
    return Readable.from([]);
  }

  async exec(): Promise<ExecProcess> {
    throw new Error("the in-memory runtime runs no processes");
  }

  watch(onChange: (groupId: string) => void, onResumed: () => void): () => void {
    this.watchers.add(onChange);
    this.resumeWatchers.add(onResumed);
    return () => {
      this.watchers.delete(onChange);
      this.resumeWatchers.delete(onResumed);
    };
  }

  /** Tells the watchers that events resumed after a break, as Docker's event stream coming back does. */
  resumeEvents(): void {
    for (const w of this.resumeWatchers) w();
  }

  private create(groupId: string, fields: Pick<ObservedContainer, "role" | "name" | "specHash" | "nanoCpus" | "memoryBytes">): string {
    this.check();
    const id = `c${this.nextId++}`;
    const c: FakeContainer = { id, groupId, ...fields, state: "created", exitCode: 0, oomKilled: false, error: "", startedAt: null, finishedAt: null, ipAddress: null, ports: [] };
    this.containers.set(id, c);
    this.log.push(`create ${this.label(c)}`);
    this.changed(groupId);
    return id;
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw Object.assign(new Error(`no such container: ${id}`), { statusCode: 404 });
    return c;
  }

  private label(c: FakeContainer): string {
    return c.role === "infra" ? "sandbox" : c.name;
  }

  private time(): string {
    return new Date(this.now()).toISOString();
  }

  private check(): void {
    if (this.unavailable) throw Object.assign(new Error("connect ENOENT /var/run/docker.sock"), { code: "ENOENT" });
  }

  private changed(groupId: string): void {
    for (const w of this.watchers) w(groupId);
  }
}
