import type Database from "better-sqlite3";
import type { CacheRecord, CacheStore } from "./cache-store";
import { IF_VERSION, versionParams } from "./versioned-write";

interface Row {
  id: string;
  account_id: string;
  spec: string;
  status: CacheRecord["status"];
  status_reason: string | null;
  cached_images: string;
  delete_requested: number;
  failed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export class SqliteCacheStore implements CacheStore {
  constructor(private readonly db: Database.Database) {}

  insert(r: CacheRecord): void {
    this.db
      .prepare("INSERT INTO image_caches (id, account_id, spec, status, cached_images, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(r.id, r.accountId, JSON.stringify(r.spec), r.status, JSON.stringify(r.cachedImages), r.version, r.createdAt, r.updatedAt);
  }

  get(id: string): CacheRecord | undefined {
    const row = this.db.prepare("SELECT * FROM image_caches WHERE id = ? AND deleted_at IS NULL").get(id) as Row | undefined;
    return row && toRecord(row);
  }

  list(accountId: string): CacheRecord[] {
    return (this.db.prepare("SELECT * FROM image_caches WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id").all(accountId) as Row[]).map(toRecord);
  }

  listIds(): string[] {
    return (this.db.prepare("SELECT id FROM image_caches WHERE deleted_at IS NULL").all() as { id: string }[]).map((r) => r.id);
  }

  rename(id: string, name: string, description: string, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE image_caches SET spec = json_set(spec, '$.name', ?, '$.description', ?), updated_at = ?, version = version + 1
      WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(name, description, at, id, ...versionParams(expectedVersion)).changes > 0;
  }

  saveObserved(id: string, o: Pick<CacheRecord, "status" | "statusReason" | "cachedImages" | "failedAt">, at: string): void {
    this.db
      .prepare("UPDATE image_caches SET status = ?, status_reason = ?, cached_images = ?, failed_at = ?, updated_at = ? WHERE id = ?")
      .run(o.status, o.statusReason, JSON.stringify(o.cachedImages), o.failedAt, at, id);
  }

  requestDelete(id: string, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE image_caches SET delete_requested = 1, updated_at = ? WHERE id = ? AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(at, id, ...versionParams(expectedVersion)).changes > 0;
  }

  markDeleted(id: string, at: string): void {
    this.db.prepare("UPDATE image_caches SET deleted_at = ? WHERE id = ?").run(at, id);
  }
}

function toRecord(r: Row): CacheRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    spec: JSON.parse(r.spec),
    status: r.status,
    statusReason: r.status_reason,
    cachedImages: JSON.parse(r.cached_images),
    deleteRequested: r.delete_requested === 1,
    failedAt: r.failed_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
