import { type HostType, QUOTA_NAMES, type QuotaName } from "@eci/sdk";
import type { Store } from "../store/store";

/** The host types whose groups count against each group quota (SPEC §5). */
export const STANDARD_HOSTS: readonly HostType[] = ["basic", "performance"];
export const PREMIUM_HOSTS: readonly HostType[] = ["super-high-performance", "enterprise-e1", "enterprise-e2"];

/** What an account uses of one quota now: its groups (deleted ones excluded) or image caches. Enforcement and `GET /v1/quotas` both count with it. */
export function quotaUsed(store: Store, accountId: string, quota: QuotaName): number {
  if (quota === "imageCaches") return store.caches.list(accountId).length;
  return store.countGroups(accountId, quota === "premiumGroups" ? PREMIUM_HOSTS : STANDARD_HOSTS);
}

/** What an account uses of each quota now. */
export function quotaUsage(store: Store, accountId: string): Record<QuotaName, number> {
  return Object.fromEntries(QUOTA_NAMES.map((q) => [q, quotaUsed(store, accountId, q)])) as Record<QuotaName, number>;
}
