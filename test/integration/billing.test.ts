import { connect } from "node:net";
import { expect } from "chai";
import { type Bill, type BillingItem, type ContainerGroup, type ContainerGroupSpecInput, EciClient } from "@eci/sdk";
import { DEFAULT_PRICES, type Prices } from "../../engine/src/billing/prices";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { type TestEngine, deleteAllGroups, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const MIN = 60_000;
const BUSYBOX = TEST_IMAGES.busybox;
/** Round prices, so that amounts come out exact: a 1 vCPU / 2 GiB basic group costs 1 an hour. */
const PRICES: Prices = {
  ...DEFAULT_PRICES,
  hostTypes: { ...DEFAULT_PRICES.hostTypes, basic: { vcpuHour: 0.5, gibHour: 0.25 } },
  imageCacheGBHour: 0.001,
  diskGBHour: { ...DEFAULT_PRICES.diskGBHour, basic: 0.0001, performance: 0.0002 },
  eipHour: 0.01,
};
// Failed groups and caches stay until the test deletes them, however far the clock moves.
const OVERRIDES = { prices: PRICES, failedGroupTtlMs: 365 * 24 * 60 * MIN };

/** A group of 1 vCPU (and 2 GiB unless told), running `command`. */
const sized = (name: string, command: string[], { memory = 2, ports = [] as Array<{ port: number }> } = {}): ContainerGroupSpecInput => ({
  name,
  containers: [{ name: "app", image: BUSYBOX, command, cpu: 1, memory, ports }],
});
/** Exits with `code` once something connects to its port 8080: the test decides when the group ends. */
const endsOnConnect = (name: string, code: number): ContainerGroupSpecInput => ({
  ...sized(name, ["sh", "-c", `nc -l -p 8080 >/dev/null; exit ${code}`], { ports: [{ port: 8080 }] }),
  restartPolicy: "Never",
});

describe("billing", () => {
  let t: TestEngine;
  // Whole seconds, as usage accrues; the clock moves only when a test moves it.
  let now = Math.floor(Date.now() / 1000) * 1000;
  const clock = { now: () => now };
  /** Starts a test a day later than the last, so that each one's bill has only its own usage. */
  const newDay = () => (now += 24 * 60 * MIN);

  before(async () => (t = await startTestEngine(OVERRIDES, undefined, { clock })));
  afterEach(async () => deleteAllGroups(t.api));
  let registry: TestRegistry | undefined;
  after(async () => {
    await registry?.stop();
    await t?.close();
  });

  const billSince = async (from: number, key?: string): Promise<Bill> => {
    const reply = await t.api.request<Bill>("GET", `/v1/billing?from=${new Date(from).toISOString()}`, undefined, key);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body;
  };
  const itemsOf = (bill: Bill, id: string) => bill.items.filter((i) => i.resourceId === id).map((i) => ({ seconds: i.seconds, unitPrice: i.unitPrice, amount: i.amount }));
  const running = (spec: ContainerGroupSpecInput) => t.api.createGroup(spec).then((g) => t.api.waitForStatus(g.id, "running"));
  /** Connects to the group's port until the group has ended in `status`. */
  const endGroup = async (g: ContainerGroup, status: "failed" | "succeeded") =>
    waitFor(`group ${g.id} to be ${status}`, async () => {
      await poke(g.ports[0].hostPort);
      const current = await t.api.getGroup(g.id);
      return current.status === status ? current : undefined;
    });

  it("bills a group that runs 90 minutes 1.5 hours of its hourly price, and one that never started nothing", async () => {
    const start = newDay();
    const created = await t.api.createGroup(sized("runs", ["sleep", "3600"]));
    expect(created).to.include({ status: "pending", hourlyPrice: 0 });
    const never = await t.api.createGroup({ name: "never", containers: [{ name: "app", image: "eci-test/absent:1", imagePullPolicy: "Never" }] });
    expect((await t.api.waitForStatus(created.id, "running")).hourlyPrice).to.equal(1);
    expect((await t.api.waitForStatus(never.id, "failed")).hourlyPrice).to.equal(0);
    now += 90 * MIN;

    const eci = new EciClient({ endpoint: t.api.url, accessKey: t.api.key });
    const bill = await eci.billing({ from: new Date(start) });
    expect(bill).to.deep.include({ currency: "USD", from: new Date(start).toISOString(), to: new Date(now).toISOString(), total: 1.5 });
    expect(bill.items).to.deep.equal([{ resourceId: created.id, kind: "container-group", name: "runs", size: { cpu: 1, memory: 2, hostType: "basic" }, seconds: 5400, unitPrice: 1, amount: 1.5 } satisfies BillingItem]);
  });

  it("stops billing a group when it fails, bills nothing while it stays failed, and bills it again once a restart runs it", async () => {
    const start = newDay();
    const g = await running(endsOnConnect("fails", 1));
    now += 30 * MIN;
    expect((await endGroup(g, "failed")).hourlyPrice).to.equal(0);
    now += 60 * MIN;
    expect(itemsOf(await billSince(start), g.id)).to.deep.equal([{ seconds: 1800, unitPrice: 1, amount: 0.5 }]);

    expect((await t.api.request("POST", `/v1/container-groups/${g.id}/restart`)).status).to.equal(202);
    expect((await t.api.waitForStatus(g.id, "running")).hourlyPrice).to.equal(1);
    now += 15 * MIN;
    expect(itemsOf(await billSince(start), g.id)).to.deep.equal([{ seconds: 2700, unitPrice: 1, amount: 0.75 }]);
  });

  it("stops billing a succeeded group when it finishes", async () => {
    const start = newDay();
    const g = await running(endsOnConnect("batch", 0));
    now += 20 * MIN;
    expect((await endGroup(g, "succeeded")).hourlyPrice).to.equal(0);
    now += 60 * MIN;
    expect(itemsOf(await billSince(start), g.id)).to.deep.equal([{ seconds: 1200, unitPrice: 1, amount: 0.333333 }]);
  });

  it("stops billing a group when its deletion is asked for, and still shows what it cost", async () => {
    const start = newDay();
    const g = await running(sized("deleted", ["sleep", "3600"]));
    now += 60 * MIN;
    const deleting = await t.api.request<ContainerGroup>("DELETE", `/v1/container-groups/${g.id}`);
    expect(deleting.body).to.include({ status: "deleting", hourlyPrice: 0 });
    now += 120 * MIN;
    await waitFor(`group ${g.id} to be gone`, async () => ((await t.api.request("GET", `/v1/container-groups/${g.id}`)).status === 404 ? true : undefined));
    expect(itemsOf(await billSince(start), g.id)).to.deep.equal([{ seconds: 3600, unitPrice: 1, amount: 1 }]);
  });

  it("bills a group resized by an online update at each size for its own time", async () => {
    const start = newDay();
    const g = await running(sized("resized", ["sleep", "3600"]));
    now += 60 * MIN;
    expect((await t.api.request("PUT", `/v1/container-groups/${g.id}`, sized("resized", ["sleep", "3600"], { memory: 4 }))).status).to.equal(202);
    const updated = await t.api.waitForGroup(g.id, "updated to 4 GiB", (x) => x.status === "running" && x.memory === 4);
    expect(updated.hourlyPrice).to.equal(1.5);
    now += 60 * MIN;
    const bill = await billSince(start);
    expect(bill.items.filter((i) => i.resourceId === g.id).map((i) => [i.size.memory, i.seconds, i.amount])).to.deep.equal([
      [2, 3600, 1],
      [4, 3600, 1.5],
    ]);
  });

  it("bills image caches by size, disks by type and size (a grown disk at its new size), and EIPs until deleted", async () => {
    const start = newDay();
    const post = async (path: string, body: unknown) => (await t.api.request("POST", path, body)).body;
    registry = await TestRegistry.start();
    const image = await registry.push(BUSYBOX, "team/app:1");
    const credential = await post("/v1/registry-credentials", { server: registry.server, username: registry.username, password: registry.password });
    const cache = await post("/v1/image-caches", { name: "cache", images: [image], registryCredentialIds: [credential.id], sizeGB: 40 });
    await waitFor("the cache to be available", async () => ((await t.api.request("GET", `/v1/image-caches/${cache.id}`)).body.status === "available" ? true : undefined));
    // Nothing answers on port 9: this cache fails at once, and costs nothing from then on.
    const failed = await post("/v1/image-caches", { name: "failed", images: ["127.0.0.1:9/eci-test/none:1"], sizeGB: 40 });
    await waitFor("the cache to fail", async () => ((await t.api.request("GET", `/v1/image-caches/${failed.id}`)).body.status === "failed" ? true : undefined));
    expect((await t.api.request("GET", `/v1/image-caches/${failed.id}`)).body.hourlyPrice).to.equal(0);
    const fast = await post("/v1/disks", { name: "fast", type: "performance", sizeGB: 100 });
    const grown = await post("/v1/disks", { name: "grown", type: "basic", sizeGB: 100 });
    const eip = await post("/v1/eips", { name: "ip" });
    expect([cache.hourlyPrice, fast.hourlyPrice, grown.hourlyPrice, eip.hourlyPrice]).to.deep.equal([0.04, 0.02, 0.01, 0.01]);
    now += 60 * MIN;
    expect((await t.api.request("PUT", `/v1/disks/${grown.id}`, { name: "grown", type: "basic", sizeGB: 200 })).body.hourlyPrice).to.equal(0.02);
    expect((await t.api.request("DELETE", `/v1/eips/${eip.id}`)).status).to.equal(204);
    now += 60 * MIN;
    expect((await t.api.request("DELETE", `/v1/image-caches/${cache.id}`)).body).to.include({ status: "deleting", hourlyPrice: 0 });
    now += 60 * MIN;

    const bill = await billSince(start);
    expect(itemsOf(bill, cache.id)).to.deep.equal([{ seconds: 7200, unitPrice: 0.04, amount: 0.08 }]);
    expect(itemsOf(bill, failed.id)).to.deep.equal([]);
    expect(itemsOf(bill, fast.id)).to.deep.equal([{ seconds: 10800, unitPrice: 0.02, amount: 0.06 }]);
    expect(itemsOf(bill, grown.id)).to.deep.equal([
      { seconds: 3600, unitPrice: 0.01, amount: 0.01 },
      { seconds: 7200, unitPrice: 0.02, amount: 0.04 },
    ]);
    expect(itemsOf(bill, eip.id)).to.deep.equal([{ seconds: 3600, unitPrice: 0.01, amount: 0.01 }]);
    expect(bill.items.find((i) => i.resourceId === grown.id)?.size).to.deep.equal({ sizeGB: 100, diskType: "basic" });
    for (const disk of [fast, grown]) await t.api.request("DELETE", `/v1/disks/${disk.id}`);
    await t.api.request("DELETE", `/v1/image-caches/${failed.id}`);
    await waitFor("the caches to be gone", async () => ((await t.api.request("GET", "/v1/image-caches")).body.total === 0 ? true : undefined));
    await t.api.request("DELETE", `/v1/registry-credentials/${credential.id}`);
  });

  it("shows an account only its own resources", async () => {
    const start = newDay();
    const otherKey = t.addAccount("other").key;
    const theirs = (await t.api.request("POST", "/v1/eips", { name: "theirs" }, otherKey)).body;
    const mine = (await t.api.request("POST", "/v1/eips", { name: "mine" })).body;
    now += 60 * MIN;
    expect((await billSince(start, otherKey)).items.map((i) => i.resourceId)).to.deep.equal([theirs.id]);
    expect((await billSince(start)).items.map((i) => i.resourceId)).to.deep.equal([mine.id]);
    for (const [id, key] of [[theirs.id, otherKey], [mine.id, undefined]]) await t.api.request("DELETE", `/v1/eips/${id}`, undefined, key);
  });

  it("answers 422 naming the field for a bad period", async () => {
    const bad = await t.api.request("GET", "/v1/billing?from=yesterday");
    expect(bad.status).to.equal(422);
    expect(bad.body).to.deep.include({ code: "validation_failed" });
    expect(bad.body.details.map((d: { path: string }) => d.path)).to.deep.equal(["from"]);
    const backwards = await t.api.request("GET", "/v1/billing?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z");
    expect([backwards.status, backwards.body.details[0].path, backwards.body.details[0].rule]).to.deep.equal([422, "to", "after:from"]);
  });

  // Last: it replaces the engine the other tests share.
  it("neither loses nor double-counts a group that runs on while the engine restarts", async () => {
    const start = newDay();
    const g = await running(sized("survives", ["sleep", "3600"]));
    now += 30 * MIN;
    await t.engine.close();
    now += 30 * MIN;
    t = await startTestEngine(OVERRIDES, t.dataDir, { clock });
    expect((await t.api.waitForStatus(g.id, "running")).hourlyPrice).to.equal(1);
    now += 30 * MIN;
    expect(itemsOf(await billSince(start), g.id)).to.deep.equal([{ seconds: 5400, unitPrice: 1, amount: 1.5 }]);
  });
});

/** Opens a TCP connection to a published port and closes it: what `nc -l` waits for. */
function poke(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.end("x\n"));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("close", () => resolve());
    socket.on("error", () => resolve());
  });
}
