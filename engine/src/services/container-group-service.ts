import type { Readable } from "node:stream";
import type { ContainerGroup, ContainerGroupSpec, Event, ValidationIssue } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import type { Quotas } from "../config";
import { EngineError } from "../errors";
import type { ContainerRuntime, ExecOptions, ExecProcess, LogOptions, ObservedContainer } from "../runtime/container-runtime";
import { type SecretSealer, sealSecureEnv } from "../secrets/secure-env";
import type { GroupRecord, Store } from "../store/store";
import type { Metering } from "./billing-service";
import { type GroupFilters, groupFilter } from "./group-filters";
import type { GroupReconciliation, GroupReferences, StandbyHooks } from "./group-service-deps";
import { parseGroupSpec, runtimeFields, sizeOf } from "./group-spec";
import { groupStatus, toContainerGroup } from "./group-view";
import { PooledGroups } from "./pooled-groups";
import { PREMIUM_HOSTS, STANDARD_HOSTS, quotaUsed } from "./quota-usage";
import { profileMismatch } from "./standby-claim";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

const TRANSITIONAL = new Set(["updating", "restarting", "deleting"]);

/**
 * The rules of container groups (SPEC §2, §5): validation, quotas, which operation each state allows.
 * It writes desired state and returns; the reconcile loop makes Docker follow.
 */
export class ContainerGroupService {
  /** The claims and deletions of the groups standby pools hold. */
  private readonly pooled: PooledGroups;

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
  ) {
    this.pooled = new PooledGroups(store, reconciliation, metering, standby);
  }

  /**
   * An ordinary create (status `pending`), or with `standbyPoolId` a claim of a ready group of that
   * pool (status `running` at once), falling back to an ordinary create when the pool has none ready.
   */
  create(accountId: string, body: unknown): ContainerGroup {
    const { standbyPoolId, ...rest } = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    if (standbyPoolId === undefined) return this.view(this.insertNew(accountId, sealSecureEnv(parseGroupSpec(this.refs, accountId, body), this.secrets), null));
    const pool = this.pooled.pool(accountId, standbyPoolId);
    const spec = sealSecureEnv(parseGroupSpec(this.refs, accountId, rest), this.secrets, pool.spec.profile);
    const mismatch = profileMismatch(spec, pool.spec.profile, pool.id);
    if (mismatch) throw EngineError.validation([mismatch]);
    const claimed = this.pooled.claim(pool.id, pool.spec.profile, spec);
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
    this.pooled.delete(id);
  }

  /** The checks and stored form of a pool's profile: a group spec's rules and network, secureEnv sealed (keeping `current`'s unchanged values). */
  parseProfile(accountId: string, profile: ContainerGroupSpec, current?: ContainerGroupSpec): ContainerGroupSpec {
    const spec = sealSecureEnv(parseGroupSpec(this.refs, accountId, profile, "profile."), this.secrets, current);
    try {
      this.refs.placement.place(accountId, "(standby pool profile)", spec.network, null);
    } catch (err) {
      if (!(err instanceof EngineError) || err.code !== "validation_failed") throw err;
      throw EngineError.validation((err.details as ValidationIssue[]).map((i) => ({ ...i, path: `profile.${i.path}` })));
    }
    return spec;
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
    const matches = groupFilter(filters);
    // Pooled groups are the pool's until claimed: its read counts them.
    const items = this.store
      .listGroups(accountId)
      .filter((g) => !g.standbyPoolId)
      .map((g) => this.view(g))
      .filter(matches);
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
    const spec = sealSecureEnv(parseGroupSpec(this.refs, accountId, body), this.secrets, group.spec);
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
