import type { UsageSize } from "@eci/sdk";
import type { CacheRecord } from "../store/cache-store";
import type { DiskRecord } from "../store/disk-store";
import type { NetworkRecord } from "../store/network-store";
import type { GroupRecord } from "../store/store";
import type { UsageChange, UsageInterval } from "../store/usage-store";

/** What a resource should be accruing now: whose, under which name, at which size. */
export interface Accrual {
  accountId: string;
  name: string;
  size: UsageSize;
}

/**
 * Whether a group accrues now (SPEC §6): from when it first runs until it is deleted, fails or
 * succeeds. `accruing` says whether it already does: a group that is `pending` again after running (a
 * restart, a re-created sandbox) keeps accruing, and one that never ran, or that is pending again
 * after it failed or succeeded, does not start to until it runs.
 */
export function groupAccrual(group: GroupRecord | undefined, accruing: boolean): Accrual | null {
  if (!group || group.deleteRequested) return null;
  const { phase } = group.observed;
  if (phase === "failed" || phase === "succeeded" || (phase === "pending" && !accruing)) return null;
  return { accountId: group.accountId, name: group.spec.name, size: { cpu: group.cpu, memory: group.memory, hostType: group.spec.hostType } };
}

/** Image caches accrue on `sizeGB` from creation until they fail (a failed cache holds nothing to use) or their deletion is asked for. */
export function cacheAccrual(cache: CacheRecord | undefined): Accrual | null {
  if (!cache || cache.deleteRequested || cache.status === "failed") return null;
  return { accountId: cache.accountId, name: cache.spec.name, size: { sizeGB: cache.spec.sizeGB } };
}

export function diskAccrual(disk: DiskRecord | undefined): Accrual | null {
  return disk ? { accountId: disk.accountId, name: disk.spec.name, size: { sizeGB: disk.spec.sizeGB, diskType: disk.spec.type } } : null;
}

/** EIPs, VPCs and security groups: one unit each, from creation to deletion. */
export function networkAccrual(record: NetworkRecord | undefined): Accrual | null {
  return record ? { accountId: record.accountId, name: record.spec.name, size: {} } : null;
}

/**
 * The change that brings a resource's open interval in line with what it should accrue now:
 * open one, close it, close it and open another at a new size, or rename it. Nothing when they agree,
 * so applying the plan again (after a restart, say) changes nothing.
 */
export function planUsage(open: UsageInterval | undefined, want: Accrual | null): UsageChange | undefined {
  if (!open) return want ? { open: want } : undefined;
  if (!want) return { close: true };
  if (sizeKey(open.size) !== sizeKey(want.size)) return { close: true, open: want };
  return open.name === want.name ? undefined : { rename: want.name };
}

/** The same text for the same size, whatever the order of its fields. */
export function sizeKey(size: UsageSize): string {
  return JSON.stringify(Object.entries(size).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}
