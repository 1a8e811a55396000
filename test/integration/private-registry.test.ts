import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { ContainerGroup } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";

describe("private registries and pull policies", () => {
  let t: TestEngine;
  let registry: TestRegistry;
  let image: string;
  before(async () => {
    t = await startTestEngine();
    registry = await TestRegistry.start();
    image = await registry.push(TEST_IMAGES.busybox, "team/app:1");
  });
  after(async () => {
    await registry?.stop();
    await t?.close();
  });

  const credential = async (password = registry.password, verify = false) =>
    t.api.request("POST", "/v1/registry-credentials", { server: registry.server, username: registry.username, password, verify });
  const group = (name: string, credentialId: string | undefined, extra: Record<string, unknown> = {}) =>
    t.api.createGroup({ name, containers: [{ name: "app", image, command: ["sleep", "3600"], ...(credentialId ? { registryCredentialId: credentialId } : {}), ...extra }] });
  const removeLocal = () => docker.getImage(image).remove().catch(() => undefined);

  it("stores a credential without ever returning its password, and verifies it on request", async () => {
    const created = await credential(registry.password, true);
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ server: registry.server, username: registry.username, name: registry.server });
    expect(JSON.stringify(created.body)).to.not.contain(registry.password);
    const listed = await t.api.request("GET", "/v1/registry-credentials");
    expect(JSON.stringify(listed.body)).to.not.contain(registry.password);
    const db = readFileSync(path.join(t.dataDir, "engine.db"));
    expect(db.includes(Buffer.from(registry.password))).to.equal(false);
    const refused = await credential("wrong-password", true);
    expect(refused.status).to.equal(422);
    expect(refused.body.details[0]).to.deep.include({ path: "password", rule: "registry_login" });
    expect(refused.body.message).to.contain(`login to ${registry.server} as ${registry.username} failed: the registry refused the username and password`);
  });

  it("pulls a private image with the group's credential", async () => {
    await removeLocal();
    const { body: cred } = await credential();
    const g = await group("private", cred.id);
    const running = await t.api.waitForStatus(g.id, "running");
    expect(running.containers[0]).to.include({ state: "running", registryCredentialId: cred.id });
    const pulled = (await t.api.events(g.id)).find((e) => e.reason === "Pulling");
    expect(pulled?.message).to.equal(`Pulling image ${image} from ${registry.server} as ${registry.username}`);
  });

  it("fails with ErrImagePull and a Warning naming the registry and the image for a wrong password, and never shows the password", async () => {
    await removeLocal();
    const { body: cred } = await credential("not-the-password-42");
    const g = await group("bad-credential", cred.id);
    const failed = await t.api.waitForStatus(g.id, "failed");
    expect(failed.containers[0]).to.include({ state: "waiting", reason: "ErrImagePull" });
    expect(failed.statusReason).to.equal(`container app: registry ${registry.server} refused the credentials for image ${image} (wrong username or password, or no access)`);
    const events = await t.api.events(g.id);
    expect(events.find((e) => e.type === "Warning" && e.message.includes(registry.server) && e.message.includes(image))).to.not.equal(undefined);
    expect(JSON.stringify({ failed, events })).to.not.contain("not-the-password-42");
  });

  it("uses a rotated password for later pulls", async () => {
    await removeLocal();
    const { body: cred } = await credential("old-password");
    const g = await group("rotation", cred.id);
    await t.api.waitForStatus(g.id, "failed");
    const rotated = await t.api.request("PUT", `/v1/registry-credentials/${cred.id}`, { server: registry.server, username: registry.username, password: registry.password });
    expect(rotated.status).to.equal(200);
    expect(Date.parse(rotated.body.passwordUpdatedAt)).to.be.above(Date.parse(cred.passwordUpdatedAt));
    expect((await t.api.request("POST", `/v1/container-groups/${g.id}/restart`)).status).to.equal(202);
    const running = await t.api.waitForStatus(g.id, "running");
    expect(running.containers[0].state).to.equal("running");
  });

  it("refuses a credential for another registry than the image's, and one that does not exist", async () => {
    const { body: cred } = await t.api.request("POST", "/v1/registry-credentials", { server: "registry.example.com", username: "u", password: "p" });
    const other = await t.api.request("POST", "/v1/container-groups", { name: "x", containers: [{ name: "app", image, registryCredentialId: cred.id }] });
    expect(other.status).to.equal(422);
    expect(other.body.details[0]).to.deep.include({ path: "containers[0].registryCredentialId", rule: "same_registry" });
    const missing = await t.api.request("POST", "/v1/container-groups", { name: "x", containers: [{ name: "app", image, registryCredentialId: "rc-00000000" }] });
    expect(missing.body.details[0]).to.deep.include({ path: "containers[0].registryCredentialId", rule: "exists" });
  });

  it("refuses to delete a credential that a group uses", async () => {
    const { body: cred } = await credential();
    const g = await group("in-use", cred.id);
    const refused = await t.api.request("DELETE", `/v1/registry-credentials/${cred.id}`);
    expect(refused.status).to.equal(409);
    expect(refused.body).to.deep.include({ code: "in_use", details: { groups: [g.id] } });
  });

  describe("pull policies", () => {
    let credentialId: string;
    before(async () => (credentialId = (await credential()).body.id));

    async function registryRequestsFor(policy: string, present: boolean): Promise<{ group: ContainerGroup; requests: number }> {
      if (present) await docker.pull(image, { authconfig: registry.auth }).then((s) => new Promise((r) => docker.modem.followProgress(s, r)));
      else await removeLocal();
      const from = registry.log.length;
      const g = await group(`policy-${policy.toLowerCase()}-${present ? "present" : "absent"}`, credentialId, { imagePullPolicy: policy });
      const settled = await t.api.waitForGroup(g.id, "to settle", (x) => x.status === "running" || x.status === "failed");
      return { group: settled, requests: registry.manifestRequests("team/app:1", from).length };
    }

    it("Always pulls even when the image is present", async () => {
      const { group: g, requests } = await registryRequestsFor("Always", true);
      expect(g.status).to.equal("running");
      expect(requests).to.be.at.least(1);
    });

    it("IfNotPresent does not contact the registry when the image is present, and pulls when it is not", async () => {
      const present = await registryRequestsFor("IfNotPresent", true);
      expect(present.group.status).to.equal("running");
      expect(present.requests).to.equal(0);
      const absent = await registryRequestsFor("IfNotPresent", false);
      expect(absent.group.status).to.equal("running");
      expect(absent.requests).to.be.at.least(1);
    });

    it("Never runs a present image without the registry and fails an absent one with ErrImageNeverPull", async () => {
      const present = await registryRequestsFor("Never", true);
      expect(present.group.status).to.equal("running");
      expect(present.requests).to.equal(0);
      const absent = await registryRequestsFor("Never", false);
      expect(absent.group.status).to.equal("failed");
      expect(absent.group.containers[0].reason).to.equal("ErrImageNeverPull");
      expect(absent.requests).to.equal(0);
    });
  });
});
