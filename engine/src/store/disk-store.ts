import type { DiskSpec } from "@eci/sdk";

export interface DiskRecord {
  id: string;
  accountId: string;
  spec: DiskSpec;
  /** Grows by one with each accepted spec (SPEC §7 "Versions"); 1 when created. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Disks: their specs only. Which group a disk is attached to follows from the groups' specs. Writes
 * given an `expectedVersion` compare and write at once, and return whether they wrote (see `Store`).
 */
export interface DiskStore {
  insert(record: DiskRecord): void;
  /** A disk that is not deleted, of any account. */
  get(id: string): DiskRecord | undefined;
  /** The account's disks, or every account's. */
  list(accountId?: string): DiskRecord[];
  replaceSpec(id: string, spec: DiskSpec, at: string, expectedVersion?: number): boolean;
  markDeleted(id: string, at: string, expectedVersion?: number): boolean;
}
