import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { waitFor } from "../../../test/helpers/wait-for";
import { DEFAULT_CONFIG } from "../config";
import { silentLogger } from "../logger";
import { InMemoryContainerRuntime } from "../runtime/in-memory-container-runtime";
import { SqliteStore } from "../store/sqlite-store";
import { ReconcileLoop } from "./reconcile-loop";
import { NO_SERVICES, pendingGroup } from "./testing/loop-fixtures";

/** The whole loop (events, passes, resyncs) over a real store and an in-memory runtime, on the real clock. */
describe("ReconcileLoop on an in-memory runtime", () => {
  let dir: string;
  let store: SqliteStore;
  let runtime: InMemoryContainerRuntime;
  let loop: ReconcileLoop | undefined;
  /** How many times the runtime was asked for everything, and for one group's containers (which a pass does first). */
  let lists: number;
  let groupLists: number;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-loop-"));
    store = new SqliteStore(path.join(dir, "engine.db"));
    store.createAccount("acc-1", "first", "hash");
    runtime = new InMemoryContainerRuntime();
    runtime.publish("web:1");
    lists = 0;
    groupLists = 0;
    const listContainers = runtime.listContainers.bind(runtime);
    runtime.listContainers = () => (lists++, listContainers());
    const listGroupContainers = runtime.listGroupContainers.bind(runtime);
    runtime.listGroupContainers = (id) => (groupLists++, listGroupContainers(id));
  });

  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startLoop(resyncIntervalMs: number): Promise<void> {
    const config = { ...DEFAULT_CONFIG, dataDir: dir, healthyAfterMs: 10, resyncIntervalMs };
    loop = new ReconcileLoop({
      store,
      runtime,
      clock: { now: () => Date.now() },
      config,
      logger: silentLogger,
      ...NO_SERVICES,
      forwarding: { refresh: async () => {} },
    });
    await loop.start();
  }

  function createGroup(id: string): string {
    store.insertGroup(pendingGroup(id, {}, new Date().toISOString()));
    return id;
  }

  const healthy = (id: string) => waitFor(`${id} running and healthy`, () => (store.getGroup(id)?.observed.healthStatus === "healthy" ? true : undefined));
  const resyncs = (n: number) => {
    const target = lists + n;
    return waitFor(`${n} resyncs`, () => (lists >= target ? true : undefined));
  };
  const web = (id: string) => runtime.find(id, "web");

  it("adopts every group at start, then resyncs idle groups without a pass", async () => {
    createGroup("eci-1");
    createGroup("eci-2");
    await startLoop(20);
    await healthy("eci-1");
    await healthy("eci-2");
    // The first resyncs see the containers the passes created, which the start did not: one pass each.
    await resyncs(3);
    const passes = groupLists;
    await resyncs(5);
    expect(groupLists).to.equal(passes);
  });

  it("re-creates at the next resync a container that vanished without a Docker event", async () => {
    createGroup("eci-1");
    await startLoop(20);
    await healthy("eci-1");
    const gone = web("eci-1")?.id as string;
    runtime.containers.delete(gone);
    const back = await waitFor("web re-created", () => (web("eci-1") && web("eci-1")?.id !== gone ? web("eci-1") : undefined));
    expect(back.state).to.equal("running");
  });

  it("removes at the next resync containers of a group the store does not know", async () => {
    await startLoop(20);
    // Left by an engine that died between removing a group and forgetting it, say: Docker reports nothing of it.
    const stray = { id: "stray", groupId: "eci-gone", role: "infra" as const, name: "", specHash: "", state: "running" as const, exitCode: 0, oomKilled: false, error: "" };
    runtime.containers.set("stray", { ...stray, startedAt: null, finishedAt: null, ipAddress: null, ports: [], nanoCpus: 0, memoryBytes: 0 });
    await waitFor("the orphan removed", () => (runtime.containers.has("stray") ? undefined : true));
  });

  it("passes every group when Docker's events resume after a break, whatever the resync interval", async () => {
    createGroup("eci-1");
    await startLoop(3_600_000);
    await healthy("eci-1");
    const gone = web("eci-1")?.id as string;
    runtime.containers.delete(gone);
    runtime.resumeEvents();
    const back = await waitFor("web re-created", () => (web("eci-1") && web("eci-1")?.id !== gone ? web("eci-1") : undefined));
    expect(back.state).to.equal("running");
  });
});
