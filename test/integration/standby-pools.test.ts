import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { ContainerGroup, ContainerGroupSpecInput, StandbyPool } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../helpers/engine-process";
import { type TestEngine, deleteAllGroups, docker, engineContainers, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const BUSYBOX = TEST_IMAGES.busybox;

/** A profile whose container prints its config file every 100 ms, so its logs show what the file holds. */
function profile(content = "mode=one", env: Record<string, string> = {}): ContainerGroupSpecInput {
  return {
    name: "web",
    containers: [
      {
        name: "app",
        image: BUSYBOX,
        command: ["sh", "-c", "while true; do cat /etc/app/app.conf; echo; sleep 0.1; done"],
        env,
        volumeMounts: [{ volume: "conf", mountPath: "/etc/app" }],
      },
    ],
    volumes: [{ name: "conf", configFile: { files: [{ path: "app.conf", content }] } }],
  };
}

describe("standby pools", function () {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t?.close());

  // Pooled groups are not listed with the account's groups: delete the pools, and wait for their groups to go.
  afterEach(async () => {
    await deleteAllGroups(t.api);
    const { body } = await t.api.request<{ items: StandbyPool[] }>("GET", "/v1/standby-pools");
    for (const p of body.items) await t.api.request("DELETE", `/v1/standby-pools/${p.id}`);
    await waitFor("pooled groups to be deleted", async () => ((await pooledGroupIds()).length === 0 ? true : undefined));
  });

  /** Groups that Docker runs for this engine but that the account's list leaves out: the pooled ones. */
  async function pooledGroupIds(): Promise<string[]> {
    const listed = new Set((await t.api.request<{ items: ContainerGroup[] }>("GET", "/v1/container-groups")).body.items.map((g) => g.id));
    const running = (await engineContainers(t.engine.engineId)).filter((c) => c.Labels["eci.role"] === "infra").map((c) => c.Labels["eci.group"]);
    return running.filter((id) => !listed.has(id)).sort();
  }

  async function createPool(maxReadyCapacity: number, spec = profile()): Promise<StandbyPool> {
    const reply = await t.api.request<StandbyPool>("POST", "/v1/standby-pools", { name: "web-pool", profile: spec, maxReadyCapacity });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body;
  }

  function waitForPool(id: string, what: string, ok: (p: StandbyPool) => boolean): Promise<StandbyPool> {
    let last: StandbyPool | undefined;
    return waitFor(
      `pool ${id} ${what}`,
      async () => {
        last = (await t.api.request<StandbyPool>("GET", `/v1/standby-pools/${id}`)).body;
        return ok(last) ? last : undefined;
      },
      { timeoutMs: 60_000, last: () => last && { status: last.status, readyCount: last.readyCount, creatingCount: last.creatingCount } },
    );
  }

  const full = (p: StandbyPool) => p.readyCount === p.maxReadyCapacity && p.creatingCount === 0;

  async function memberIds(groupId: string): Promise<string[]> {
    const list = await docker.listContainers({ all: true, filters: { label: [`eci.group=${groupId}`] } });
    return list.map((c) => c.Id).sort();
  }

  it("a claim answers running at once with a pooled group, its IP and containers, and the pool refills to maxReadyCapacity", async () => {
    const pool = await createPool(2);
    expect(pool).to.include({ status: "filling", maxReadyCapacity: 2 });
    await waitForPool(pool.id, "to have 2 ready groups", full);
    const pooled = await pooledGroupIds();
    expect(pooled).to.have.length(2);
    const before = await Promise.all(pooled.map((id) => t.api.getGroup(id)));
    expect((await t.api.request("GET", "/v1/container-groups")).body.total).to.equal(0);

    const reply = await t.api.request<ContainerGroup>("POST", "/v1/container-groups", { ...profile(), name: "claimed", labels: { team: "a" }, standbyPoolId: pool.id });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    const claimed = reply.body;
    expect(claimed).to.include({ status: "running", healthStatus: "healthy", name: "claimed" });
    expect(claimed.labels).to.deep.equal({ team: "a" });
    expect(pooled).to.include(claimed.id);
    const was = before.find((g) => g.id === claimed.id) as ContainerGroup;
    expect(claimed.privateIp).to.equal(was.privateIp).and.to.be.a("string");
    expect(claimed.containers[0]).to.include({ state: "running", restartCount: 0, startedAt: was.containers[0].startedAt });
    const listed = (await t.api.request<{ items: ContainerGroup[] }>("GET", "/v1/container-groups")).body.items;
    expect(listed.map((g) => g.id)).to.deep.equal([claimed.id]);
    expect((await t.api.events(claimed.id)).map((e) => e.message)).to.include(`Claimed from standby pool ${pool.id} as claimed`);

    const refilled = await waitForPool(pool.id, "to refill to 2 ready groups", full);
    expect(refilled.status).to.equal("ready");
    expect(await pooledGroupIds()).to.have.length(2).and.not.include(claimed.id);
  });

  it("a claim with other config-file content rewrites the file without restarting the containers", async () => {
    const pool = await createPool(1);
    await waitForPool(pool.id, "to be full", full);
    const [id] = await pooledGroupIds();
    const containersBefore = await memberIds(id);
    const was = await t.api.getGroup(id);

    const reply = await t.api.request<ContainerGroup>("POST", "/v1/container-groups", { ...profile("mode=two"), standbyPoolId: pool.id });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    expect(reply.body.id).to.equal(id);
    expect(reply.body.volumes[0].configFile?.files[0].content).to.equal("mode=two");
    await waitFor("the container to print the claimed file", async () => ((await t.api.logs(id, "app", "?tail=3")).includes("mode=two") ? true : undefined));

    // A few passes of the reconcile loop later, nothing was re-created or restarted.
    await waitFor("the pool to refill", async () => ((await pooledGroupIds()).length === 1 ? true : undefined), { timeoutMs: 60_000 });
    const now = await t.api.getGroup(id);
    expect(now.status).to.equal("running");
    expect(now.containers[0]).to.include({ restartCount: 0, startedAt: was.containers[0].startedAt });
    expect(await memberIds(id)).to.deep.equal(containersBefore);
    expect((await t.api.events(id)).map((e) => e.reason)).to.not.include("Killing");

    // A later edit of the file is an ordinary online update: it re-creates the container, as for any group.
    const update = await t.api.request("PUT", `/v1/container-groups/${id}`, { ...profile("mode=three"), name: "web" });
    expect(update.status).to.equal(202);
    await waitFor("the container to print the edited file", async () => ((await t.api.logs(id, "app", "?tail=3")).includes("mode=three") ? true : undefined));
    expect(await memberIds(id)).to.not.deep.equal(containersBefore);
  });

  it("an empty pool falls back to an ordinary create and says so in an event", async () => {
    const pool = await createPool(0);
    const reply = await t.api.request<ContainerGroup>("POST", "/v1/container-groups", { ...profile(), standbyPoolId: pool.id });
    expect(reply.status).to.equal(202);
    expect(reply.body.status).to.equal("pending");
    const events = await t.api.events(reply.body.id);
    expect(events.map((e) => `${e.type} ${e.reason}: ${e.message}`)).to.include(`Normal StandbyPoolEmpty: Standby pool ${pool.id} had no ready group; creating this one the ordinary way`);
    await t.api.waitForStatus(reply.body.id, "running");
  });

  it("changing the profile drains the pool and refills it with groups of the new profile", async () => {
    const pool = await createPool(2);
    await waitForPool(pool.id, "to be full", full);
    const old = await pooledGroupIds();

    const changed = profile("mode=one", { COLOR: "blue" });
    const reply = await t.api.request<StandbyPool>("PUT", `/v1/standby-pools/${pool.id}`, { name: "web-pool", profile: changed, maxReadyCapacity: 2 });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    expect(reply.body.version).to.equal(2);
    await waitFor("the old groups to be drained", async () => {
      const now = await pooledGroupIds();
      return old.every((id) => !now.includes(id)) ? true : undefined;
    });
    await waitForPool(pool.id, "to refill", full);
    const fresh = await pooledGroupIds();
    expect(fresh).to.have.length(2);
    for (const id of fresh) expect((await t.api.getGroup(id)).containers[0].env).to.deep.equal({ COLOR: "blue" });

    // The old profile no longer fits a claim; the new one does.
    const stale = await t.api.request("POST", "/v1/container-groups", { ...profile(), standbyPoolId: pool.id });
    expect(stale.status).to.equal(422);
    expect(stale.body.details[0]).to.include({ path: "containers[0].env.COLOR", rule: "matches_standby_pool_profile" });
    const claim = await t.api.request<ContainerGroup>("POST", "/v1/container-groups", { ...changed, standbyPoolId: pool.id });
    expect(claim.status).to.equal(201);
    expect(fresh).to.include(claim.body.id);
  });

  it("deleting a pool deletes its pooled groups, and pooled groups count against the group quota", async () => {
    const pool = await createPool(2);
    await waitForPool(pool.id, "to be full", full);
    const quotas = (await t.api.request("GET", "/v1/quotas")).body;
    expect(quotas.standardGroups.used).to.equal(2);
    const pooled = await pooledGroupIds();
    const refused = await t.api.request("DELETE", `/v1/container-groups/${pooled[0]}`);
    expect(refused.status).to.equal(409);
    expect(refused.body.message).to.equal(`Group ${pooled[0]} is held by standby pool ${pool.id}; deleting it (claim it, or change the pool) is not possible until it leaves that state`);

    expect((await t.api.request("DELETE", `/v1/standby-pools/${pool.id}`)).status).to.equal(204);
    expect((await t.api.request("GET", `/v1/standby-pools/${pool.id}`)).status).to.equal(404);
    await waitFor("the pooled groups to be deleted", async () => ((await pooledGroupIds()).length === 0 ? true : undefined));
    expect((await t.api.request("GET", "/v1/quotas")).body.standardGroups.used).to.equal(0);
  });

  it("refuses bad pools and claims, naming the field", async () => {
    const tooMany = await t.api.request("POST", "/v1/standby-pools", { name: "p", profile: profile(), maxReadyCapacity: 21 });
    expect(tooMany.status).to.equal(422);
    expect(tooMany.body.details[0]).to.include({ path: "maxReadyCapacity" });
    const badProfile = await t.api.request("POST", "/v1/standby-pools", { name: "p", profile: { name: "x", containers: [] }, maxReadyCapacity: 1 });
    expect(badProfile.status).to.equal(422);
    expect(badProfile.body.details[0]).to.include({ path: "profile.containers" });
    const disk = await t.api.request("POST", "/v1/standby-pools", {
      name: "p",
      profile: { ...profile(), volumes: [{ name: "data", disk: { diskId: "vol-aaaaaaaa" } }], containers: [{ name: "app", image: BUSYBOX }] },
      maxReadyCapacity: 1,
    });
    expect(disk.status).to.equal(422);
    expect(disk.body.details.map((i: { path: string }) => i.path)).to.include("profile.volumes[0].disk.diskId");

    const missing = await t.api.request("POST", "/v1/container-groups", { ...profile(), standbyPoolId: "sp-zzzzzzzz" });
    expect(missing.status).to.equal(422);
    expect(missing.body.details[0]).to.deep.include({ path: "standbyPoolId", rule: "exists", value: "sp-zzzzzzzz" });
    const pool = await createPool(0);
    const otherAccount = t.addAccount("other");
    const foreign = await otherAccount.request("POST", "/v1/container-groups", { ...profile(), standbyPoolId: pool.id });
    expect(foreign.status).to.equal(422);
    expect(foreign.body.details[0]).to.include({ path: "standbyPoolId", rule: "exists" });
    const other = profile();
    (other.containers[0] as { image: string }).image = TEST_IMAGES.redis;
    const mismatch = await t.api.request("POST", "/v1/container-groups", { ...other, standbyPoolId: pool.id });
    expect(mismatch.status).to.equal(422);
    expect(mismatch.body.details[0]).to.deep.equal({
      path: "containers[0].image",
      rule: "matches_standby_pool_profile",
      value: TEST_IMAGES.redis,
      message: `differs from the profile of standby pool ${pool.id}; a claim may change only config-file content, name, labels and description`,
    });
  });
});

describe("standby pools across an engine restart", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-pools-"));
  let proc: ChildProcess | undefined;
  after(() => {
    proc?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps a claimed group's rewritten files without restarting it, and keeps the pool full", async () => {
    const port = await freePort();
    let engine = await startEngineProcess(dataDir, port);
    proc = engine.proc;
    const pool = (await engine.api.request<StandbyPool>("POST", "/v1/standby-pools", { name: "p", profile: profile(), maxReadyCapacity: 1 })).body;
    await waitFor("the pool to be full", async () => ((await engine.api.request<StandbyPool>("GET", `/v1/standby-pools/${pool.id}`)).body.readyCount === 1 ? true : undefined), { timeoutMs: 60_000 });
    const claimed = (await engine.api.request<ContainerGroup>("POST", "/v1/container-groups", { ...profile("mode=two"), standbyPoolId: pool.id })).body;
    expect(claimed.status).to.equal("running");
    const containers = (await docker.listContainers({ all: true, filters: { label: [`eci.group=${claimed.id}`] } })).map((c) => c.Id).sort();

    proc.kill("SIGTERM");
    await exited(proc);
    engine = await startEngineProcess(dataDir, port);
    proc = engine.proc;

    const after = await engine.api.waitForGroup(claimed.id, "running", (g) => g.status === "running");
    expect(after.containers[0]).to.include({ restartCount: 0, startedAt: claimed.containers[0].startedAt });
    expect((await docker.listContainers({ all: true, filters: { label: [`eci.group=${claimed.id}`] } })).map((c) => c.Id).sort()).to.deep.equal(containers);
    expect(await engine.api.logs(claimed.id, "app", "?tail=2")).to.include("mode=two");
    await waitFor("the pool to be full again", async () => ((await engine.api.request<StandbyPool>("GET", `/v1/standby-pools/${pool.id}`)).body.readyCount === 1 ? true : undefined), { timeoutMs: 60_000 });

    expect((await engine.api.request("DELETE", `/v1/standby-pools/${pool.id}`)).status).to.equal(204);
    await deleteAllGroups(engine.api);
    await waitFor("every group to be gone", async () => ((await engine.api.request("GET", "/v1/quotas")).body.standardGroups.used === 0 ? true : undefined));
    proc.kill("SIGTERM");
    expect(await exited(proc)).to.equal(0);
  });
});
