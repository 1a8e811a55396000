import { type ContainerGroupSpec, type StandbyPool, StandbyPoolSpecSchema, type ValidationIssue } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { PoolRecord } from "../store/pool-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import { isReady, ofProfile } from "./pooled-groups";
import { groupStatus } from "./group-view";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/** What the pool rules need of the group rules. */
export interface ProfileRules {
  /** A profile's checks as a group spec's, and its stored form (secureEnv sealed, keeping `current`'s unchanged values). */
  parseProfile(accountId: string, profile: ContainerGroupSpec, current?: ContainerGroupSpec): ContainerGroupSpec;
}

/**
 * Standby pools (SPEC §8, after Azure Container Instances' standby pools): groups of one profile kept
 * running ahead of demand. This writes the pool and returns; the pool reconciler creates and drains
 * its groups.
 */
export class StandbyPoolService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly rules: ProfileRules,
    private readonly refill: (poolId: string) => void,
    private readonly metering: Metering,
  ) {}

  create(accountId: string, body: unknown): StandbyPool {
    const spec = this.parse(accountId, body);
    const now = isoTime(this.clock.now());
    const record: PoolRecord = { id: newId("sp"), accountId, spec, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    this.store.pools.insert(record);
    this.refill(record.id);
    return this.view(record);
  }

  list(accountId: string): { items: StandbyPool[]; total: number } {
    const items = this.store.pools.list(accountId).map((r) => this.view(r));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): StandbyPool {
    return this.view(this.find(accountId, id));
  }

  /** A changed profile drains the pool and refills it; a changed capacity adds or removes groups. `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): StandbyPool {
    const current = this.find(accountId, id);
    checkVersion(`Standby pool ${id}`, ifMatch, current.version);
    const spec = this.parse(accountId, body, current.spec.profile);
    ensureWritten(this.store.pools.replaceSpec(id, spec, isoTime(this.clock.now()), ifMatch), `Standby pool ${id}`, ifMatch, () => this.store.pools.get(id));
    this.refill(id);
    return this.get(accountId, id);
  }

  /** Deletes the pool; its pooled groups are deleted with it (claimed ones are the user's and stay). */
  delete(accountId: string, id: string, ifMatch?: number): void {
    checkVersion(`Standby pool ${id}`, ifMatch, this.find(accountId, id).version);
    ensureWritten(this.store.pools.markDeleted(id, isoTime(this.clock.now()), ifMatch), `Standby pool ${id}`, ifMatch, () => this.store.pools.get(id));
    this.refill(id);
  }

  private parse(accountId: string, body: unknown, current?: ContainerGroupSpec) {
    const spec = parseBody(StandbyPoolSpecSchema, body);
    const profile = this.rules.parseProfile(accountId, spec.profile, current);
    const issues = sharedThings(profile);
    if (issues.length > 0) throw EngineError.validation(issues);
    return { ...spec, profile };
  }

  private view(r: PoolRecord): StandbyPool {
    const pooled = this.store.listPooledGroups().filter((g) => g.standbyPoolId === r.id && !g.deleteRequested);
    // Groups of an earlier profile are being drained: they count for neither.
    const live = pooled.filter((g) => ofProfile(g, r.spec.profile) && !["failed", "succeeded"].includes(groupStatus(g)));
    const readyCount = live.filter(isReady).length;
    const { spec } = r;
    return {
      id: r.id,
      name: spec.name,
      description: spec.description,
      // Write-only, as in a group's read: the names of secret variables, never their values.
      profile: { ...spec.profile, containers: spec.profile.containers.map(({ secureEnv, ...c }) => ({ ...c, secureEnvNames: Object.keys(secureEnv ?? {}).sort() })) },
      maxReadyCapacity: spec.maxReadyCapacity,
      status: readyCount >= spec.maxReadyCapacity ? "ready" : "filling",
      readyCount,
      creatingCount: live.length - readyCount,
      hourlyPrice: pooled.reduce((sum, g) => sum + this.metering.hourlyPrice(g.id), 0),
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  private find(accountId: string, id: string): PoolRecord {
    const record = this.store.pools.get(id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("Standby pool", id);
    return record;
  }
}

/** What one group holds alone and so cannot be in a profile that many groups share: a disk, a fixed IP, an EIP. */
function sharedThings(profile: ContainerGroupSpec): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  profile.volumes.forEach((v, i) => {
    if (v.disk) issues.push({ path: `profile.volumes[${i}].disk`, rule: "not_in_standby_pool", value: v.disk.diskId, message: "a disk is attached to one group at a time, so the pool's groups cannot share it" });
  });
  const net = profile.network;
  if (net?.mode === "vpc" && net.privateIp) issues.push({ path: "profile.network.privateIp", rule: "not_in_standby_pool", value: net.privateIp, message: "a fixed IP belongs to one group, so the pool's groups cannot share it; leave it out to get one each" });
  if (net?.mode === "basic" && net.eipId) issues.push({ path: "profile.network.eipId", rule: "not_in_standby_pool", value: net.eipId, message: "an EIP is bound to one group at a time, so the pool's groups cannot share it" });
  return issues;
}
