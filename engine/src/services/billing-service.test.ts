import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ContainerGroupSpecSchema } from "@eci/sdk";
import { DEFAULT_PRICES, type Prices } from "../billing/prices";
import { EngineError } from "../errors";
import { SqliteStore } from "../store/sqlite-store";
import type { GroupPhase, GroupRecord } from "../store/store";
import { BillingService } from "./billing-service";

const T0 = Date.parse("2026-03-10T00:00:00Z");
const H = 3_600_000;
const PRICES: Prices = { ...DEFAULT_PRICES, hostTypes: { ...DEFAULT_PRICES.hostTypes, basic: { vcpuHour: 0.5, gibHour: 0.25 } }, eipHour: 0.01 };

describe("BillingService", () => {
  let dir: string;
  let now: number;
  const clock = { now: () => now };
  const open = () => {
    const store = new SqliteStore(path.join(dir, "engine.db"), clock);
    return { store, billing: new BillingService(store, clock, PRICES) };
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-billing-"));
    now = T0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function insertGroup(store: SqliteStore, id: string, accountId = "acc-1"): void {
    const at = new Date(now).toISOString();
    const observed = { phase: "pending" as GroupPhase, statusReason: null, healthStatus: "checking" as const, privateIp: null, ports: [], containers: {}, supervision: {}, startedOnce: false, failedAt: null };
    const spec = ContainerGroupSpecSchema.parse({ name: id, containers: [{ name: "app", image: "a:1" }] });
    const record: GroupRecord = { id, accountId, spec, cpu: 1, memory: 2, updateGeneration: 0, observedUpdateGeneration: 0, restartGeneration: 0, observedRestartGeneration: 0, deleteRequested: false, observed, assignedIp: null, version: 1, createdAt: at, updatedAt: at };
    store.insertGroup(record);
  }
  const setPhase = (store: SqliteStore, id: string, phase: GroupPhase) => store.saveObserved(id, { ...store.getGroup(id)!.observed, phase });

  it("neither loses nor double-counts a running group when the engine's store is closed and opened again", () => {
    let { store, billing } = open();
    store.createAccount("acc-1", "one", "hash-1");
    insertGroup(store, "cg-00000001");
    setPhase(store, "cg-00000001", "running");
    billing.record("container-group", "cg-00000001");
    now += H / 2;
    store.close();
    now += H / 2;
    ({ store, billing } = open());
    billing.recordAll();
    billing.record("container-group", "cg-00000001");
    now += H / 2;
    const bill = billing.bill("acc-1", {});
    expect(bill.items.map((i) => [i.resourceId, i.seconds, i.amount])).to.deep.equal([["cg-00000001", 5400, 1.5]]);
    expect(billing.hourlyPrice("cg-00000001")).to.equal(1);
    store.close();
  });

  it("starts billing, at its first start, what was created before billing existed", () => {
    const { store, billing } = open();
    store.createAccount("acc-1", "one", "hash-1");
    const at = new Date(now).toISOString();
    store.networks.insert({ id: "eip-00000001", accountId: "acc-1", kind: "eip", spec: { name: "ip", description: "" }, assigned: { address: "127.100.0.1" }, version: 1, createdAt: at, updatedAt: at });
    insertGroup(store, "cg-00000002");
    expect(billing.hourlyPrice("eip-00000001")).to.equal(0);
    billing.recordAll();
    expect(billing.hourlyPrice("eip-00000001")).to.equal(0.01);
    expect(billing.hourlyPrice("cg-00000002"), "a group that never ran").to.equal(0);
    store.close();
  });

  it("bills from the start of the month (UTC) to now by default, and only the caller's account", () => {
    const { store, billing } = open();
    store.createAccount("acc-1", "one", "hash-1");
    store.createAccount("acc-2", "two", "hash-2");
    insertGroup(store, "cg-00000001");
    insertGroup(store, "cg-00000002", "acc-2");
    for (const id of ["cg-00000001", "cg-00000002"]) {
      setPhase(store, id, "running");
      billing.record("container-group", id);
    }
    now += 2 * H;
    const bill = billing.bill("acc-1", {});
    expect(bill).to.deep.include({ currency: "USD", from: "2026-03-01T00:00:00.000Z", to: "2026-03-10T02:00:00.000Z", total: 2 });
    expect(bill.items.map((i) => i.resourceId)).to.deep.equal(["cg-00000001"]);
    expect(billing.bill("acc-1", { from: "2026-03-10T01:30:00+01:00", to: "2026-03-10T01:00:00Z" }).total).to.equal(0.5);
    expect(billing.bill("acc-1", { to: "2026-03-01T00:00:00Z" })).to.deep.include({ from: "2026-02-01T00:00:00.000Z", total: 0 });
    store.close();
  });

  it("refuses a bad period with 422 naming the field", () => {
    const { store, billing } = open();
    const issues = (query: unknown) => {
      try {
        billing.bill("acc-1", query);
      } catch (err) {
        if (err instanceof EngineError && err.code === "validation_failed") return (err.details as Array<{ path: string; rule: string }>).map((i) => `${i.path} ${i.rule}`);
        throw err;
      }
      throw new Error("expected a validation error");
    };
    expect(issues({ from: "yesterday" })).to.deep.equal(["from format:datetime"]);
    expect(issues({ from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" })).to.deep.equal(["to after:from"]);
    expect(issues({ from: "2026-04-01T00:00:00Z" })).to.deep.equal(["from before:now"]);
    expect(issues({ month: "3" })).to.deep.equal([" known_fields"]);
    store.close();
  });
});
