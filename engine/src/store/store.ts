import type { ContainerGroupSpec, ContainerStatus, Event, HealthStatus, PublishedPort, Volume } from "@eci/sdk";
import type { AccountStore } from "./account-store";
import type { CacheStore } from "./cache-store";
import type { CredentialStore } from "./credential-store";
import type { DiskStore } from "./disk-store";
import type { ImageAccessStore } from "./image-access-store";
import type { MetricStore } from "./metric-store";
import type { NetworkStore } from "./network-store";
import type { PoolStore } from "./pool-store";
import type { UsageStore } from "./usage-store";

/** The phases the reconciler observes; the API's status adds the transitional ones from the generations. */
export type GroupPhase = "pending" | "running" | "succeeded" | "failed";

/** What the engine keeps to supervise one container across restarts, its own and the engine's. */
export interface Supervision {
  restartCount: number;
  /** How many back-offs in a row; the next delay is base × 2^level. */
  backoffLevel: number;
  /** The container exit that the engine has already accounted for (see `exitKey`). */
  handledExit: string | null;
  /** When the container may be started again, in ms since the epoch; null when no restart is pending. */
  nextStartAt: number | null;
  lastAbnormalExitAt: string | null;
}

export interface ObservedGroup {
  phase: GroupPhase;
  statusReason: string | null;
  healthStatus: HealthStatus;
  privateIp: string | null;
  ports: PublishedPort[];
  containers: Record<string, ContainerStatus>;
  supervision: Record<string, Supervision>;
  /** Every work container was started at least once: later sandbox or container restarts keep the group `running`. */
  startedOnce: boolean;
  failedAt: string | null;
  /** The sandbox stop the engine has already accounted for (`<container id>/<finishedAt>`), so it is reported once. */
  sandboxExit?: string | null;
}

export interface GroupRecord {
  id: string;
  accountId: string;
  /** The accepted spec, each `secureEnv` value sealed (`sealSecureEnv`): the store never holds one in plain text. */
  spec: ContainerGroupSpec;
  cpu: number;
  memory: number;
  updateGeneration: number;
  observedUpdateGeneration: number;
  restartGeneration: number;
  observedRestartGeneration: number;
  deleteRequested: boolean;
  observed: ObservedGroup;
  /** The private IP the engine chose in the group's vxnet (VPC mode); null on the basic network. */
  assignedIp: string | null;
  /** Grows by one with each accepted spec (SPEC §7 "Versions"); 1 when created. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The standby pool that holds the group until it is claimed (SPEC §8); null or absent otherwise. */
  standbyPoolId?: string | null;
  /** See `ConfigBasis`; absent for groups never claimed with other config files. */
  configBasis?: ConfigBasis;
}

/**
 * Per config-file volume of a claimed group: the content its containers were created with (`original`)
 * while the spec holds the claim's content (whose hash is `claimed`). The files are rewritten in place
 * and the containers kept; a later edit of the volume drops the basis and re-creates them as usual.
 */
export type ConfigBasis = Record<string, { claimed: string; original: NonNullable<Volume["configFile"]> }>;

export interface NewEvent {
  type: Event["type"];
  reason: string;
  message: string;
  container?: string | null;
}

/**
 * The engine's durable state. Calls are synchronous: a check and the write that depends on it (a quota
 * and an insert) run without an await between them, so they cannot interleave with another request.
 * A write given an `expectedVersion` (a request's `If-Match`) compares and writes in one statement and
 * returns false, writing nothing, when the resource no longer has that version (or no longer exists).
 */
export interface Store {
  readonly accounts: AccountStore;
  readonly credentials: CredentialStore;
  readonly caches: CacheStore;
  readonly disks: DiskStore;
  readonly networks: NetworkStore;
  readonly metrics: MetricStore;
  readonly usage: UsageStore;
  readonly imageAccess: ImageAccessStore;
  readonly pools: PoolStore;

  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;

  /** Creates an account with one key (named `initial`). */
  createAccount(id: string, name: string, keyHash: string): void;

  insertGroup(record: GroupRecord): void;
  /** A group that is not deleted, of any account. */
  getGroup(id: string): GroupRecord | undefined;
  listGroups(accountId: string): GroupRecord[];
  listGroupIds(): string[];
  countGroups(accountId: string, hostTypes: readonly string[]): number;
  /** Stores a new spec and bumps the version; `online` marks an update the reconciler must apply (status `updating`). */
  replaceSpec(id: string, spec: ContainerGroupSpec, size: { cpu: number; memory: number }, online: boolean, assignedIp: string | null, expectedVersion?: number): boolean;
  requestRestart(id: string): void;
  requestDelete(id: string, expectedVersion?: number): boolean;
  /** Writes what the reconciler saw, and the generations it finished applying, leaving the desired state alone. */
  saveObserved(id: string, observed: ObservedGroup, applied?: { updateGeneration: number; restartGeneration: number }): void;
  markDeleted(id: string): void;
  /** The groups standby pools hold (not yet claimed, deleted ones excluded), of every pool. */
  listPooledGroups(): GroupRecord[];
  /**
   * Takes a pooled group out of its pool with the claim's spec and config basis, bumping the version;
   * false, writing nothing, when the group is no longer pooled (another claim took it).
   */
  claimGroup(id: string, spec: ContainerGroupSpec, configBasis: ConfigBasis): boolean;

  appendEvent(groupId: string, event: NewEvent): void;
  listEvents(groupId: string): Event[];

  close(): void;
}
