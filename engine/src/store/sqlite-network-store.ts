import type Database from "better-sqlite3";
import type { NetworkKind, NetworkRecord, NetworkSpecs, NetworkStore } from "./network-store";
import { IF_VERSION, versionParams } from "./versioned-write";

interface Row {
  id: string;
  account_id: string;
  kind: NetworkKind;
  spec: string;
  assigned: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export class SqliteNetworkStore implements NetworkStore {
  constructor(private readonly db: Database.Database) {}

  insert<K extends NetworkKind>(r: NetworkRecord<K>): void {
    this.db
      .prepare("INSERT INTO network_resources (id, account_id, kind, spec, assigned, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(r.id, r.accountId, r.kind, JSON.stringify(r.spec), JSON.stringify(r.assigned), r.version, r.createdAt, r.updatedAt);
  }

  get<K extends NetworkKind>(kind: K, id: string): NetworkRecord<K> | undefined {
    const row = this.db.prepare("SELECT * FROM network_resources WHERE id = ? AND kind = ? AND deleted_at IS NULL").get(id, kind) as Row | undefined;
    return row && (toRecord(row) as NetworkRecord<K>);
  }

  list<K extends NetworkKind>(kind: K, accountId?: string): NetworkRecord<K>[] {
    const rows = accountId
      ? this.db.prepare("SELECT * FROM network_resources WHERE kind = ? AND account_id = ? AND deleted_at IS NULL ORDER BY created_at, id").all(kind, accountId)
      : this.db.prepare("SELECT * FROM network_resources WHERE kind = ? AND deleted_at IS NULL ORDER BY created_at, id").all(kind);
    return (rows as Row[]).map((r) => toRecord(r) as NetworkRecord<K>);
  }

  replaceSpec<K extends NetworkKind>(kind: K, id: string, spec: NetworkSpecs[K], at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE network_resources SET spec = ?, updated_at = ?, version = version + 1 WHERE id = ? AND kind = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(JSON.stringify(spec), at, id, kind, ...versionParams(expectedVersion)).changes > 0;
  }

  markDeleted(id: string, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE network_resources SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(at, id, ...versionParams(expectedVersion)).changes > 0;
  }
}

function toRecord(r: Row): NetworkRecord {
  return { id: r.id, accountId: r.account_id, kind: r.kind, spec: JSON.parse(r.spec), assigned: JSON.parse(r.assigned), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}
