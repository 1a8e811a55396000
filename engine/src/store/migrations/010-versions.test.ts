import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect } from "chai";
import { SqliteStore } from "../sqlite-store";
import { MIGRATIONS } from ".";

describe("migration 010-versions", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "eci-versions-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("starts an older store's resources at version 1 and writes them only on the version they have", () => {
    const file = path.join(dir, "eci.db");
    const old = new Database(file);
    for (const m of MIGRATIONS.filter((m) => m.version < 10)) old.exec(m.sql);
    old.pragma("user_version = 9");
    old.exec(`INSERT INTO accounts (id, name, created_at) VALUES ('acc-1', 'one', '2026-01-01T00:00:00.000Z');
      INSERT INTO disks (id, account_id, spec, created_at, updated_at) VALUES ('vol-00000001', 'acc-1', '{"name":"d","description":"","type":"basic","sizeGB":20}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');`);
    old.close();
    const store = new SqliteStore(file);
    try {
      expect(store.disks.get("vol-00000001")?.version).to.equal(1);
      expect(store.disks.replaceSpec("vol-00000001", { name: "d", description: "x", type: "basic", sizeGB: 20 }, "2026-01-02T00:00:00.000Z", 2)).to.equal(false);
      expect(store.disks.replaceSpec("vol-00000001", { name: "d", description: "x", type: "basic", sizeGB: 20 }, "2026-01-02T00:00:00.000Z", 1)).to.equal(true);
      expect(store.disks.get("vol-00000001")?.version).to.equal(2);
    } finally {
      store.close();
    }
  });
});
