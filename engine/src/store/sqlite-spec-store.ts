import type Database from "better-sqlite3";
import type { SpecRecord, SpecStore } from "./spec-store";
import { IF_VERSION, versionParams } from "./versioned-write";

interface Row {
  id: string;
  account_id: string;
  spec: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A `SpecStore` in one table (`disks`, `standby_pools`: id, account_id, spec as JSON, version, times, deleted_at). */
export class SqliteSpecStore<Spec> implements SpecStore<Spec> {
  constructor(
    private readonly db: Database.Database,
    private readonly table: "disks" | "standby_pools",
  ) {}

  insert(r: SpecRecord<Spec>): void {
    this.db
      .prepare(`INSERT INTO ${this.table} (id, account_id, spec, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(r.id, r.accountId, JSON.stringify(r.spec), r.version, r.createdAt, r.updatedAt);
  }

  get(id: string): SpecRecord<Spec> | undefined {
    const row = this.db.prepare(`SELECT * FROM ${this.table} WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    return row && toRecord<Spec>(row);
  }

  list(accountId?: string): SpecRecord<Spec>[] {
    const rows = accountId
      ? this.db.prepare(`SELECT * FROM ${this.table} WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`).all(accountId)
      : this.db.prepare(`SELECT * FROM ${this.table} WHERE deleted_at IS NULL ORDER BY created_at, id`).all();
    return (rows as Row[]).map((row) => toRecord<Spec>(row));
  }

  replaceSpec(id: string, spec: Spec, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE ${this.table} SET spec = ?, updated_at = ?, version = version + 1 WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(JSON.stringify(spec), at, id, ...versionParams(expectedVersion)).changes > 0;
  }

  markDeleted(id: string, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE ${this.table} SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(at, id, ...versionParams(expectedVersion)).changes > 0;
  }
}

function toRecord<Spec>(r: Row): SpecRecord<Spec> {
  return { id: r.id, accountId: r.account_id, spec: JSON.parse(r.spec), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}
