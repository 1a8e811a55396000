import type Database from "better-sqlite3";
import type { DiskRecord, DiskStore } from "./disk-store";
import { IF_VERSION, versionParams } from "./versioned-write";

interface Row {
  id: string;
  account_id: string;
  spec: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export class SqliteDiskStore implements DiskStore {
  constructor(private readonly db: Database.Database) {}

  insert(r: DiskRecord): void {
    this.db
      .prepare("INSERT INTO disks (id, account_id, spec, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(r.id, r.accountId, JSON.stringify(r.spec), r.version, r.createdAt, r.updatedAt);
  }

  get(id: string): DiskRecord | undefined {
    const row = this.db.prepare("SELECT * FROM disks WHERE id = ? AND deleted_at IS NULL").get(id) as Row | undefined;
    return row && toRecord(row);
  }

  list(accountId?: string): DiskRecord[] {
    const rows = accountId
      ? this.db.prepare("SELECT * FROM disks WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id").all(accountId)
      : this.db.prepare("SELECT * FROM disks WHERE deleted_at IS NULL ORDER BY created_at, id").all();
    return (rows as Row[]).map(toRecord);
  }

  replaceSpec(id: string, spec: DiskRecord["spec"], at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE disks SET spec = ?, updated_at = ?, version = version + 1 WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(JSON.stringify(spec), at, id, ...versionParams(expectedVersion)).changes > 0;
  }

  markDeleted(id: string, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE disks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(at, id, ...versionParams(expectedVersion)).changes > 0;
  }
}

function toRecord(r: Row): DiskRecord {
  return { id: r.id, accountId: r.account_id, spec: JSON.parse(r.spec), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}
