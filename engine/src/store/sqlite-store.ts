import Database from "better-sqlite3";
import type { ContainerGroupSpec, Event } from "@eci/sdk";
import { type Clock, isoTime, systemClock } from "../clock";
import { newId } from "../services/ids";
import type { DiskStore } from "./disk-store";
import { MIGRATIONS } from "./migrations";
import type { PoolStore } from "./pool-store";
import { SqliteAccountStore } from "./sqlite-account-store";
import { SqliteCacheStore } from "./sqlite-cache-store";
import { SqliteCredentialStore } from "./sqlite-credential-store";
import { SqliteImageAccessStore } from "./sqlite-image-access-store";
import { SqliteMetricStore } from "./sqlite-metric-store";
import { SqliteNetworkStore } from "./sqlite-network-store";
import { SqliteSpecStore } from "./sqlite-spec-store";
import { SqliteUsageStore } from "./sqlite-usage-store";
import { IF_VERSION, versionParams } from "./versioned-write";
import type { ConfigBasis, GroupRecord, NewEvent, ObservedGroup, Store } from "./store";

interface GroupRow {
  id: string;
  account_id: string;
  spec: string;
  cpu: number;
  memory: number;
  update_generation: number;
  observed_update_generation: number;
  restart_generation: number;
  observed_restart_generation: number;
  delete_requested: number;
  observed: string;
  assigned_ip: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  standby_pool_id: string | null;
  config_basis: string | null;
}

/** The embedded store: one SQLite file (WAL mode) in the data directory, or `:memory:` for tests. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  readonly accounts: SqliteAccountStore;
  readonly credentials: SqliteCredentialStore;
  readonly caches: SqliteCacheStore;
  readonly disks: DiskStore;
  readonly networks: SqliteNetworkStore;
  readonly metrics: SqliteMetricStore;
  readonly usage: SqliteUsageStore;
  readonly imageAccess: SqliteImageAccessStore;
  readonly pools: PoolStore;

  constructor(
    filename: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.db = new Database(filename);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.migrate();
    this.accounts = new SqliteAccountStore(this.db, () => this.now());
    this.credentials = new SqliteCredentialStore(this.db);
    this.caches = new SqliteCacheStore(this.db);
    this.disks = new SqliteSpecStore(this.db, "disks");
    this.networks = new SqliteNetworkStore(this.db);
    this.metrics = new SqliteMetricStore(this.db);
    this.usage = new SqliteUsageStore(this.db);
    this.imageAccess = new SqliteImageAccessStore(this.db);
    this.pools = new SqliteSpecStore(this.db, "standby_pools");
  }

  private migrate(): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    for (const m of MIGRATIONS.filter((m) => m.version > current)) {
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  private now(): string {
    return isoTime(this.clock.now());
  }

  getSetting(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  createAccount(id: string, name: string, keyHash: string): void {
    this.accounts.create({ id, name }, { id: newId("ak"), name: "initial", hash: keyHash });
  }

  insertGroup(g: GroupRecord): void {
    this.db
      .prepare(
        `INSERT INTO container_groups (id, account_id, spec, cpu, memory, observed, assigned_ip, version, created_at, updated_at, standby_pool_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(g.id, g.accountId, JSON.stringify(g.spec), g.cpu, g.memory, JSON.stringify(g.observed), g.assignedIp, g.version, g.createdAt, g.updatedAt, g.standbyPoolId ?? null);
  }

  getGroup(id: string): GroupRecord | undefined {
    const row = this.db.prepare("SELECT * FROM container_groups WHERE id = ? AND deleted_at IS NULL").get(id) as GroupRow | undefined;
    return row && toRecord(row);
  }

  listGroups(accountId: string): GroupRecord[] {
    const rows = this.db.prepare("SELECT * FROM container_groups WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id").all(accountId) as GroupRow[];
    return rows.map(toRecord);
  }

  listGroupIds(): string[] {
    return (this.db.prepare("SELECT id FROM container_groups WHERE deleted_at IS NULL").all() as { id: string }[]).map((r) => r.id);
  }

  countGroups(accountId: string, hostTypes: readonly string[]): number {
    const marks = hostTypes.map(() => "?").join(", ");
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM container_groups WHERE account_id = ? AND deleted_at IS NULL AND json_extract(spec, '$.hostType') IN (${marks})`)
      .get(accountId, ...hostTypes) as { n: number };
    return row.n;
  }

  replaceSpec(id: string, spec: ContainerGroupSpec, size: { cpu: number; memory: number }, online: boolean, assignedIp: string | null, expectedVersion?: number): boolean {
    const { changes } = this.db
      .prepare(
        `UPDATE container_groups SET spec = ?, cpu = ?, memory = ?, update_generation = update_generation + ?, assigned_ip = ?, updated_at = ?, version = version + 1
         WHERE id = ? AND deleted_at IS NULL AND ${IF_VERSION}`,
      )
      .run(JSON.stringify(spec), size.cpu, size.memory, online ? 1 : 0, assignedIp, this.now(), id, ...versionParams(expectedVersion));
    return changes > 0;
  }

  requestRestart(id: string): void {
    this.db.prepare("UPDATE container_groups SET restart_generation = restart_generation + 1, updated_at = ? WHERE id = ?").run(this.now(), id);
  }

  requestDelete(id: string, expectedVersion?: number): boolean {
    const sql = `UPDATE container_groups SET delete_requested = 1, updated_at = ? WHERE id = ? AND ${IF_VERSION}`;
    return this.db.prepare(sql).run(this.now(), id, ...versionParams(expectedVersion)).changes > 0;
  }

  saveObserved(id: string, observed: ObservedGroup, applied?: { updateGeneration: number; restartGeneration: number }): void {
    const json = JSON.stringify(observed);
    if (applied) {
      this.db
        .prepare(
          `UPDATE container_groups SET observed = ?, updated_at = ?,
             observed_update_generation = max(observed_update_generation, ?),
             observed_restart_generation = max(observed_restart_generation, ?)
           WHERE id = ?`,
        )
        .run(json, this.now(), applied.updateGeneration, applied.restartGeneration, id);
    } else {
      this.db.prepare("UPDATE container_groups SET observed = ?, updated_at = ? WHERE id = ?").run(json, this.now(), id);
    }
  }

  markDeleted(id: string): void {
    this.db.prepare("UPDATE container_groups SET deleted_at = ? WHERE id = ?").run(this.now(), id);
  }

  listPooledGroups(): GroupRecord[] {
    const rows = this.db.prepare("SELECT * FROM container_groups WHERE standby_pool_id IS NOT NULL AND deleted_at IS NULL ORDER BY created_at, id").all() as GroupRow[];
    return rows.map(toRecord);
  }

  claimGroup(id: string, spec: ContainerGroupSpec, configBasis: ConfigBasis): boolean {
    const sql = `UPDATE container_groups SET spec = ?, config_basis = ?, standby_pool_id = NULL, updated_at = ?, version = version + 1
                 WHERE id = ? AND standby_pool_id IS NOT NULL AND delete_requested = 0 AND deleted_at IS NULL`;
    return this.db.prepare(sql).run(JSON.stringify(spec), JSON.stringify(configBasis), this.now(), id).changes > 0;
  }

  appendEvent(groupId: string, event: NewEvent): void {
    this.db
      .prepare("INSERT INTO events (group_id, type, reason, message, container, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(groupId, event.type, event.reason, event.message, event.container ?? null, this.now());
  }

  listEvents(groupId: string): Event[] {
    const rows = this.db
      .prepare("SELECT id, type, reason, message, container, created_at AS createdAt FROM events WHERE group_id = ? ORDER BY id")
      .all(groupId) as Event[];
    return rows;
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    spec: JSON.parse(row.spec) as ContainerGroupSpec,
    cpu: row.cpu,
    memory: row.memory,
    updateGeneration: row.update_generation,
    observedUpdateGeneration: row.observed_update_generation,
    restartGeneration: row.restart_generation,
    observedRestartGeneration: row.observed_restart_generation,
    deleteRequested: row.delete_requested === 1,
    observed: JSON.parse(row.observed) as ObservedGroup,
    assignedIp: row.assigned_ip,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    standbyPoolId: row.standby_pool_id,
    ...(row.config_basis ? { configBasis: JSON.parse(row.config_basis) as ConfigBasis } : {}),
  };
}
