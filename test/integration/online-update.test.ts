import { expect } from "chai";
import type { ContainerGroup, ContainerGroupSpecInput } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";

const BUSYBOX = TEST_IMAGES.busybox;

/** The spec part of a group as read back, ready to be edited and PUT. */
function specOf(g: ContainerGroup): ContainerGroupSpecInput {
  return {
    name: g.name,
    description: g.description,
    labels: g.labels,
    hostType: g.hostType,
    restartPolicy: g.restartPolicy,
    ...(g.shmSizeMB === undefined ? {} : { shmSizeMB: g.shmSizeMB }),
    containers: g.containers.map(({ name, type, image, command, env }) => ({ name, type, image, command, env })),
  };
}

async function containerIds(groupId: string): Promise<Record<string, string>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`eci.group=${groupId}`] } });
  return Object.fromEntries(list.map((c) => [c.Labels["eci.container"] || "(sandbox)", c.Id]));
}

describe("online updates and restarts", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t?.close());

  async function runningGroup(name: string, extra: Partial<ContainerGroupSpecInput> = {}): Promise<ContainerGroup> {
    const group = await t.api.createGroup({
      name,
      containers: [
        { name: "keep", image: BUSYBOX, command: ["sleep", "3600"] },
        { name: "change", image: BUSYBOX, command: ["sh", "-c", "echo mode=$MODE; sleep 3600"], env: { MODE: "one" } },
      ],
      ...extra,
    });
    return t.api.waitForGroup(group.id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
  }

  it("re-creates only the container whose spec changed", async () => {
    const before = await runningGroup("update-one");
    const idsBefore = await containerIds(before.id);
    const spec = specOf(before);
    spec.containers[1].env = { MODE: "two" };
    const reply = await t.api.request("PUT", `/v1/container-groups/${before.id}`, spec);
    expect(reply.status).to.equal(202);
    expect(reply.body.status).to.equal("updating");
    const after = await t.api.waitForGroup(before.id, "to apply the update", (g) => g.status === "running" && g.containers[1].env.MODE === "two" && g.containers[1].state === "running");
    expect(after.containers[0].startedAt).to.equal(before.containers[0].startedAt);
    expect(after.containers[1].startedAt).to.not.equal(before.containers[1].startedAt);
    const idsAfter = await containerIds(before.id);
    expect(idsAfter.keep).to.equal(idsBefore.keep);
    expect(idsAfter["(sandbox)"]).to.equal(idsBefore["(sandbox)"]);
    expect(idsAfter.change).to.not.equal(idsBefore.change);
    expect(await t.api.logs(before.id, "change")).to.equal("mode=two\n");
    const reasons = (await t.api.events(before.id)).map((e) => `${e.reason}${e.container ? `:${e.container}` : ""}`);
    expect(reasons.slice(reasons.indexOf("Updating"))).to.deep.equal(["Updating", "Killing:change", "Created:change", "Started:change", "Updated"]);
  });

  it("changes name, description and labels without restarting anything", async () => {
    const before = await runningGroup("metadata");
    const spec = { ...specOf(before), name: "renamed", description: "now described", labels: { team: "web" } };
    const reply = await t.api.request("PUT", `/v1/container-groups/${before.id}`, spec);
    expect(reply.status).to.equal(200);
    expect(reply.body).to.include({ name: "renamed", description: "now described", status: "running" });
    expect(reply.body.labels).to.deep.equal({ team: "web" });
    const after = await t.api.getGroup(before.id);
    expect(after.containers.map((c) => c.startedAt)).to.deep.equal(before.containers.map((c) => c.startedAt));
    expect((await t.api.events(before.id)).map((e) => e.reason)).to.not.include("Killing");
    const listed = await t.api.request("GET", "/v1/container-groups?label=team=web");
    expect(listed.body.items.map((g: ContainerGroup) => g.id)).to.deep.equal([before.id]);
  });

  it("refuses to change hostType", async () => {
    const before = await runningGroup("host-type");
    const reply = await t.api.request("PUT", `/v1/container-groups/${before.id}`, { ...specOf(before), hostType: "performance" });
    expect(reply.status).to.equal(422);
    expect(reply.body.code).to.equal("immutable_field");
    expect(reply.body.details).to.deep.equal([{ path: "hostType", rule: "immutable", value: "performance", message: "is basic and cannot change" }]);
  });

  it("answers 409 naming the state to operations while an update is in progress", async () => {
    const before = await runningGroup("busy", {});
    const spec = specOf(before);
    spec.containers.unshift({ name: "slow-init", type: "init", image: BUSYBOX, command: ["sleep", "2"] });
    expect((await t.api.request("PUT", `/v1/container-groups/${before.id}`, spec)).status).to.equal(202);
    for (const [method, path, body] of [
      ["PUT", `/v1/container-groups/${before.id}`, spec],
      ["POST", `/v1/container-groups/${before.id}/restart`, undefined],
      ["DELETE", `/v1/container-groups/${before.id}`, undefined],
    ] as const) {
      const reply = await t.api.request(method, path, body);
      expect(reply.status, `${method} ${path}`).to.equal(409);
      expect(reply.body).to.deep.include({ code: "invalid_state", details: { state: "updating" } });
      expect(reply.body.message).to.match(/is updating/);
    }
    const after = await t.api.waitForStatus(before.id, "running");
    expect(after.containers.map((c) => [c.name, c.state])).to.deep.equal([
      ["slow-init", "terminated"],
      ["keep", "running"],
      ["change", "running"],
    ]);
    expect(after.containers[1].startedAt).to.equal(before.containers[0].startedAt);
  });

  it("restarts every container on request and keeps the sandbox", async () => {
    const before = await runningGroup("restart");
    const idsBefore = await containerIds(before.id);
    const reply = await t.api.request("POST", `/v1/container-groups/${before.id}/restart`);
    expect(reply.status).to.equal(202);
    expect(reply.body.status).to.equal("restarting");
    const after = await t.api.waitForGroup(before.id, "to restart", (g) => g.status === "running" && g.containers.every((c, i) => c.state === "running" && c.startedAt !== before.containers[i].startedAt));
    const idsAfter = await containerIds(before.id);
    expect(idsAfter["(sandbox)"]).to.equal(idsBefore["(sandbox)"]);
    expect(after.privateIp).to.equal(before.privateIp);
    const reasons = (await t.api.events(before.id)).map((e) => e.reason);
    expect(reasons).to.include.members(["Restarting", "Restarted"]);
  });
});
