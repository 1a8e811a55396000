import { type ContainerGroupSpec, StandbyPoolIdSchema } from "@eci/sdk";
import { EngineError } from "../errors";
import { specHash } from "../runtime/labels";
import type { PoolRecord } from "../store/pool-store";
import type { GroupRecord, Store } from "../store/store";
import type { Metering } from "./billing-service";
import type { Reconciliation, StandbyHooks } from "./group-service-deps";
import { groupStatus } from "./group-view";
import { claimBasis } from "./standby-claim";

/** The groups standby pools hold (SPEC §8): claims of the ready ones, and deletions of those a pool no longer needs. */
export class PooledGroups {
  constructor(
    private readonly store: Store,
    private readonly reconciliation: Reconciliation,
    private readonly metering: Metering,
    private readonly standby: StandbyHooks,
  ) {}

  /** The caller's standby pool that a create's `standbyPoolId` names; 422 when there is none. */
  pool(accountId: string, raw: unknown): PoolRecord {
    const parsed = StandbyPoolIdSchema.safeParse(raw);
    const pool = parsed.success ? this.store.pools.get(parsed.data) : undefined;
    if (!pool || pool.accountId !== accountId) {
      throw EngineError.validation([{ path: "standbyPoolId", rule: "exists", value: raw, message: "no such standby pool" }]);
    }
    return pool;
  }

  /** Takes a ready group of the pool, if there is one, applying the claim's metadata and config files without restarting it. */
  claim(poolId: string, profile: ContainerGroupSpec, spec: ContainerGroupSpec): GroupRecord | undefined {
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

  /** Deletes a group a pool holds (drained, or no longer needed). */
  delete(id: string): void {
    const group = this.store.getGroup(id);
    if (!group || group.deleteRequested) return;
    if (groupStatus(group) === "pending" && !group.observed.privateIp) return; // deleted on a later pass, once it has an IP
    this.store.requestDelete(id);
    this.metering.record("container-group", id);
    this.reconciliation.interrupt(id);
    this.reconciliation.enqueue(id);
  }
}

/** Whether a pooled group runs the pool's profile as it is now (not one the pool is draining). */
export function ofProfile(g: GroupRecord, profile: ContainerGroupSpec): boolean {
  return specHash(g.spec) === specHash(profile);
}

/** A pooled group a claim can take: running and healthy. */
export function isReady(g: GroupRecord): boolean {
  return !g.deleteRequested && groupStatus(g) === "running" && g.observed.healthStatus === "healthy";
}
