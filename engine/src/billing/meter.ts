import type { BillingKind } from "@eci/sdk";
import type { Clock } from "../clock";
import type { Store } from "../store/store";
import { type Accrual, cacheAccrual, diskAccrual, groupAccrual, networkAccrual, planUsage } from "./usage-plan";

/**
 * Keeps the usage intervals in the store in line with the resources in the store, level-based: it
 * looks at what a resource is now and at its open interval, never at what an event said, so calling
 * it twice, or again after a restart of the engine, neither loses nor double-counts anything.
 */
export class Meter {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Opens, closes, splits (a new size) or renames the resource's interval as what the store says of it now requires. */
  sync(kind: BillingKind, id: string): void {
    const open = this.store.usage.findOpen(id);
    const change = planUsage(open, this.accrual(kind, id, open !== undefined));
    if (change) this.store.usage.apply(id, kind, change, Math.floor(this.clock.now() / 1000));
  }

  /** Syncs every resource and every open interval: those created before billing existed, and any sync a crash cut short. */
  syncAll(): void {
    const { store } = this;
    const resources: Array<[BillingKind, string]> = [
      ...store.listGroupIds().map((id): [BillingKind, string] => ["container-group", id]),
      ...store.caches.listIds().map((id): [BillingKind, string] => ["image-cache", id]),
      ...store.disks.list().map((d): [BillingKind, string] => ["disk", d.id]),
      ...(["eip", "vpc", "security-group"] as const).flatMap((kind) => store.networks.list(kind).map((r): [BillingKind, string] => [kind, r.id])),
      ...store.usage.listOpen().map((i): [BillingKind, string] => [i.kind, i.resourceId]),
    ];
    for (const [kind, id] of resources) this.sync(kind, id);
  }

  private accrual(kind: BillingKind, id: string, accruing: boolean): Accrual | null {
    switch (kind) {
      case "container-group":
        return groupAccrual(this.store.getGroup(id), accruing);
      case "image-cache":
        return cacheAccrual(this.store.caches.get(id));
      case "disk":
        return diskAccrual(this.store.disks.get(id));
      default:
        return networkAccrual(this.store.networks.get(kind, id));
    }
  }
}
