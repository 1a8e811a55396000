import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { EciClient } from "@eci/sdk";
import { accountsCommand } from "../../engine/src/accounts-command";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { Api, type TestEngine, deleteAllGroups, startTestEngine } from "../helpers/test-engine";

/** `eci-engine accounts …` on the engine's data directory, as the operator runs it; its output lines. */
function accounts(t: TestEngine, ...args: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = accountsCommand([...args, "--data-dir", t.dataDir], {}, (line) => lines.push(line));
  return { code, lines };
}

describe("Accounts, access keys and quotas", function () {
  this.timeout(60_000);
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });
  after(async () => t?.close());

  it("lets the operator create an account whose key, printed once, works at once on the running engine", async () => {
    const created = accounts(t, "create", "team-a");
    expect(created.code).to.equal(0);
    expect(created.lines[0]).to.match(/^Created account team-a \(acc-[a-z0-9]{8}\)\. Its access key, shown only now:$/);
    const key = created.lines[1];
    expect(key).to.match(/^eci_[A-Za-z0-9_-]{32}$/);
    const teamA = new Api(t.api.url, key);
    expect((await teamA.request("GET", "/v1/container-groups")).body).to.deep.equal({ items: [], total: 0 });
    expect(() => accounts(t, "create", "team-a")).to.throw("An account named team-a already exists");
    expect(() => accounts(t, "create", "Team A")).to.throw('Invalid account name "Team A"');
    const listed = accounts(t, "list").lines;
    expect(listed[0]).to.match(/^NAME\s+ID\s+KEYS\s+STANDARD GROUPS\s+PREMIUM GROUPS\s+IMAGE CACHES\s+CREATED$/);
    expect(listed.slice(1).map((l) => l.split(/\s+/).slice(0, 6))).to.deep.equal([
      ["default", listed[1].split(/\s+/)[1], "1", "10", "10", "20"],
      ["team-a", created.lines[0].match(/acc-[a-z0-9]{8}/)?.[0], "1", "10", "10", "20"],
    ]);
  });

  it("enforces a quota the operator set for one account, and reports each quota's limit and use", async () => {
    const key = accounts(t, "create", "team-q").lines[1];
    const eci = new EciClient({ endpoint: t.api.url, accessKey: key });
    expect(accounts(t, "set-quota", "team-q", "standardGroups=1").code).to.equal(0);
    expect(() => accounts(t, "set-quota", "team-q", "groups=1")).to.throw("use NAME=N with NAME one of standardGroups, premiumGroups, imageCaches");
    expect(() => accounts(t, "set-quota", "nobody", "imageCaches=1")).to.throw("No account named nobody");
    expect(await eci.quotas()).to.deep.equal({ standardGroups: { limit: 1, used: 0 }, premiumGroups: { limit: 10, used: 0 }, imageCaches: { limit: 20, used: 0 } });
    const spec = { name: "one", containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] };
    await eci.containerGroups.create(spec);
    expect((await eci.quotas()).standardGroups).to.deep.equal({ limit: 1, used: 1 });
    const refused = await eci.containerGroups.create({ ...spec, name: "two" }).catch((e: unknown) => e);
    expect(refused).to.deep.include({ code: "quota_exceeded", status: 403, details: { quota: "standardGroups", limit: 1, used: 1, hostType: "basic" } });
    // The default account keeps the engine's defaults.
    expect((await new EciClient({ endpoint: t.api.url, accessKey: t.api.key }).quotas()).standardGroups.limit).to.equal(10);
    await deleteAllGroups(new Api(t.api.url, key));
    expect((await eci.quotas()).standardGroups).to.deep.equal({ limit: 1, used: 0 });
  });

  it("rotates a key without downtime: a new key works beside the old, the old is deleted, the last one stays", async () => {
    const first = accounts(t, "create", "team-k").lines[1];
    const old = new EciClient({ endpoint: t.api.url, accessKey: first });
    const created = await old.accessKeys.create({ name: "ci" });
    expect(created).to.include({ name: "ci", lastUsedAt: null, current: false });
    expect(created.secret).to.match(/^eci_/);
    const fresh = new EciClient({ endpoint: t.api.url, accessKey: created.secret });
    const listed = await fresh.accessKeys.list();
    expect(listed.map((k) => k.name)).to.deep.equal(["initial", "ci"]);
    expect(listed.every((k) => !("secret" in k))).to.equal(true);
    expect(listed[1].lastUsedAt).to.be.a("string");
    expect(listed.map((k) => k.current), "the key that listed them is the current one").to.deep.equal([false, true]);
    expect((await old.accessKeys.list()).map((k) => k.current)).to.deep.equal([true, false]);
    await fresh.accessKeys.delete(listed[0].id);
    expect(await old.accessKeys.list().catch((e: unknown) => e)).to.deep.include({ code: "unauthorized", status: 401 });
    const last = await fresh.accessKeys.delete(created.id).catch((e: unknown) => e);
    expect(last).to.deep.include({ code: "last_access_key", status: 409 });
    expect((last as Error).message).to.contain("is the account's last key");
    // Another account's key is not found, and stays.
    const otherKeys = await new EciClient({ endpoint: t.api.url, accessKey: t.api.key }).accessKeys.list();
    expect(await fresh.accessKeys.delete(otherKeys[0].id).catch((e: unknown) => e)).to.deep.include({ code: "not_found", status: 404 });
    expect((await t.api.request("GET", "/v1/access-keys")).status).to.equal(200);
  });

  it("keeps only a hash of each key: no secret is in the store", async () => {
    const { secret } = await new EciClient({ endpoint: t.api.url, accessKey: t.api.key }).accessKeys.create({ name: "audit" });
    const files = ["engine.db", "engine.db-wal"].map((f) => path.join(t.dataDir, f));
    const bytes = files.map((f) => readFileSync(f, { flag: "r" }).toString("latin1")).join("");
    expect(bytes).to.not.contain(secret);
    expect(bytes).to.not.contain(t.api.key);
  });

  it("refuses a bad key name with the field and the rule", async () => {
    const res = await t.api.request("POST", "/v1/access-keys", { name: "x".repeat(64) });
    expect(res.status).to.equal(422);
    expect(res.body.details).to.deep.include({ path: "name", rule: "max:63", value: "x".repeat(64), message: "Too big: expected string to have <=63 characters" });
  });
});
