import type { CacheStatus, CachedImage, ImageCacheSpec } from "@eci/sdk";

export interface CacheRecord {
  id: string;
  accountId: string;
  spec: ImageCacheSpec;
  status: Exclude<CacheStatus, "deleting">;
  statusReason: string | null;
  cachedImages: CachedImage[];
  deleteRequested: boolean;
  failedAt: string | null;
  /** Grows by one with each accepted spec (SPEC §7 "Versions"); 1 when created. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Image caches: the spec, and what the cache reconciler found. Writes given an `expectedVersion`
 * compare and write at once, and return whether they wrote (see `Store`).
 */
export interface CacheStore {
  insert(record: CacheRecord): void;
  /** A cache that is not deleted, of any account. */
  get(id: string): CacheRecord | undefined;
  list(accountId: string): CacheRecord[];
  listIds(): string[];
  /** Name and description, the spec's only fields that change; bumps the version. */
  rename(id: string, name: string, description: string, at: string, expectedVersion?: number): boolean;
  saveObserved(id: string, observed: Pick<CacheRecord, "status" | "statusReason" | "cachedImages" | "failedAt">, at: string): void;
  requestDelete(id: string, at: string, expectedVersion?: number): boolean;
  markDeleted(id: string, at: string): void;
}
