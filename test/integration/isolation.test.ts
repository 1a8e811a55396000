import { expect } from "chai";
import WebSocket from "ws";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { Api, type Reply, type TestEngine, startTestEngine } from "../helpers/test-engine";

type Ids = Record<"group" | "eip" | "sg" | "vpc" | "vxnet" | "disk" | "credential" | "cache" | "pool" | "key", string>;

/** What a case has: account A's resources, A's and B's clients, and every id of A that B must never see. */
interface Ctx {
  a: Api;
  b: Api;
  ids: Ids;
  specs: Record<string, unknown>;
}

function notFound(res: Reply): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(404);
  expect(res.body.code).to.equal("not_found");
}

/** B's answer for a list (or the bill, the quotas) names none of A's resources. */
function namesNoneOf(ctx: Ctx, res: Reply): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  const text = JSON.stringify(res.body);
  for (const id of Object.values(ctx.ids)) expect(text, `B's answer names A's ${id}`).to.not.contain(id);
}

/** B's create naming one of A's resources at `path` is refused as naming no such resource. */
function refusesReference(res: Reply, path: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(422);
  expect(res.body.details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`)).to.include(`${path} exists`);
}

/** `GET`, `PUT`, `DELETE` of one of A's resources by B: not found, while A reads it. */
function byId(kind: keyof Ids, base: string): Record<string, (ctx: Ctx) => Promise<void>> {
  return {
    [`GET ${base}/:id`]: async (ctx) => {
      expect((await ctx.a.request("GET", `${base}/${ctx.ids[kind]}`)).status).to.equal(200);
      notFound(await ctx.b.request("GET", `${base}/${ctx.ids[kind]}`));
    },
    [`PUT ${base}/:id`]: async (ctx) => notFound(await ctx.b.request("PUT", `${base}/${ctx.ids[kind]}`, ctx.specs[kind])),
    [`DELETE ${base}/:id`]: async (ctx) => notFound(await ctx.b.request("DELETE", `${base}/${ctx.ids[kind]}`)),
    [`GET ${base}`]: async (ctx) => namesNoneOf(ctx, await ctx.b.request("GET", base)),
  };
}

/** One case per route of the app: a route added later without a case here fails the first test. */
const CASES: Record<string, (ctx: Ctx) => Promise<void>> = {
  ...byId("group", "/v1/container-groups"),
  ...byId("eip", "/v1/eips"),
  ...byId("sg", "/v1/security-groups"),
  ...byId("vpc", "/v1/vpcs"),
  ...byId("vxnet", "/v1/vxnets"),
  ...byId("disk", "/v1/disks"),
  ...byId("credential", "/v1/registry-credentials"),
  ...byId("cache", "/v1/image-caches"),
  ...byId("pool", "/v1/standby-pools"),
  "POST /v1/container-groups": async ({ b, ids }) => {
    const spec = (extra: Record<string, unknown>, container: Record<string, unknown> = {}) => ({ name: "b", containers: [{ name: "app", image: TEST_IMAGES.busybox, ...container }], ...extra });
    refusesReference(await b.request("POST", "/v1/container-groups", spec({ network: { mode: "vpc", vxnetId: ids.vxnet } })), "network.vxnetId");
    refusesReference(await b.request("POST", "/v1/container-groups", spec({ network: { mode: "basic", eipId: ids.eip } })), "network.eipId");
    refusesReference(await b.request("POST", "/v1/container-groups", spec({ network: { mode: "basic", securityGroupId: ids.sg } })), "network.securityGroupId");
    refusesReference(await b.request("POST", "/v1/container-groups", spec({ volumes: [{ name: "data", disk: { diskId: ids.disk } }] })), "volumes[0].disk.diskId");
    refusesReference(await b.request("POST", "/v1/container-groups", spec({ imageCacheId: ids.cache })), "imageCacheId");
    refusesReference(await b.request("POST", "/v1/container-groups", spec({}, { image: "127.0.0.1:1/team/app:1", registryCredentialId: ids.credential })), "containers[0].registryCredentialId");
    refusesReference(await b.request("POST", "/v1/container-groups", spec({ standbyPoolId: ids.pool })), "standbyPoolId");
  },
  "POST /v1/standby-pools": async ({ b, ids }) => {
    const profile = { name: "b", network: { mode: "vpc", vxnetId: ids.vxnet }, containers: [{ name: "app", image: TEST_IMAGES.busybox }] };
    refusesReference(await b.request("POST", "/v1/standby-pools", { name: "b", profile, maxReadyCapacity: 0 }), "profile.network.vxnetId");
  },
  "POST /v1/vpcs": async ({ b, ids }) => {
    refusesReference(await b.request("POST", "/v1/vpcs", { name: "b", cidr: "10.201.0.0/16", eipId: ids.eip }), "eipId");
    refusesReference(await b.request("POST", "/v1/vpcs", { name: "b", cidr: "10.202.0.0/16", securityGroupId: ids.sg }), "securityGroupId");
  },
  "POST /v1/vxnets": async ({ b, ids }) => refusesReference(await b.request("POST", "/v1/vxnets", { name: "b", vpcId: ids.vpc, cidr: "10.200.1.0/24" }), "vpcId"),
  "POST /v1/image-caches": async ({ b, ids }) =>
    refusesReference(await b.request("POST", "/v1/image-caches", { name: "b", images: ["127.0.0.1:1/team/app:1"], registryCredentialIds: [ids.credential] }), "registryCredentialIds[0]"),
  // Resources that name no other: what B creates is B's, and A does not see it.
  "POST /v1/eips": (ctx) => createdIsOwn(ctx, "/v1/eips", { name: "b" }),
  "POST /v1/security-groups": (ctx) => createdIsOwn(ctx, "/v1/security-groups", { name: "b" }),
  "POST /v1/disks": (ctx) => createdIsOwn(ctx, "/v1/disks", { name: "b" }),
  "POST /v1/registry-credentials": (ctx) => createdIsOwn(ctx, "/v1/registry-credentials", { server: "127.0.0.1:1", username: "b", password: "b" }),
  "POST /v1/container-groups/:id/restart": async ({ b, ids }) => notFound(await b.request("POST", `/v1/container-groups/${ids.group}/restart`)),
  "GET /v1/container-groups/:id/events": async ({ a, b, ids }) => {
    expect((await a.request("GET", `/v1/container-groups/${ids.group}/events`)).status).to.equal(200);
    notFound(await b.request("GET", `/v1/container-groups/${ids.group}/events`));
  },
  "GET /v1/container-groups/:id/containers/:name/logs": async ({ a, b, ids }) => {
    expect((await a.request("GET", `/v1/container-groups/${ids.group}/containers/app/logs`)).status).to.equal(200);
    notFound(await b.request("GET", `/v1/container-groups/${ids.group}/containers/app/logs`));
  },
  "GET /v1/container-groups/:id/containers/:name/exec": async ({ a, b, ids }) => {
    expect(await upgrade(a, `/v1/container-groups/${ids.group}/containers/app/exec`)).to.equal(101);
    expect(await upgrade(b, `/v1/container-groups/${ids.group}/containers/app/exec`)).to.equal(404);
  },
  "GET /v1/container-groups/:id/metrics": async ({ a, b, ids }) => {
    expect((await a.request("GET", `/v1/container-groups/${ids.group}/metrics?range=6h`)).status).to.equal(200);
    notFound(await b.request("GET", `/v1/container-groups/${ids.group}/metrics?range=6h`));
    notFound(await b.request("GET", `/v1/container-groups/${ids.group}/metrics?range=6h&follow=true`));
  },
  "GET /v1/billing": async (ctx) => namesNoneOf(ctx, await ctx.b.request("GET", "/v1/billing")),
  "GET /v1/quotas": async ({ a, b }) => {
    expect((await a.request("GET", "/v1/quotas")).body.standardGroups.used).to.equal(1);
    expect((await b.request("GET", "/v1/quotas")).body).to.deep.equal({ standardGroups: { limit: 10, used: 0 }, premiumGroups: { limit: 10, used: 0 }, imageCaches: { limit: 20, used: 0 } });
  },
  "GET /v1/access-keys": async (ctx) => namesNoneOf(ctx, await ctx.b.request("GET", "/v1/access-keys")),
  "POST /v1/access-keys": async ({ a, b }) => {
    const created = await b.request("POST", "/v1/access-keys", { name: "b-2" });
    expect(created.status).to.equal(201);
    expect(JSON.stringify((await a.request("GET", "/v1/access-keys")).body)).to.not.contain(created.body.id);
  },
  "DELETE /v1/access-keys/:id": async ({ a, b, ids }) => {
    notFound(await b.request("DELETE", `/v1/access-keys/${ids.key}`));
    expect((await a.request("GET", "/v1/access-keys")).body.items.map((k: { id: string }) => k.id)).to.include(ids.key);
  },
};

async function createdIsOwn({ a, b }: Ctx, base: string, spec: unknown): Promise<void> {
  const created = await b.request("POST", base, spec);
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  notFound(await a.request("GET", `${base}/${created.body.id}`));
  expect((await b.request("DELETE", `${base}/${created.body.id}`)).status).to.equal(204);
}

/** The HTTP status of a terminal WebSocket's upgrade: 101 when accepted, else the refusal's. */
function upgrade(api: Api, path: string): Promise<number> {
  const socket = new WebSocket(`${api.url.replace(/^http/, "ws")}${path}`, ["v5.channel.k8s.io"], { headers: { authorization: `Bearer ${api.key}` } });
  return new Promise((resolve, reject) => {
    socket.once("upgrade", () => {
      socket.close();
      resolve(101);
    });
    socket.once("unexpected-response", (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    socket.once("error", reject);
  });
}

describe("Two accounts on one engine", function () {
  this.timeout(120_000);
  let t: TestEngine;
  const ctx = {} as Ctx;

  before(async () => {
    t = await startTestEngine();
    ctx.a = t.api;
    ctx.b = t.addAccount("b");
    const create = async (base: string, spec: Record<string, unknown>) => {
      const res = await ctx.a.request("POST", base, spec);
      expect(res.status, `${base}: ${JSON.stringify(res.body)}`).to.be.oneOf([201, 202]);
      return res.body.id as string;
    };
    ctx.specs = {
      eip: { name: "a" },
      sg: { name: "a", rules: [{ priority: 1, ports: "80" }] },
      disk: { name: "a" },
      credential: { server: "127.0.0.1:1", username: "a", password: "a" },
      cache: { name: "a", images: ["127.0.0.1:1/team/app:1"] },
      pool: { name: "a", profile: { name: "a", containers: [{ name: "app", image: TEST_IMAGES.busybox }] }, maxReadyCapacity: 0 },
    };
    const ids = {} as Ids;
    ids.eip = await create("/v1/eips", ctx.specs.eip as Record<string, unknown>);
    ids.sg = await create("/v1/security-groups", ctx.specs.sg as Record<string, unknown>);
    ctx.specs.vpc = { name: "a", cidr: "10.200.0.0/16", securityGroupId: ids.sg };
    ids.vpc = await create("/v1/vpcs", ctx.specs.vpc as Record<string, unknown>);
    ctx.specs.vxnet = { name: "a", vpcId: ids.vpc, cidr: "10.200.1.0/24" };
    ids.vxnet = await create("/v1/vxnets", ctx.specs.vxnet as Record<string, unknown>);
    ids.disk = await create("/v1/disks", ctx.specs.disk as Record<string, unknown>);
    ids.credential = await create("/v1/registry-credentials", ctx.specs.credential as Record<string, unknown>);
    ids.cache = await create("/v1/image-caches", ctx.specs.cache as Record<string, unknown>);
    ids.pool = await create("/v1/standby-pools", ctx.specs.pool as Record<string, unknown>);
    ctx.specs.group = {
      name: "a",
      network: { mode: "vpc", vxnetId: ids.vxnet },
      volumes: [{ name: "data", disk: { diskId: ids.disk } }],
      containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"], volumeMounts: [{ volume: "data", mountPath: "/data" }] }],
    };
    ids.group = await create("/v1/container-groups", ctx.specs.group as Record<string, unknown>);
    ids.key = (await ctx.a.request("GET", "/v1/access-keys")).body.items[0].id;
    ctx.ids = ids;
    await ctx.a.waitForGroup(ids.group, "running", (g) => g.status === "running");
  });

  after(async () => {
    await t?.close();
  });

  it("has an isolation case for every route of the API", () => {
    const routes = t.engine.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in CASES)), "routes without an isolation case").to.deep.equal([]);
    expect(Object.keys(CASES).filter((c) => !routes.includes(c)), "cases for routes the app does not have").to.deep.equal([]);
  });

  for (const [route, check] of Object.entries(CASES)) {
    it(`keeps account A's resources from account B: ${route}`, () => check(ctx));
  }
});
