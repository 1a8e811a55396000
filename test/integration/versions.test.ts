import path from "node:path";
import { expect } from "chai";
import { type ContainerGroup, type ContainerGroupSpecInput, EciClient } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { caught } from "../helpers/caught";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";

interface Answer {
  status: number;
  body: any;
  etag: string | null;
}

/** The spec part of a group as read back, ready to be edited and PUT. */
function specOf(g: ContainerGroup): ContainerGroupSpecInput {
  return { name: g.name, description: g.description, labels: g.labels, containers: g.containers.map(({ name, image, command }) => ({ name, image, command })) };
}

describe("versions and If-Match (SPEC §7)", () => {
  let t: TestEngine;
  let eci: EciClient;
  before(async () => {
    t = await startTestEngine();
    eci = new EciClient({ endpoint: t.api.url, accessKeyFile: path.join(t.dataDir, "access-key") });
  });
  after(async () => t?.close());

  /** One request with an optional `If-Match`, answering the status, the body and the ETag. */
  async function send(method: string, url: string, body?: unknown, ifMatch?: string): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${t.api.key}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (ifMatch !== undefined) headers["if-match"] = ifMatch;
    const res = await fetch(`${t.api.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get("etag") };
  }

  async function runningGroup(name: string): Promise<ContainerGroup> {
    const group = await t.api.createGroup({ name, containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    return t.api.waitForStatus(group.id, "running");
  }

  it("applies exactly one of 20 concurrent PUTs with the same If-Match, whole, and refuses the others with version_conflict", async () => {
    const group = await runningGroup("contended");
    const read = await send("GET", `/v1/container-groups/${group.id}`);
    expect(read.etag).to.equal(`"${group.version}"`);
    const writers = Array.from({ length: 20 }, (_, i) => i);
    const answers = await Promise.all(
      writers.map((i) => send("PUT", `/v1/container-groups/${group.id}`, { ...specOf(group), description: `writer ${i}`, labels: { writer: String(i) } }, `"${group.version}"`)),
    );
    const applied = writers.filter((i) => answers[i].status === 200 || answers[i].status === 202);
    expect(applied).to.have.length(1);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).to.have.length(19);
    for (const a of refused) {
      expect(a.body).to.deep.include({ code: "version_conflict", details: { expected: group.version, current: group.version + 1 } });
      expect(a.body.message).to.contain(`version ${group.version + 1}`).and.contain(`version ${group.version}`);
    }
    const after = await t.api.getGroup(group.id);
    expect({ description: after.description, labels: after.labels, version: after.version }).to.deep.equal({
      description: `writer ${applied[0]}`,
      labels: { writer: String(applied[0]) },
      version: group.version + 1,
    });
  });

  it("refuses a DELETE with a stale If-Match and keeps the group", async () => {
    const group = await runningGroup("kept");
    const renamed = await send("PUT", `/v1/container-groups/${group.id}`, { ...specOf(group), description: "renamed" });
    expect(renamed.body.version).to.equal(group.version + 1);
    const stale = await send("DELETE", `/v1/container-groups/${group.id}`, undefined, `"${group.version}"`);
    expect(stale.status).to.equal(409);
    expect(stale.body).to.deep.include({ code: "version_conflict", details: { expected: group.version, current: group.version + 1 } });
    expect(await t.api.getGroup(group.id)).to.include({ status: "running", description: "renamed" });
    const current = await send("DELETE", `/v1/container-groups/${group.id}`, undefined, `"${group.version + 1}"`);
    expect(current.status).to.equal(202);
    expect(current.body.status).to.equal("deleting");
  });

  it("refuses an If-Match that is not a version, naming the header, and changes nothing", async () => {
    const disk = await eci.disks.create({ name: "guarded" });
    for (const value of ["abc", '"0"', 'W/"x"', '"1", "2"', "1.5"]) {
      const answer = await send("PUT", `/v1/disks/${disk.id}`, { name: "changed" }, value);
      expect(answer.status, value).to.equal(400);
      expect(answer.body.code).to.equal("malformed_request");
      expect(answer.body.message).to.contain("If-Match");
      expect(answer.body.details).to.deep.equal({ header: "If-Match", value });
    }
    expect((await send("DELETE", `/v1/disks/${disk.id}`, undefined, "abc")).status).to.equal(400);
    expect(await eci.disks.get(disk.id)).to.include({ name: "guarded", version: 1 });
  });

  it("guards the sdk's update and delete with their ifMatch option", async () => {
    const disk = await eci.disks.create({ name: "sdk" });
    expect((await eci.disks.update(disk.id, { name: "sdk", description: "one" }, { ifMatch: 1 })).version).to.equal(2);
    const stale = await caught(eci.disks.update(disk.id, { name: "sdk", description: "two" }, { ifMatch: 1 }));
    expect(stale).to.include({ code: "version_conflict", status: 409 });
    expect(stale.details).to.deep.equal({ expected: 1, current: 2 });
    expect((await caught(eci.disks.delete(disk.id, { ifMatch: 1 }))).code).to.equal("version_conflict");
    await eci.disks.delete(disk.id, { ifMatch: 2 });
    expect((await caught(eci.disks.get(disk.id))).code).to.equal("not_found");
  });

  describe("on each kind of resource", () => {
    let vxnetVpc: string;
    before(async () => (vxnetVpc = (await eci.vpcs.create({ name: "for-vxnets", cidr: "10.214.0.0/16" })).id));
    after(async () => eci.vpcs.delete(vxnetVpc));

    // Each spec differs by revision in a field every kind lets change in place.
    const kinds: Array<{ base: string; spec: (rev: number) => Record<string, unknown>; deleted: number }> = [
      { base: "/v1/disks", spec: (rev) => ({ name: "disk", description: `rev ${rev}` }), deleted: 204 },
      { base: "/v1/eips", spec: (rev) => ({ name: "eip", description: `rev ${rev}` }), deleted: 204 },
      { base: "/v1/security-groups", spec: (rev) => ({ name: "sg", description: `rev ${rev}` }), deleted: 204 },
      { base: "/v1/vxnets", spec: (rev) => ({ name: "vxnet", description: `rev ${rev}`, vpcId: vxnetVpc, cidr: "10.214.1.0/24" }), deleted: 204 },
      { base: "/v1/vpcs", spec: (rev) => ({ name: "vpc", description: `rev ${rev}`, cidr: "10.213.0.0/16" }), deleted: 204 },
      { base: "/v1/registry-credentials", spec: (rev) => ({ name: `rev ${rev}`, server: "127.0.0.1:5999", username: "ci", password: "secret" }), deleted: 204 },
      // Nothing listens on port 9: the cache fails at once, and is renamed all the same.
      { base: "/v1/image-caches", spec: (rev) => ({ name: "cache", description: `rev ${rev}`, images: ["127.0.0.1:9/none/app:1"] }), deleted: 202 },
    ];

    for (const kind of kinds) {
      it(`${kind.base}: grows the version by one per accepted change and refuses stale writes`, async () => {
        const created = await send("POST", kind.base, kind.spec(0));
        expect(created.status, JSON.stringify(created.body)).to.be.oneOf([201, 202]);
        const url = `${kind.base}/${created.body.id}`;
        expect(created.body.version).to.equal(1);
        expect((await send("GET", url)).etag).to.equal('"1"');
        // The forms clients send: bare, quoted (the ETag as read), weak, and none.
        const versions = [];
        for (const [rev, ifMatch] of [[1, "1"], [2, '"2"'], [3, 'W/"3"'], [4, undefined]] as const) {
          const answer = await send("PUT", url, kind.spec(rev), ifMatch);
          expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
          expect(answer.etag).to.equal(`"${answer.body.version}"`);
          versions.push(answer.body.version);
        }
        expect(versions).to.deep.equal([2, 3, 4, 5]);
        const stale = await send("PUT", url, kind.spec(9), '"3"');
        expect(stale.status).to.equal(409);
        expect(stale.body).to.deep.include({ code: "version_conflict", details: { expected: 3, current: 5 } });
        const staleDelete = await send("DELETE", url, undefined, '"4"');
        expect(staleDelete.body).to.deep.include({ code: "version_conflict", details: { expected: 4, current: 5 } });
        const kept = await send("GET", url);
        expect(kept.body.version).to.equal(5);
        expect(kept.body.description ?? kept.body.name).to.match(/rev 4$/);
        expect((await send("DELETE", url, undefined, '"5"')).status).to.equal(kind.deleted);
      });
    }
  });
});
