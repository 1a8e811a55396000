import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { ContainerGroupSpecInput } from "@eci/sdk";
import { DEFAULT_CONFIG } from "../config";
import { silentLogger } from "../logger";
import { StuckContainerError } from "../runtime/container-runtime";
import { InMemoryContainerRuntime } from "../runtime/in-memory-container-runtime";
import { SqliteStore } from "../store/sqlite-store";
import { GroupReconciler } from "./group-reconciler";
import { waitFor } from "../../../test/helpers/wait-for";
import { NO_SERVICES, pendingGroup } from "./testing/loop-fixtures";

/** The reconcile loop's passes over a real store and an in-memory runtime, with a clock the test moves. */
describe("GroupReconciler on an in-memory runtime", () => {
  let dir: string;
  let store: SqliteStore;
  let runtime: InMemoryContainerRuntime;
  let reconciler: GroupReconciler;
  let now: number;
  const signal = new AbortController().signal;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-reconciler-"));
    now = Date.parse("2026-06-01T12:00:00Z");
    const clock = { now: () => now };
    store = new SqliteStore(path.join(dir, "engine.db"), clock);
    store.createAccount("acc-1", "first", "hash");
    runtime = new InMemoryContainerRuntime(clock.now);
    runtime.publish("web:1");
    runtime.publish("tool:1");
    const config = { ...DEFAULT_CONFIG, dataDir: dir, restartBackoffBaseMs: 10_000 };
    reconciler = new GroupReconciler({
      store,
      runtime,
      clock,
      config,
      logger: silentLogger,
      ...NO_SERVICES,
    });
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function createGroup(spec: Partial<ContainerGroupSpecInput>): string {
    const id = "eci-1";
    store.insertGroup(pendingGroup(id, { name: "g", ...spec }, new Date(now).toISOString()));
    return id;
  }

  const pass = (id: string) => reconciler.reconcile(id, signal);
  const group = (id: string) => store.getGroup(id);
  const reasons = (id: string) => store.listEvents(id).map((e) => e.reason);
  const containerId = (id: string, name: string) => runtime.find(id, name)?.id as string;

  it("runs init containers in order, then the work containers, and reports the group running", async () => {
    const id = createGroup({ containers: [{ name: "migrate", image: "tool:1", type: "init" }, { name: "seed", image: "tool:1", type: "init" }, { name: "web", image: "web:1" }] });
    await pass(id);
    expect(runtime.log).to.deep.equal(["create sandbox", "start sandbox", "pull tool:1", "create migrate", "start migrate"]);
    runtime.exit(containerId(id, "migrate"), 0);
    await pass(id);
    runtime.exit(containerId(id, "seed"), 0);
    await pass(id);
    expect(runtime.log.filter((l) => l.startsWith("create"))).to.deep.equal(["create sandbox", "create migrate", "create seed", "create web"]);
    expect(group(id)?.observed).to.include({ phase: "running", privateIp: "172.17.0.2" });
  });

  it("fails the group with ErrImagePull when an image cannot be pulled, creating nothing", async () => {
    const id = createGroup({ containers: [{ name: "web", image: "missing:1" }] });
    await pass(id);
    const g = group(id);
    expect(g?.observed.phase).to.equal("failed");
    expect(g?.observed.containers.web).to.include({ state: "waiting", reason: "ErrImagePull" });
    expect(g?.observed.statusReason).to.match(/container web: .*missing:1/);
    expect(runtime.find(id, "web")).to.equal(undefined);
    expect(reasons(id)).to.include.members(["Pulling", "Failed", "GroupFailed"]);
  });

  it("restarts a crashed container when its back-off is over, and asks for a pass at that moment", async () => {
    const id = createGroup({ restartPolicy: "OnFailure" });
    await pass(id);
    runtime.exit(containerId(id, "web"), 1);
    const result = await pass(id);
    expect(result.requeueAfterMs).to.equal(10_000);
    expect(group(id)?.observed.containers.web).to.include({ state: "waiting", reason: "CrashLoopBackOff" });
    now += 10_000;
    await pass(id);
    expect(group(id)?.observed.containers.web).to.include({ state: "running", restartCount: 1 });
  });

  it("removes every container of a group whose deletion is pending, sandbox last, and marks it deleted", async () => {
    const id = createGroup({ containers: [{ name: "web", image: "web:1" }, { name: "side", image: "tool:1" }] });
    await pass(id);
    store.requestDelete(id);
    await pass(id);
    expect(runtime.containers.size).to.equal(0);
    expect(runtime.log.slice(-1)).to.deep.equal(["remove sandbox"]);
    expect(group(id)).to.equal(undefined);
  });

  it("reports a stopped sandbox once and counts one restart, however many passes fail while Docker is away", async () => {
    const id = createGroup({});
    await pass(id);
    runtime.exit(containerId(id, "web"), 143);
    runtime.exit(containerId(id, "sandbox"), 143);
    runtime.unavailable = true;
    for (let i = 0; i < 3; i++) await pass(id).then(() => expect.fail("a pass without Docker succeeded"), () => {});
    runtime.unavailable = false;
    // Docker answers listings again but refuses starts while it shuts down: the retried passes must not report again.
    const start = runtime.startContainer.bind(runtime);
    runtime.startContainer = async () => {
      throw new Error("daemon is shutting down");
    };
    for (let i = 0; i < 3; i++) await pass(id).then(() => expect.fail("the start succeeded"), () => {});
    runtime.startContainer = start;
    await pass(id);
    expect(reasons(id).filter((r) => r === "SandboxChanged")).to.have.length(1);
    expect(group(id)?.observed.containers.web).to.include({ state: "running", restartCount: 1 });
    expect(runtime.log.filter((l) => l === "create sandbox")).to.have.length(1);
  });

  it("creates the containers of a new group while its sandbox starts, and starts them once it has", async () => {
    const id = createGroup({ containers: [{ name: "web", image: "web:1" }, { name: "side", image: "web:1" }] });
    // The sandbox's start takes until the test lets it finish.
    const start = runtime.startContainer.bind(runtime);
    let finish = () => {};
    runtime.startContainer = async (cid) => {
      if (runtime.containers.get(cid)?.role === "infra") await new Promise<void>((resolve) => (finish = resolve));
      return start(cid);
    };
    const passing = pass(id);
    await waitFor("both containers created", () => (runtime.log.filter((l) => l === "create web" || l === "create side").length === 2 ? true : undefined));
    expect(runtime.log.filter((l) => l.startsWith("start"))).to.deep.equal([]);
    finish();
    await passing;
    expect(runtime.log.filter((l) => l.startsWith("start"))).to.deep.equal(["start sandbox", "start web", "start side"]);
    expect(group(id)?.observed.phase).to.equal("running");
  });

  it("replaces a stopped sandbox that Docker can no longer start, reporting it once, and runs the group again", async () => {
    const id = createGroup({ containers: [{ name: "setup", image: "tool:1", type: "init" }, { name: "web", image: "web:1" }] });
    await pass(id);
    const stuck = containerId(id, "sandbox");
    runtime.exit(stuck, 143);
    runtime.exit(containerId(id, "setup"), 143);
    // As Docker answers after it stopped while the sandbox was stopping: containerd still holds its task.
    const start = runtime.startContainer.bind(runtime);
    runtime.startContainer = async (cid) => {
      if (cid === stuck) throw new StuckContainerError(cid, `task ${cid}: already exists`);
      return start(cid);
    };
    await pass(id);
    runtime.exit(containerId(id, "setup"), 0);
    await pass(id);
    expect(reasons(id).filter((r) => r === "SandboxChanged")).to.have.length(1);
    expect(runtime.containers.has(stuck), "the stuck sandbox is removed").to.equal(false);
    expect(runtime.find(id, "sandbox")?.state).to.equal("running");
    expect(group(id)?.observed.phase).to.equal("running");
    expect(group(id)?.observed.containers.web).to.include({ state: "running" });
  });
});
