import type { Readable } from "node:stream";
import type { PublishedPort } from "@eci/sdk";
import type { Role } from "./labels";

/** A container of a group as Docker reports it. */
export interface ObservedContainer {
  id: string;
  role: Role;
  /** The container's name in the group spec; empty for the sandbox. */
  name: string;
  specHash: string;
  state: "created" | "running" | "exited" | "other";
  exitCode: number;
  oomKilled: boolean;
  /** Docker's error when the container could not start (a missing executable, say). */
  error: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Sandbox only: the group's address and published ports. */
  ipAddress: string | null;
  ports: PublishedPort[];
  /** Sandbox only: the group limits currently applied. */
  nanoCpus: number;
  memoryBytes: number;
}

/**
 * Docker reports the container stopped but cannot start it again: containerd still holds the task of
 * its previous run (the daemon stopped while the container was stopping). Only removing it clears that.
 */
export class StuckContainerError extends Error {
  constructor(
    readonly containerId: string,
    dockerMessage: string,
  ) {
    super(`container ${containerId} cannot be started again: ${dockerMessage}`);
  }
}

/** One of the engine's containers as a list of all of them reports it: less than `ObservedContainer`, and cheap. */
export interface ContainerSummary {
  id: string;
  groupId: string;
  specHash: string;
  /** Docker's word for it: created, running, exited, paused, restarting, removing or dead. */
  state: string;
}

export interface SandboxSpec {
  groupId: string;
  specHash: string;
  hostname: string;
  ports: { port: number; protocol: "TCP" | "UDP" }[];
  /** Publish the ports on 127.0.0.1 (the basic network without an EIP); otherwise they are reached through the group's IP. */
  publish: boolean;
  /** A VPC's network and the group's fixed address in it; the default bridge when absent. */
  network?: { name: string; ip: string };
  shmSizeBytes?: number;
  nanoCpus: number;
  memoryBytes: number;
}

export interface MemberSpec {
  groupId: string;
  sandboxId: string;
  role: "init" | "work";
  name: string;
  specHash: string;
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  workingDir?: string;
  nanoCpus?: number;
  memoryBytes?: number;
  sharedMemory: boolean;
  maxLogSizeMB: number;
  mounts: Mount[];
}

/** A volume (a disk's Docker volume, by name) or a host directory bound into a container. */
export interface Mount {
  type: "volume" | "bind";
  source: string;
  target: string;
  readOnly: boolean;
}

/** Credentials for one registry, as Docker takes them. */
export interface RegistryAuth {
  serveraddress: string;
  username: string;
  password: string;
}

export interface ImageInfo {
  id: string;
  repoDigests: string[];
  sizeBytes: number;
}

export interface LogOptions {
  tail?: number;
  sinceSeconds?: number;
  follow?: boolean;
  timestamps?: boolean;
}

export interface ExecOptions {
  command: string[];
  tty: boolean;
}

/** A process started in a running container (the terminal), with its input attached. */
export interface ExecProcess {
  /** With a TTY, everything the terminal shows; without, the process's stdout. */
  stdout: Readable;
  /** Empty with a TTY. */
  stderr: Readable;
  write(data: Uint8Array): void;
  /** Ends the process's input, as a closed terminal or the end of piped input does. */
  endInput(): void;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves once the process has exited, with its exit code. */
  exitCode(): Promise<number>;
  /** Lets go of the process's streams (the client left). */
  detach(): void;
}

/**
 * What the engine needs from a container runtime. Every container it creates carries the engine's
 * labels, so the runtime can be asked what exists rather than trusting what the engine remembers.
 */
export interface ContainerRuntime {
  /** Makes sure the sandbox image exists; called once at start. */
  prepare(): Promise<void>;
  listGroupContainers(groupId: string): Promise<ObservedContainer[]>;
  /** Every container of this engine, from one list call (nothing inspected): what a resync compares with what it saw last, and how it finds orphans. */
  listContainers(): Promise<ContainerSummary[]>;
  /** Pulls an image; says how many compressed bytes were downloaded, when Docker reported it. */
  pullImage(ref: string, signal: AbortSignal, auth?: RegistryAuth): Promise<{ downloadedBytes: number | null }>;
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  /** Adds a tag that pins the image (nothing prunes a tagged image). */
  tagImage(ref: string, repo: string, tag: string): Promise<void>;
  /** Removes a tag; the image itself stays while other tags or containers use it. */
  untagImage(ref: string): Promise<void>;
  /** Logs in to a registry; throws when the registry refuses the credentials. */
  checkAuth(auth: RegistryAuth): Promise<void>;
  /**
   * Creates a named volume with the engine's labels (and these), and Docker's local-driver options
   * (`{type: "none", o: "bind", device}` for a disk: a bind of the disk's file system); an existing one is kept.
   */
  createVolume(name: string, labels: Record<string, string>, options?: Record<string, string>): Promise<void>;
  /** Where the volume's data is on the host (a bind volume's device), or undefined when it does not exist. */
  volumeMountpoint(name: string): Promise<string | undefined>;
  /** Removes a volume; one already gone is not an error, one in use is. */
  removeVolume(name: string): Promise<void>;
  /** Creates a bridge network with this range (the gateway is its first address); an existing one is kept. */
  createNetwork(name: string, cidr: string, labels: Record<string, string>): Promise<void>;
  /** Removes a network; one already gone is not an error. */
  removeNetwork(name: string): Promise<void>;
  createSandbox(spec: SandboxSpec): Promise<string>;
  createMember(spec: MemberSpec): Promise<string>;
  /** Starts a created or stopped container; one already running is not an error, one Docker can no longer start throws `StuckContainerError`. */
  startContainer(id: string): Promise<void>;
  /** Sets the group limits on a running sandbox. */
  resizeSandbox(id: string, limits: { nanoCpus: number; memoryBytes: number }): Promise<void>;
  /** Stops (SIGTERM, then SIGKILL after the engine's grace period) and removes; one already gone is not an error. */
  removeContainer(id: string): Promise<void>;
  /** Output of a container, stdout and stderr interleaved as text. */
  logs(id: string, options: LogOptions): Promise<Readable>;
  /** Starts a process in a running container, as the terminal does. */
  exec(id: string, options: ExecOptions): Promise<ExecProcess>;
  /**
   * Calls `onChange` with the group id whenever one of the engine's containers changes, and `onResumed`
   * when watching resumes after a break (changes during the break were not seen); returns a stop function.
   */
  watch(onChange: (groupId: string) => void, onResumed: () => void): () => void;
}
