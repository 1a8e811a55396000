import { expect } from "chai";
import type { ContainerGroupSpecInput } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, deleteAllGroups, docker, engineContainers, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const spec = (name: string, more: Partial<ContainerGroupSpecInput> = {}): ContainerGroupSpecInput => ({
  name,
  containers: [
    { name: "a", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] },
    { name: "b", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] },
  ],
  ...more,
});

/** Sandboxes the engine made ahead of demand: sandboxes of no group the account has. */
describe("warm sandboxes (sandboxes created ahead)", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine({ warmSandboxes: 1 })));
  after(async () => t?.close());
  afterEach(async () => deleteAllGroups(t.api));

  /** The running sandboxes of no group in the engine's store: the warm ones, as Docker shows them. */
  async function warm(): Promise<Array<{ id: string; groupId: string }>> {
    const sandboxes = (await engineContainers(t.engine.engineId)).filter((c) => c.Labels["eci.role"] === "infra" && c.State === "running");
    return sandboxes.filter((c) => !t.engine.store.getGroup(c.Labels["eci.group"])).map((c) => ({ id: c.Id, groupId: c.Labels["eci.group"] }));
  }
  const oneWarm = () => waitFor("one warm sandbox", async () => ((await warm()).length === 1 ? (await warm())[0] : undefined));

  it("gives a new group a sandbox already running, reports nothing about it, and makes the next one", async () => {
    const ahead = await oneWarm();
    const group = await t.api.createGroup(spec("web"));
    expect(group.id, "the group takes the warm sandbox's id").to.equal(ahead.groupId);
    await t.api.waitForStatus(group.id, "running");
    const sandbox = (await engineContainers(t.engine.engineId)).filter((c) => c.Labels["eci.group"] === group.id && c.Labels["eci.role"] === "infra");
    expect(sandbox.map((c) => c.Id), "the group's sandbox is the one made ahead").to.deep.equal([ahead.id]);
    const reasons = (await t.api.events(group.id)).map((e) => e.reason);
    expect(reasons.filter((r) => r !== "Created" && r !== "Started"), "events beyond an ordinary create's").to.deep.equal(["Scheduled"]);
    expect(reasons.filter((r) => r === "Started")).to.have.length(2);
    const next = await oneWarm();
    expect(next.groupId).to.not.equal(group.id);
  });

  it("sets the group's own size on the sandbox it takes", async () => {
    await oneWarm();
    const group = await t.api.createGroup(spec("small", { containers: [{ name: "a", image: TEST_IMAGES.busybox, command: ["sleep", "3600"], cpu: 1, memory: 2 }] }));
    await t.api.waitForStatus(group.id, "running");
    const [sandbox] = (await engineContainers(t.engine.engineId)).filter((c) => c.Labels["eci.group"] === group.id && c.Labels["eci.role"] === "infra");
    const { HostConfig } = await docker.getContainer(sandbox.Id).inspect();
    expect({ nanoCpus: HostConfig.NanoCpus, memory: HostConfig.Memory }).to.deep.equal({ nanoCpus: 1e9, memory: 2 * 1024 ** 3 });
    expect((await t.api.events(group.id)).map((e) => e.reason)).to.not.include("Resized");
  });

  it("leaves the warm sandbox to groups it fits: one with ports gets a sandbox of its own", async () => {
    const ahead = await oneWarm();
    const group = await t.api.createGroup(spec("ported", { containers: [{ name: "a", image: TEST_IMAGES.busybox, command: ["sleep", "3600"], ports: [{ port: 80 }] }] }));
    expect(group.id).to.not.equal(ahead.groupId);
    await t.api.waitForStatus(group.id, "running");
    expect((await t.api.getGroup(group.id)).ports).to.have.length(1);
    expect(await warm()).to.deep.equal([ahead]);
  });

  it("replaces a warm sandbox that Docker stopped", async () => {
    const ahead = await oneWarm();
    await docker.getContainer(ahead.id).stop({ t: 0 });
    const next = await waitFor("another warm sandbox", async () => {
      const now = await warm();
      return now.length === 1 && now[0].id !== ahead.id ? now[0] : undefined;
    });
    expect(next.groupId).to.not.equal(ahead.groupId);
    const left = (await engineContainers(t.engine.engineId)).filter((c) => c.Id === ahead.id);
    expect(left, "the stopped one is removed").to.deep.equal([]);
  });

  it("removes its warm sandboxes when the engine stops", async () => {
    const other = await startTestEngine({ warmSandboxes: 2 });
    try {
      await waitFor("two warm sandboxes", async () => ((await engineContainers(other.engine.engineId)).filter((c) => c.State === "running").length === 2 ? true : undefined));
    } finally {
      await other.close(); // stops the engine, then fails when it left a container behind
    }
    expect(await engineContainers(other.engine.engineId)).to.deep.equal([]);
  });
});
