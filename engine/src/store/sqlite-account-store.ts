import type Database from "better-sqlite3";
import type { Quotas } from "../config";
import type { AccessKeyRecord, AccountRecord, AccountStore } from "./account-store";

interface AccountRow {
  id: string;
  name: string;
  quotas: string;
  created_at: string;
}

interface KeyRow {
  id: string;
  account_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

const KEY_COLUMNS = "id, account_id, name, created_at, last_used_at";

export class SqliteAccountStore implements AccountStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
  ) {}

  create(account: { id: string; name: string }, key: { id: string; name: string; hash: string }): void {
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)").run(account.id, account.name, this.now());
      this.addKey(account.id, key);
    })();
  }

  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM accounts").get() as { n: number }).n;
  }

  list(): AccountRecord[] {
    return (this.db.prepare("SELECT * FROM accounts ORDER BY created_at, name").all() as AccountRow[]).map(toAccount);
  }

  get(id: string): AccountRecord | undefined {
    const row = this.db.prepare("SELECT * FROM accounts WHERE id = ?").get(id) as AccountRow | undefined;
    return row && toAccount(row);
  }

  findByName(name: string): AccountRecord | undefined {
    const row = this.db.prepare("SELECT * FROM accounts WHERE name = ?").get(name) as AccountRow | undefined;
    return row && toAccount(row);
  }

  setQuotas(id: string, quotas: Partial<Quotas>): void {
    this.db.prepare("UPDATE accounts SET quotas = ? WHERE id = ?").run(JSON.stringify(quotas), id);
  }

  addKey(accountId: string, key: { id: string; name: string; hash: string }): AccessKeyRecord {
    const createdAt = this.now();
    this.db.prepare("INSERT INTO access_keys (id, key_hash, account_id, name, created_at) VALUES (?, ?, ?, ?, ?)").run(key.id, key.hash, accountId, key.name, createdAt);
    return { id: key.id, accountId, name: key.name, createdAt, lastUsedAt: null };
  }

  listKeys(accountId: string): AccessKeyRecord[] {
    return (this.db.prepare(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE account_id = ? ORDER BY created_at, id`).all(accountId) as KeyRow[]).map(toKey);
  }

  findKeyByHash(hash: string): AccessKeyRecord | undefined {
    const row = this.db.prepare(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE key_hash = ?`).get(hash) as KeyRow | undefined;
    return row && toKey(row);
  }

  deleteKey(accountId: string, keyId: string): "deleted" | "last" | "missing" {
    return this.db.transaction(() => {
      const keys = this.listKeys(accountId);
      if (!keys.some((k) => k.id === keyId)) return "missing";
      if (keys.length === 1) return "last";
      this.db.prepare("DELETE FROM access_keys WHERE id = ? AND account_id = ?").run(keyId, accountId);
      return "deleted";
    })();
  }

  touchKey(id: string, at: string): void {
    this.db.prepare("UPDATE access_keys SET last_used_at = ? WHERE id = ?").run(at, id);
  }
}

function toAccount(row: AccountRow): AccountRecord {
  return { id: row.id, name: row.name, quotas: JSON.parse(row.quotas) as Partial<Quotas>, createdAt: row.created_at };
}

function toKey(row: KeyRow): AccessKeyRecord {
  return { id: row.id, accountId: row.account_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}
