import type { HostType, QuotaName } from "@eci/sdk";
import type { Store } from "../store/store";

/** The host types whose groups count against each group quota (SPEC §5). */
export const STANDARD_HOSTS: readonly HostType[] = ["basic", "performance"];
export const PREMIUM_HOSTS: readonly HostType[] = ["super-high-performance", "enterprise-e1", "enterprise-e2"];

/** What an account uses of each quota now: its groups (deleted ones excluded) and image caches. */
export function quotaUsage(store: Store, accountId: string): Record<QuotaName, number> {
  return {
    standardGroups: store.countGroups(accountId, STANDARD_HOSTS),
    premiumGroups: store.countGroups(accountId, PREMIUM_HOSTS),
    imageCaches: store.caches.list(accountId).length,
  };
}
