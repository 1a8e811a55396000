import type { DiskSpec } from "@eci/sdk";

export interface DiskRecord {
  id: string;
  accountId: string;
  spec: DiskSpec;
  createdAt: string;
  updatedAt: string;
}

/** Disks: their specs only. Which group a disk is attached to follows from the groups' specs. */
export interface DiskStore {
  insert(record: DiskRecord): void;
  /** A disk that is not deleted, of any account. */
  get(id: string): DiskRecord | undefined;
  /** The account's disks, or every account's. */
  list(accountId?: string): DiskRecord[];
  replaceSpec(id: string, spec: DiskSpec, at: string): void;
  markDeleted(id: string, at: string): void;
}
