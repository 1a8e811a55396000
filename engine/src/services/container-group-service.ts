import type { Readable } from "node:stream";
import {
  type ContainerGroup,
  type ContainerGroupSpec,
  ContainerGroupSpecSchema,
  type Event,
  GroupStatusSchema,
  type HostType,
  groupRequest,
  normalizeRequest,
  registryOf,
  type GroupNetwork,
  StandbyPoolIdSchema,
  type ValidationIssue,
  type Volume,
  validate,
} from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import type { Quotas } from "../config";
import { EngineError } from "../errors";
import type { ContainerRuntime, ExecOptions, ExecProcess, LogOptions, ObservedContainer } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import { type SecretSealer, sealSecureEnv } from "../secrets/secure-env";
import type { GroupRecord, Store } from "../store/store";
import type { Metering } from "./billing-service";
import { groupStatus, toContainerGroup } from "./group-view";
import { newId } from "./ids";
import { PREMIUM_HOSTS, STANDARD_HOSTS, quotaUsed } from "./quota-usage";
import { claimBasis, profileMismatch } from "./standby-claim";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/** What the group rules need to know of the other resources a spec refers to. */
export interface GroupReferences {
  credentials: {
    /** The credential's server, when the account has that credential. */
    serverOf(accountId: string, id: string): string | undefined;
  };
  caches: { checkReference(accountId: string, id: string | undefined): ValidationIssue[] };
  disks: {
    checkVolumes(accountId: string, hostType: HostType, volumes: Volume[]): ValidationIssue[];
    /** Throws `in_use` when another group holds one of the disks. */
    checkAttachable(accountId: string, volumes: Volume[], groupId?: string): void;
  };
  /** Checks the network the spec names and returns the group's private IP in VPC mode (null otherwise). */
  placement: { place(accountId: string, groupId: string, network: GroupNetwork | undefined, current: string | null): string | null };
}

/** The part of the reconcile loop the API drives. */
export interface Reconciliation {
  enqueue(groupId: string): void;
  interrupt(groupId: string): void;
}

/** What groups ask of the reconcile loop. */
export interface GroupReconciliation extends Reconciliation {
  /** The id of a new group of this spec (one with its sandbox already running, when one fits). */
  newGroupId(spec: ContainerGroupSpec): string;
}

/** What claims and pooled groups ask of the rest of the engine (SPEC §8). */
export interface StandbyHooks {
  /** Rewrites a claimed group's config files in place (`ConfigBasis`), before the claim answers. */
  writeConfigFiles(group: GroupRecord): void;
  /** A pool lost a group (claimed, deleted): refill it. */
  refill(poolId: string): void;
}

const TRANSITIONAL = new Set(["updating", "restarting", "deleting"]);

export interface GroupFilters {
  status?: unknown;
  label?: unknown;
}

/**
 * The rules of container groups (SPEC §2, §5): validation, quotas, which operation each state allows.
 * It writes desired state and returns; the reconcile loop makes Docker follow.
 */
export class ContainerGroupService {
  constructor(
    private readonly store: Store,
    private readonly reconciliation: GroupReconciliation,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    /** The account's quota limits. */
    private readonly quotas: (accountId: string) => Quotas,
    private readonly refs: GroupReferences,
    private readonly metering: Metering,
    /** Seals `secureEnv` values before they are stored. */
    private readonly secrets: SecretSealer,
    private readonly standby: StandbyHooks = { writeConfigFiles: () => {}, refill: () => {} },
  ) {}

  /**
   * An ordinary create (status `pending`), or with `standbyPoolId` a claim of a ready group of that
   * pool (status `running` at once), falling back to an ordinary create when the pool has none ready.
   */
  create(accountId: string, body: unknown): ContainerGroup {
    const { standbyPoolId, ...rest } = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (standbyPoolId === undefined) return this.view(this.insertNew(accountId, sealSecureEnv(this.parseSpec(accountId, body), this.secrets), null));
    const pool = this.standbyPool(accountId, standbyPoolId);
    const spec = sealSecureEnv(this.parseSpec(accountId, rest), this.secrets, pool.spec.profile);
    const mismatch = profileMismatch(spec, pool.spec.profile, pool.id);
    if (mismatch) throw EngineError.validation([mismatch]);
    const claimed = this.claim(pool.id, pool.spec.profile, spec);
    if (claimed) return this.view(claimed);
    const record = this.insertNew(accountId, spec, null);
    this.store.appendEvent(record.id, { type: "Normal", reason: "StandbyPoolEmpty", message: `Standby pool ${pool.id} had no ready group; creating this one the ordinary way` });
    this.standby.refill(pool.id);
    return this.view(record);
  }

  /** A new group of a pool's profile (stored form, already validated), held by the pool until claimed. */
  createPooled(accountId: string, poolId: string, profile: ContainerGroupSpec): void {
    const record = this.insertNew(accountId, profile, poolId);
    this.store.appendEvent(record.id, { type: "Normal", reason: "Pooled", message: `Created for standby pool ${poolId}` });
  }

  /** Deletes a group a pool holds (drained, or no longer needed). */
  deletePooled(id: string): void {
    const group = this.store.getGroup(id);
    if (!group || group.deleteRequested) return;
    if (groupStatus(group) === "pending" && !group.observed.privateIp) return; // deleted on a later pass, once it has an IP
    this.store.requestDelete(id);
    this.metering.record("container-group", id);
    this.reconciliation.interrupt(id);
    this.reconciliation.enqueue(id);
  }

  /** The checks and stored form of a pool's profile: a group spec's rules and network, secureEnv sealed (keeping `current`'s unchanged values). */
  parseProfile(accountId: string, profile: ContainerGroupSpec, current?: ContainerGroupSpec): ContainerGroupSpec {
    const spec = sealSecureEnv(this.parseSpec(accountId, profile, "profile."), this.secrets, current);
    try {
      this.refs.placement.place(accountId, "(standby pool profile)", spec.network, null);
    } catch (err) {
      if (!(err instanceof EngineError) || err.code !== "validation_failed") throw err;
      throw EngineError.validation((err.details as ValidationIssue[]).map((i) => ({ ...i, path: `profile.${i.path}` })));
    }
    return spec;
  }

  /** Takes a ready group of the pool, if there is one, applying the claim's metadata and config files without restarting it. */
  private claim(poolId: string, profile: ContainerGroupSpec, spec: ContainerGroupSpec): GroupRecord | undefined {
    const ready = this.store.listPooledGroups().filter((g) => g.standbyPoolId === poolId && isReady(g) && ofProfile(g, profile));
    for (const group of ready) {
      if (!this.store.claimGroup(group.id, spec, claimBasis(group, spec))) continue;
      const claimed = this.store.getGroup(group.id) as GroupRecord;
      this.standby.writeConfigFiles(claimed);
      this.store.appendEvent(group.id, { type: "Normal", reason: "Claimed", message: `Claimed from standby pool ${poolId} as ${spec.name}` });
      this.standby.refill(poolId);
      this.reconciliation.enqueue(group.id);
      return claimed;
    }
    return undefined;
  }

  private standbyPool(accountId: string, raw: unknown) {
    const parsed = StandbyPoolIdSchema.safeParse(raw);
    const pool = parsed.success ? this.store.pools.get(parsed.data) : undefined;
    if (!pool || pool.accountId !== accountId) {
      throw EngineError.validation([{ path: "standbyPoolId", rule: "exists", value: raw, message: "no such standby pool" }]);
    }
    return pool;
  }

  private insertNew(accountId: string, spec: ContainerGroupSpec, standbyPoolId: string | null): GroupRecord {
    this.refs.disks.checkAttachable(accountId, spec.volumes);
    const size = sizeOf(spec);
    const premium = PREMIUM_HOSTS.includes(spec.hostType);
    const quota = premium ? "premiumGroups" : "standardGroups";
    const limit = this.quotas(accountId)[quota];
    const hosts = premium ? PREMIUM_HOSTS : STANDARD_HOSTS;
    const used = quotaUsed(this.store, accountId, quota);
    if (used >= limit) {
      throw new EngineError(
        "quota_exceeded",
        `The account already has ${used} of its ${limit} groups of host types ${hosts.join(", ")}; delete one or ask the operator for a larger quota`,
        { quota, limit, used, hostType: spec.hostType },
      );
    }
    const id = this.reconciliation.newGroupId(spec);
    const assignedIp = this.refs.placement.place(accountId, id, spec.network, null);
    const now = isoTime(this.clock.now());
    const record: GroupRecord = {
      id,
      accountId,
      spec,
      ...size,
      updateGeneration: 0,
      observedUpdateGeneration: 0,
      restartGeneration: 0,
      observedRestartGeneration: 0,
      deleteRequested: false,
      observed: { phase: "pending", statusReason: "scheduled", healthStatus: "checking", privateIp: null, ports: [], containers: {}, supervision: {}, startedOnce: false, failedAt: null },
      assignedIp,
      version: FIRST_VERSION,
      createdAt: now,
      updatedAt: now,
      standbyPoolId,
    };
    this.store.insertGroup(record);
    this.store.appendEvent(record.id, { type: "Normal", reason: "Scheduled", message: `Accepted group ${spec.name} (${size.cpu} vCPU, ${size.memory} GiB)` });
    this.reconciliation.enqueue(record.id);
    return record;
  }

  list(accountId: string, filters: GroupFilters): { items: ContainerGroup[]; total: number } {
    const status = filters.status === undefined ? undefined : GroupStatusSchema.safeParse(filters.status);
    if (status && !status.success) {
      throw EngineError.validation([{ path: "status", rule: `one_of:${GroupStatusSchema.options.join("|")}`, value: filters.status, message: "unknown status" }]);
    }
    const labels = parseLabelFilters(filters.label);
    // Pooled groups are the pool's until claimed: its read counts them.
    const items = this.store
      .listGroups(accountId)
      .filter((g) => !g.standbyPoolId)
      .map((g) => this.view(g))
      .filter((g) => !status || g.status === status.data)
      .filter((g) => labels.every(([k, v]) => g.labels[k] === v));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): ContainerGroup {
    return this.view(this.find(accountId, id));
  }

  /**
   * Replaces the spec. Only changed containers are re-created; name, description and labels change nothing at runtime.
   * With `ifMatch` (the version the caller read), only while the group still has that version.
   */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): { group: ContainerGroup; accepted: boolean } {
    const group = this.findOwn(accountId, id, "an online update");
    checkVersion(`Container group ${id}`, ifMatch, group.version);
    // Unchanged secureEnv values keep their sealed text, so they neither count as a change nor restart anything.
    const spec = sealSecureEnv(this.parseSpec(accountId, body), this.secrets, group.spec);
    if (spec.hostType !== group.spec.hostType) {
      throw new EngineError("immutable_field", `hostType cannot change (${group.spec.hostType} → ${spec.hostType}); create a new group instead`, [
        { path: "hostType", rule: "immutable", value: spec.hostType, message: `is ${group.spec.hostType} and cannot change` },
      ]);
    }
    const status = groupStatus(group);
    if (TRANSITIONAL.has(status) || status === "succeeded" || status === "failed") throw EngineError.invalidState(`Group ${id}`, status, "an online update");
    if (status === "pending" && !group.observed.privateIp) throw EngineError.invalidState(`Group ${id}`, "pending (its sandbox is not ready yet)", "an online update");
    this.refs.disks.checkAttachable(accountId, spec.volumes, id);
    const assignedIp = this.refs.placement.place(accountId, id, spec.network, group.assignedIp);
    const online = JSON.stringify(runtimeFields(spec)) !== JSON.stringify(runtimeFields(group.spec));
    ensureWritten(this.store.replaceSpec(id, spec, sizeOf(spec), online, assignedIp, ifMatch), `Container group ${id}`, ifMatch, () => this.store.getGroup(id));
    if (online) {
      this.store.appendEvent(id, { type: "Normal", reason: "Updating", message: "Applying an updated spec" });
      this.reconciliation.enqueue(id);
    }
    return { group: this.get(accountId, id), accepted: online };
  }

  restart(accountId: string, id: string): ContainerGroup {
    const group = this.findOwn(accountId, id, "a restart");
    const status = groupStatus(group);
    if (TRANSITIONAL.has(status) || status === "pending") throw EngineError.invalidState(`Group ${id}`, status, "a restart");
    this.store.requestRestart(id);
    this.store.appendEvent(id, { type: "Normal", reason: "Restarting", message: "Restarting every container, keeping the sandbox" });
    this.reconciliation.enqueue(id);
    return this.get(accountId, id);
  }

  delete(accountId: string, id: string, ifMatch?: number): ContainerGroup {
    const group = this.findOwn(accountId, id, "deleting it");
    checkVersion(`Container group ${id}`, ifMatch, group.version);
    const status = groupStatus(group);
    if (TRANSITIONAL.has(status)) throw EngineError.invalidState(`Group ${id}`, status, "deleting it");
    if (status === "pending" && !group.observed.privateIp) {
      throw new EngineError("pending_without_ip", `Group ${id} is pending and has no IP yet; retry the deletion in a few seconds`, { state: status });
    }
    ensureWritten(this.store.requestDelete(id, ifMatch), `Container group ${id}`, ifMatch, () => this.store.getGroup(id));
    // Billing stops when the deletion is asked for, not when the containers are finally gone.
    this.metering.record("container-group", id);
    this.reconciliation.interrupt(id);
    this.reconciliation.enqueue(id);
    return this.get(accountId, id);
  }

  events(accountId: string, id: string): { items: Event[]; total: number } {
    this.find(accountId, id);
    const items = this.store.listEvents(id);
    return { items, total: items.length };
  }

  async logs(accountId: string, id: string, container: string, options: LogOptions): Promise<Readable> {
    const { found } = await this.member(accountId, id, container);
    if (!found) throw new EngineError("container_not_started", `Container ${container} of group ${id} has not been created yet; it has no logs`);
    return this.runtime.logs(found.id, options);
  }

  /**
   * Checks that the container of the caller's group is running (the terminal needs it; 409 naming its
   * state otherwise) and returns how to start a process in it, so the check can answer before a
   * WebSocket is accepted and the process start after.
   */
  async execIn(accountId: string, id: string, container: string): Promise<(options: ExecOptions) => Promise<ExecProcess>> {
    const { found, state } = await this.member(accountId, id, container);
    if (found?.state === "running") return (options) => this.runtime.exec(found.id, options);
    // The engine may not have observed yet what Docker already says (a container that just exited).
    const seen = state === "running" ? (found?.state === "created" ? "created" : "terminated") : state;
    throw EngineError.invalidState(`Container ${container} of group ${id}`, seen, "a terminal");
  }

  /** A container of the caller's group: its Docker container, if created, and the state the API reports for it. */
  private async member(accountId: string, id: string, container: string): Promise<{ found?: ObservedContainer; state: string }> {
    const group = this.find(accountId, id);
    if (!group.spec.containers.some((c) => c.name === container)) throw EngineError.notFound("Container", `${container} of group ${id}`);
    const found = (await this.runtime.listGroupContainers(id)).find((c) => c.role !== "infra" && c.name === container);
    return { found, state: group.observed.containers[container]?.state ?? "waiting" };
  }

  /** The spec's own rules, then those that need the account's other resources (credentials, caches, disks); issue paths start with `prefix`. */
  private parseSpec(accountId: string, body: unknown, prefix = ""): ContainerGroupSpec {
    const spec = parseSpec(body, prefix);
    const issues: ValidationIssue[] = spec.containers.flatMap((c, i) => {
      if (!c.registryCredentialId) return [];
      const server = this.refs.credentials.serverOf(accountId, c.registryCredentialId);
      const path = `${prefix}containers[${i}].registryCredentialId`;
      if (!server) return [{ path, rule: "exists", value: c.registryCredentialId, message: "no such registry credential" }];
      const registry = registryOf(c.image);
      if (server !== registry) return [{ path, rule: "same_registry", value: c.registryCredentialId, message: `the credential is for ${server}, but image ${c.image} comes from ${registry}` }];
      return [];
    });
    issues.push(...this.refs.caches.checkReference(accountId, spec.imageCacheId));
    issues.push(...this.refs.disks.checkVolumes(accountId, spec.hostType, spec.volumes));
    if (issues.length > 0) throw EngineError.validation(issues.map((i) => ({ ...i, path: `${prefix}${i.path}` })));
    return spec;
  }

  private view(g: GroupRecord): ContainerGroup {
    return toContainerGroup(g, this.metering.hourlyPrice(g.id));
  }

  /** A group of the caller's that a standby pool does not hold: a pooled group changes only through its pool. */
  private findOwn(accountId: string, id: string, operation: string): GroupRecord {
    const group = this.find(accountId, id);
    if (group.standbyPoolId) throw EngineError.invalidState(`Group ${id}`, `held by standby pool ${group.standbyPoolId}`, `${operation} (claim it, or change the pool)`);
    return group;
  }

  private find(accountId: string, id: string): GroupRecord {
    const group = this.store.getGroup(id);
    if (!group || group.accountId !== accountId) throw EngineError.notFound("Container group", id);
    return group;
  }
}

function parseSpec(body: unknown, prefix: string): ContainerGroupSpec {
  const result = validate(ContainerGroupSpecSchema, body);
  if (!result.ok) throw EngineError.validation(result.issues.map((i) => ({ ...i, path: `${prefix}${i.path}` })));
  return result.value;
}

/** Whether a pooled group runs the pool's profile as it is now (not one the pool is draining). */
export function ofProfile(g: GroupRecord, profile: ContainerGroupSpec): boolean {
  return specHash(g.spec) === specHash(profile);
}

/** A pooled group a claim can take: running and healthy. */
export function isReady(g: GroupRecord): boolean {
  return !g.deleteRequested && groupStatus(g) === "running" && g.observed.healthStatus === "healthy";
}

function sizeOf(spec: ContainerGroupSpec): { cpu: number; memory: number } {
  const size = normalizeRequest(groupRequest(spec.containers));
  if (!size) throw new Error("unreachable: the schema refuses requests above the largest size");
  return size;
}

function runtimeFields(spec: ContainerGroupSpec): unknown {
  const { name: _name, description: _description, labels: _labels, ...rest } = spec;
  return rest;
}

function parseLabelFilters(raw: unknown): Array<[string, string]> {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.map((value) => {
    const text = String(value);
    const eq = text.indexOf("=");
    if (eq <= 0) throw EngineError.validation([{ path: "label", rule: "format:key=value", value: text, message: "must be key=value" }]);
    return [text.slice(0, eq), text.slice(eq + 1)];
  });
}
