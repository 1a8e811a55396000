import type Database from "better-sqlite3";
import type { CredentialRecord, CredentialStore } from "./credential-store";
import { IF_VERSION, versionParams } from "./versioned-write";

interface Row {
  id: string;
  account_id: string;
  name: string;
  server: string;
  username: string;
  sealed_password: string;
  password_updated_at: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export class SqliteCredentialStore implements CredentialStore {
  constructor(private readonly db: Database.Database) {}

  insert(r: CredentialRecord): void {
    this.db
      .prepare(
        `INSERT INTO registry_credentials (id, account_id, name, server, username, sealed_password, password_updated_at, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.accountId, r.name, r.server, r.username, r.sealedPassword, r.passwordUpdatedAt, r.version, r.createdAt, r.updatedAt);
  }

  get(id: string): CredentialRecord | undefined {
    const row = this.db.prepare("SELECT * FROM registry_credentials WHERE id = ? AND deleted_at IS NULL").get(id) as Row | undefined;
    return row && toRecord(row);
  }

  list(accountId: string): CredentialRecord[] {
    return (this.db.prepare("SELECT * FROM registry_credentials WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id").all(accountId) as Row[]).map(toRecord);
  }

  replace(id: string, f: Pick<CredentialRecord, "name" | "server" | "username" | "sealedPassword" | "passwordUpdatedAt" | "updatedAt">, expectedVersion?: number): boolean {
    const sql = `UPDATE registry_credentials SET name = ?, server = ?, username = ?, sealed_password = ?, password_updated_at = ?, updated_at = ?, version = version + 1
      WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(f.name, f.server, f.username, f.sealedPassword, f.passwordUpdatedAt, f.updatedAt, id, ...versionParams(expectedVersion)).changes > 0;
  }

  markDeleted(id: string, at: string, expectedVersion?: number): boolean {
    const sql = `UPDATE registry_credentials SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(at, id, ...versionParams(expectedVersion)).changes > 0;
  }
}

function toRecord(r: Row): CredentialRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    server: r.server,
    username: r.username,
    sealedPassword: r.sealed_password,
    passwordUpdatedAt: r.password_updated_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
