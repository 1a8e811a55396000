import type { BillingKind, UsageSize } from "@eci/sdk";

/** A stretch of time during which one resource accrued at one size; `endedAtS` is null while it still does. */
export interface UsageInterval {
  accountId: string;
  resourceId: string;
  kind: BillingKind;
  name: string;
  size: UsageSize;
  /** Unix seconds: usage accrues per second. */
  startedAtS: number;
  endedAtS: number | null;
}

/** One step of a resource's usage, taken at one moment: close its open interval, open a new one, or rename the open one. */
export interface UsageChange {
  close?: boolean;
  open?: Pick<UsageInterval, "accountId" | "name" | "size">;
  rename?: string;
}

/**
 * Usage intervals, the record billing is priced from at read time. At most one interval per resource
 * is open (the database refuses a second), so no restart can count a resource twice.
 */
export interface UsageStore {
  /** Applies a change in one transaction, so a crash cannot close an interval without opening the next. */
  apply(resourceId: string, kind: UsageInterval["kind"], change: UsageChange, atS: number): void;
  findOpen(resourceId: string): UsageInterval | undefined;
  /** Every open interval, of every account. */
  listOpen(): UsageInterval[];
  /** The account's intervals that overlap [fromS, toS), oldest first; open ones overlap until the end of time. */
  list(accountId: string, fromS: number, toS: number): UsageInterval[];
}
