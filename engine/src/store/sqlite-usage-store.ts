import type Database from "better-sqlite3";
import type { UsageChange, UsageInterval, UsageStore } from "./usage-store";

interface Row {
  account_id: string;
  resource_id: string;
  kind: UsageInterval["kind"];
  name: string;
  size: string;
  started_at_s: number;
  ended_at_s: number | null;
}

export class SqliteUsageStore implements UsageStore {
  constructor(private readonly db: Database.Database) {}

  apply(resourceId: string, kind: UsageInterval["kind"], change: UsageChange, atS: number): void {
    this.db.transaction(() => {
      if (change.close) this.db.prepare("UPDATE usage_intervals SET ended_at_s = max(started_at_s, ?) WHERE resource_id = ? AND ended_at_s IS NULL").run(atS, resourceId);
      if (change.rename !== undefined) this.db.prepare("UPDATE usage_intervals SET name = ? WHERE resource_id = ? AND ended_at_s IS NULL").run(change.rename, resourceId);
      if (change.open) {
        const { accountId, name, size } = change.open;
        this.db
          .prepare("INSERT INTO usage_intervals (account_id, resource_id, kind, name, size, started_at_s) VALUES (?, ?, ?, ?, ?, ?)")
          .run(accountId, resourceId, kind, name, JSON.stringify(size), atS);
      }
    })();
  }

  findOpen(resourceId: string): UsageInterval | undefined {
    const row = this.db.prepare("SELECT * FROM usage_intervals WHERE resource_id = ? AND ended_at_s IS NULL").get(resourceId) as Row | undefined;
    return row && toInterval(row);
  }

  listOpen(): UsageInterval[] {
    return (this.db.prepare("SELECT * FROM usage_intervals WHERE ended_at_s IS NULL ORDER BY id").all() as Row[]).map(toInterval);
  }

  list(accountId: string, fromS: number, toS: number): UsageInterval[] {
    const rows = this.db
      .prepare("SELECT * FROM usage_intervals WHERE account_id = ? AND started_at_s < ? AND (ended_at_s IS NULL OR ended_at_s > ?) ORDER BY started_at_s, id")
      .all(accountId, toS, fromS) as Row[];
    return rows.map(toInterval);
  }
}

function toInterval(r: Row): UsageInterval {
  return { accountId: r.account_id, resourceId: r.resource_id, kind: r.kind, name: r.name, size: JSON.parse(r.size), startedAtS: r.started_at_s, endedAtS: r.ended_at_s };
}
