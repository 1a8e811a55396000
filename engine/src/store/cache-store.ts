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
  createdAt: string;
  updatedAt: string;
}

/** Image caches: the spec, and what the cache reconciler found. */
export interface CacheStore {
  insert(record: CacheRecord): void;
  /** A cache that is not deleted, of any account. */
  get(id: string): CacheRecord | undefined;
  list(accountId: string): CacheRecord[];
  listIds(): string[];
  rename(id: string, name: string, description: string, at: string): void;
  saveObserved(id: string, observed: Pick<CacheRecord, "status" | "statusReason" | "cachedImages" | "failedAt">, at: string): void;
  requestDelete(id: string, at: string): void;
  markDeleted(id: string, at: string): void;
}
