import type { BillingItem } from "@eci/sdk";
import type { UsageInterval } from "../store/usage-store";
import { type Prices, unitPrice } from "./prices";
import { sizeKey } from "./usage-plan";

/** A bill's period in unix seconds; intervals still open accrue until `nowS`. */
export interface Period {
  fromS: number;
  toS: number;
  nowS: number;
}

/**
 * Prices usage intervals (oldest first) for a period: each interval clipped to [from, to), one item
 * per resource and size with its seconds summed, each amount rounded to 6 decimal places. Free
 * resources (VPCs and security groups unless priced) are left out: a bill lists what costs money.
 */
export function invoice(intervals: readonly UsageInterval[], prices: Prices, period: Period): { total: number; items: BillingItem[] } {
  const items = new Map<string, BillingItem>();
  for (const i of intervals) {
    const seconds = Math.min(i.endedAtS ?? period.nowS, period.toS) - Math.max(i.startedAtS, period.fromS);
    if (seconds <= 0) continue;
    const key = `${i.resourceId} ${sizeKey(i.size)}`;
    const item = items.get(key) ?? { resourceId: i.resourceId, kind: i.kind, name: i.name, size: i.size, seconds: 0, unitPrice: unitPrice(prices, i.kind, i.size), amount: 0 };
    items.set(key, { ...item, name: i.name, seconds: item.seconds + seconds });
  }
  const priced = [...items.values()].filter((item) => item.unitPrice > 0).map((item) => ({ ...item, amount: money((item.seconds * item.unitPrice) / 3600) }));
  return { total: money(priced.reduce((sum, item) => sum + item.amount, 0)), items: priced };
}

/** Amounts to a millionth of the currency: per-second accrual of cheap resources stays visible, and float noise does not. */
function money(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
