import { expect } from "chai";
import type { ContainerGroupSpecInput } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, engineContainers, startTestEngine } from "../helpers/test-engine";

const image = TEST_IMAGES.busybox;
const valid: ContainerGroupSpecInput = { name: "ok", containers: [{ name: "app", image, command: ["sleep", "3600"] }] };
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image }));

/** Each broken rule of SPEC §2 and §5, with the path, rule and value the engine must name. */
const REFUSED: Array<[string, unknown, { path: string; rule: string; value?: unknown }]> = [
  ["a 21st container", { ...valid, containers: many(21) }, { path: "containers", rule: "max:20" }],
  ["an 11th label", { ...valid, labels: Object.fromEntries(many(11).map((c) => [c.name, "x"])) }, { path: "labels", rule: "max:10" }],
  ["a label key over 63 characters", { ...valid, labels: { ["k".repeat(64)]: "v" } }, { path: `labels.${"k".repeat(64)}`, rule: "max:63" }],
  ["two containers with one name", { ...valid, containers: [{ name: "a", image }, { name: "a", image }] }, { path: "containers[1].name", rule: "unique", value: "a" }],
  [
    "a port declared twice",
    { ...valid, containers: [{ name: "a", image, ports: [{ port: 80 }] }, { name: "b", image, ports: [{ port: 80, protocol: "TCP" }] }] },
    { path: "containers[1].ports[0]", rule: "unique_port", value: { port: 80, protocol: "TCP" } },
  ],
  ["shared memory of half the memory", { ...valid, containers: [{ name: "a", image, cpu: 0.25, memory: 0.5 }], shmSizeMB: 256 }, { path: "shmSizeMB", rule: "below_half_memory", value: 256 }],
  ["a request above the largest size", { ...valid, containers: [{ name: "a", image, cpu: 32, memory: 256 }, { name: "b", image, cpu: 1 }] }, { path: "containers", rule: "max_size" }],
  ["a container above 256 GiB", { ...valid, containers: [{ name: "a", image, memory: 512 }] }, { path: "containers[0].memory", rule: "max:256", value: 512 }],
  ["no containers", { ...valid, containers: [] }, { path: "containers", rule: "min:1" }],
  ["only init containers", { ...valid, containers: [{ name: "a", image, type: "init" }] }, { path: "containers", rule: "work_container_required" }],
  ["an unknown restart policy", { ...valid, restartPolicy: "Sometimes" }, { path: "restartPolicy", rule: "one_of:Always|OnFailure|Never", value: "Sometimes" }],
  ["a name over 63 characters", { ...valid, name: "n".repeat(64) }, { path: "name", rule: "max:63" }],
  ["a log size over 1024 MB", { ...valid, containers: [{ name: "a", image, maxLogSizeMB: 2048 }] }, { path: "containers[0].maxLogSizeMB", rule: "max:1024", value: 2048 }],
  ["an unknown field", { ...valid, replicas: 3 }, { path: "", rule: "known_fields", value: ["replicas"] }],
  ["a relative working directory", { ...valid, containers: [{ name: "a", image, workingDir: "srv" }] }, { path: "containers[0].workingDir", rule: "format:/^\\//", value: "srv" }],
];

describe("API rules", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine({ quotas: { standardGroups: 1, premiumGroups: 1, imageCaches: 20 } })));
  after(async () => t?.close());

  for (const [what, body, expected] of REFUSED) {
    it(`refuses ${what} with 422 naming the field, the rule and the value`, async () => {
      const reply = await t.api.request("POST", "/v1/container-groups", body);
      expect(reply.status).to.equal(422);
      expect(reply.body.code).to.equal("validation_failed");
      expect(reply.body.details[0]).to.deep.include(expected);
      expect(reply.body.message).to.contain(expected.path || "(body)");
    });
  }

  it("refuses malformed JSON with 400", async () => {
    const res = await fetch(`${t.api.url}/v1/container-groups`, { method: "POST", headers: { authorization: `Bearer ${t.api.key}`, "content-type": "application/json" }, body: "{nope" });
    expect(res.status).to.equal(400);
    expect(((await res.json()) as { code: string }).code).to.equal("malformed_request");
  });

  it("answers 401 without an access key or with a wrong one", async () => {
    const none = await fetch(`${t.api.url}/v1/container-groups`);
    expect(none.status).to.equal(401);
    expect(((await none.json()) as { code: string }).code).to.equal("unauthorized");
    const wrong = await t.api.request("GET", "/v1/container-groups", undefined, "eci_wrong");
    expect(wrong.status).to.equal(401);
    expect(wrong.body.message).to.equal("The access key is not valid");
  });

  it("answers 404 for a group that does not exist and for an unknown endpoint", async () => {
    const missing = await t.api.request("GET", "/v1/container-groups/cg-00000000");
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.equal({ code: "not_found", message: "Container group cg-00000000 does not exist" });
    expect((await t.api.request("GET", "/v1/nothing-here")).status).to.equal(404);
  });

  it("refuses a group beyond the account's quota with 403, per family of host types", async () => {
    expect((await t.api.request("POST", "/v1/container-groups", valid)).status).to.equal(202);
    const over = await t.api.request("POST", "/v1/container-groups", { ...valid, hostType: "performance" });
    expect(over.status).to.equal(403);
    expect(over.body.code).to.equal("quota_exceeded");
    expect(over.body.details).to.deep.equal({ quota: "standardGroups", limit: 1, used: 1, hostType: "performance" });
    expect((await t.api.request("POST", "/v1/container-groups", { ...valid, hostType: "enterprise-e1" })).status).to.equal(202);
  });

  it("leaves no group and no container behind for refused requests", async () => {
    const { body } = await t.api.request("GET", "/v1/container-groups");
    expect(body.items.map((g: { name: string; hostType: string }) => `${g.name}/${g.hostType}`).sort()).to.deep.equal(["ok/basic", "ok/enterprise-e1"]);
    for (const g of body.items) await t.api.waitForStatus(g.id, "running");
    const containers = await engineContainers(t.engine.engineId);
    expect(new Set(containers.map((c) => c.Labels["eci.group"]))).to.deep.equal(new Set(body.items.map((g: { id: string }) => g.id)));
  });

  it("filters the list by status and refuses an unknown status", async () => {
    const [group] = (await t.api.request("GET", "/v1/container-groups")).body.items;
    await t.api.waitForStatus(group.id, "running");
    const running = await t.api.request("GET", "/v1/container-groups?status=running");
    expect(running.body.items.map((g: { id: string }) => g.id)).to.include(group.id);
    expect((await t.api.request("GET", "/v1/container-groups?status=failed")).body).to.deep.equal({ items: [], total: 0 });
    const bad = await t.api.request("GET", "/v1/container-groups?status=sleeping");
    expect(bad.status).to.equal(422);
    expect(bad.body.details[0]).to.deep.include({ path: "status", value: "sleeping" });
  });
});
