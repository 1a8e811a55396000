import { type Bill, type BillingKind, BillingQuerySchema } from "@eci/sdk";
import { invoice } from "../billing/invoice";
import { Meter } from "../billing/meter";
import { type Prices, unitPrice } from "../billing/prices";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { Store } from "../store/store";

/** What the resource services need of billing: to record that a resource changed, and what it costs now. */
export interface Metering {
  /** Brings the resource's usage in line with what the store now says of it (created, resized, renamed, deleted). */
  record(kind: BillingKind, id: string): void;
  /** What the resource costs per hour now: the price of its open interval, 0 when it accrues nothing. */
  hourlyPrice(resourceId: string): number;
}

/**
 * Billing (SPEC §6): usage intervals recorded in the store, priced when a bill is read with the
 * operator's current prices.
 */
export class BillingService implements Metering {
  private readonly meter: Meter;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly prices: Prices,
  ) {
    this.meter = new Meter(store, clock);
  }

  record(kind: BillingKind, id: string): void {
    this.meter.sync(kind, id);
  }

  /** At start: resources created before billing existed, and any record a crash cut short. */
  recordAll(): void {
    this.meter.syncAll();
  }

  hourlyPrice(resourceId: string): number {
    const open = this.store.usage.findOpen(resourceId);
    return open ? unitPrice(this.prices, open.kind, open.size) : 0;
  }

  /** The account's bill for [from, to): `to` defaults to now, `from` to the start (UTC) of the month the period ends in. */
  bill(accountId: string, query: unknown): Bill {
    const q = parseBody(BillingQuerySchema, query);
    const nowMs = this.clock.now();
    const toS = Math.floor((q.to ? Date.parse(q.to) : nowMs) / 1000);
    // The month of the period's last second: a `to` of 1 March bills February.
    const fromS = q.from ? Math.floor(Date.parse(q.from) / 1000) : startOfMonthS(toS - 1);
    if (fromS >= toS) {
      throw EngineError.validation([
        q.to
          ? { path: "to", rule: "after:from", value: q.to, message: `must be after from (${isoTime(fromS * 1000)})` }
          : { path: "from", rule: "before:now", value: q.from, message: "must be in the past" },
      ]);
    }
    const intervals = this.store.usage.list(accountId, fromS, toS);
    const { total, items } = invoice(intervals, this.prices, { fromS, toS, nowS: Math.floor(nowMs / 1000) });
    return { currency: this.prices.currency, from: isoTime(fromS * 1000), to: isoTime(toS * 1000), total, items };
  }
}

function startOfMonthS(s: number): number {
  const d = new Date(s * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
}
