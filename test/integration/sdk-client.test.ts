import path from "node:path";
import { expect } from "chai";
import { EciClient, hasCode, resolveClientOptions } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";
import { caught } from "../helpers/caught";

describe("sdk client", () => {
  let t: TestEngine;
  let eci: EciClient;
  before(async () => {
    t = await startTestEngine();
    eci = new EciClient({ endpoint: t.api.url, accessKeyFile: path.join(t.dataDir, "access-key") });
  });
  after(async () => t?.close());

  it("creates, reads, lists, updates, restarts and deletes a group with parsed answers", async () => {
    const created = await eci.containerGroups.create({ name: "sdk", labels: { app: "sdk" }, containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sh", "-c", "echo hi; sleep 3600"] }] });
    expect(created.status).to.equal("pending");
    const running = await waitFor("running", async () => ((await eci.containerGroups.get(created.id)).status === "running" ? eci.containerGroups.get(created.id) : undefined));
    expect(running.containers[0].state).to.equal("running");
    expect((await eci.containerGroups.list({ labels: { app: "sdk" } })).items.map((g) => g.id)).to.deep.equal([created.id]);
    expect((await eci.containerGroups.list({ status: "failed" })).total).to.equal(0);
    await waitFor("output", async () => ((await eci.containerGroups.logs(created.id, "app")) === "hi\n" ? true : undefined));
    expect(await eci.containerGroups.logs(created.id, "app", { tail: 1 })).to.equal("hi\n");
    const renamed = await eci.containerGroups.update(created.id, { name: "sdk-renamed", containers: running.containers.map(({ name, image, command }) => ({ name, image, command })) });
    expect(renamed).to.include({ name: "sdk-renamed", status: "running" });
    expect((await eci.containerGroups.events(created.id))[0].reason).to.equal("Scheduled");
    const restarted = await eci.containerGroups.restart(created.id);
    expect(restarted.status).to.equal("restarting");
    await waitFor("restarted", async () => ((await eci.containerGroups.events(created.id)).some((e) => e.reason === "Restarted") ? true : undefined));
    expect((await eci.containerGroups.delete(created.id)).status).to.equal("deleting");
    const gone = await waitFor("gone", async () => {
      const err = await caught(eci.containerGroups.get(created.id));
      return hasCode(err, "not_found") ? err : undefined;
    });
    expect(gone).to.include({ status: 404, method: "GET", url: `${t.api.url}/v1/container-groups/${created.id}` });
  });

  it("creates, rotates and deletes a registry credential without ever returning its password", async () => {
    const created = await eci.registryCredentials.create({ server: "127.0.0.1:5999", username: "ci", password: "first-secret" });
    expect(created).to.include({ name: "127.0.0.1:5999", server: "127.0.0.1:5999", username: "ci" });
    expect(JSON.stringify(created)).to.not.contain("first-secret");
    const rotated = await eci.registryCredentials.update(created.id, { server: "127.0.0.1:5999", username: "ci", password: "second-secret" });
    expect(rotated.passwordUpdatedAt >= created.passwordUpdatedAt).to.equal(true);
    expect((await eci.registryCredentials.list()).items.map((c) => c.id)).to.deep.equal([created.id]);
    await eci.registryCredentials.delete(created.id);
    expect(await caught(eci.registryCredentials.get(created.id))).to.include({ code: "not_found", status: 404 });
  });

  it("creates, renames and deletes an image cache, and reports why it failed", async () => {
    const created = await eci.imageCaches.create({ name: "unreachable", images: ["127.0.0.1:9/team/app:1"] });
    expect(created).to.include({ status: "creating", sizeGB: 20 });
    const failed = await waitFor("failed", async () => ((await eci.imageCaches.get(created.id)).status === "failed" ? eci.imageCaches.get(created.id) : undefined));
    expect(failed.statusReason).to.contain("127.0.0.1:9");
    expect(await eci.imageCaches.update(created.id, { name: "renamed", images: ["127.0.0.1:9/team/app:1"] })).to.include({ name: "renamed" });
    const resized = await caught(eci.imageCaches.update(created.id, { name: "renamed", images: ["127.0.0.1:9/team/app:1"], sizeGB: 40 }));
    expect(resized).to.include({ code: "immutable_field", status: 422 });
    expect((await eci.imageCaches.list()).total).to.equal(1);
    expect((await eci.imageCaches.delete(created.id)).status).to.equal("deleting");
  });

  it("creates, grows and deletes a disk", async () => {
    const disk = await eci.disks.create({ name: "data", type: "capacity", sizeGB: 100 });
    expect(disk).to.include({ type: "capacity", sizeGB: 100, status: "available", attachedTo: null });
    expect(await eci.disks.update(disk.id, { name: "data", type: "capacity", sizeGB: 200 })).to.include({ sizeGB: 200 });
    expect((await eci.disks.list()).items.map((d) => d.id)).to.deep.equal([disk.id]);
    await eci.disks.delete(disk.id);
    expect(await caught(eci.disks.get(disk.id))).to.include({ code: "not_found", status: 404 });
  });

  it("composes an EIP, a security group, a VPC and a vxnet, and refuses to delete what is in use", async () => {
    const eip = await eci.eips.create({ name: "public" });
    const sg = await eci.securityGroups.create({ name: "web", rules: [{ priority: 1, ports: "8080" }] });
    expect(sg.rules).to.deep.equal([{ priority: 1, direction: "ingress", protocol: "TCP", ports: "8080", sourceCidr: "0.0.0.0/0", action: "accept" }]);
    const forwarding = { protocol: "TCP" as const, eipPort: 8080, privateIp: "192.168.1.10", privatePort: 80 };
    const vpc = await eci.vpcs.create({ name: "main", eipId: eip.id, securityGroupId: sg.id, portForwardings: [forwarding] });
    expect(vpc).to.include({ cidr: "192.168.0.0/16", eipAddress: eip.address });
    expect(await eci.eips.get(eip.id)).to.deep.include({ status: "associated", associatedWith: { kind: "vpc", id: vpc.id } });
    const vxnet = await eci.vxnets.create({ name: "apps", vpcId: vpc.id, cidr: "192.168.1.0/24" });
    expect((await eci.vxnets.list()).items.map((v) => v.id)).to.include.members(["vxnet-0", vxnet.id]);
    expect(await caught(eci.vpcs.update(vpc.id, { name: "main", cidr: "10.0.0.0/16" }))).to.include({ code: "immutable_field", status: 422 });
    expect(await caught(eci.eips.delete(eip.id))).to.include({ code: "in_use", status: 409 });
    expect(await caught(eci.vpcs.delete(vpc.id))).to.include({ code: "in_use", status: 409 });
    await eci.vxnets.delete(vxnet.id);
    await eci.vpcs.delete(vpc.id);
    await eci.securityGroups.delete(sg.id);
    await eci.eips.delete(eip.id);
    expect((await eci.eips.list()).total).to.equal(0);
  });

  it("throws errors that carry the code, status, method, URL and details", async () => {
    const err = await caught(eci.containerGroups.create({ name: "bad", containers: [] }));
    expect(err).to.include({ name: "EciError", code: "validation_failed", status: 422, method: "POST", url: `${t.api.url}/v1/container-groups` });
    expect(err.message).to.equal(`POST ${t.api.url}/v1/container-groups: HTTP 422 validation_failed: Invalid request: containers: a group needs at least one container (got []); containers: a group needs at least one work container (got [])`);
    expect(err.details).to.be.an("array").with.length(2);
  });

  it("reports a wrong key and an unreachable engine", async () => {
    const wrong = await caught(new EciClient({ endpoint: t.api.url, accessKey: "eci_nope" }).containerGroups.list());
    expect(wrong).to.include({ code: "unauthorized", status: 401 });
    const down = await caught(new EciClient({ endpoint: "http://127.0.0.1:9", accessKey: "k" }).containerGroups.list());
    expect(down).to.include({ code: "network_error", status: 0, method: "GET" });
    expect(down.message).to.match(/^GET http:\/\/127\.0\.0\.1:9\/v1\/container-groups failed: connect ECONNREFUSED/);
  });

  it("finds the endpoint and key in options, then the environment, then the engine's key file", () => {
    expect(resolveClientOptions({ endpoint: "http://a:1/", accessKey: "k1" }, { ECI_ENDPOINT: "http://b:2", ECI_ACCESS_KEY: "k2" })).to.include({ endpoint: "http://a:1", accessKey: "k1" });
    expect(resolveClientOptions({}, { ECI_ENDPOINT: "http://b:2", ECI_ACCESS_KEY: "k2" })).to.include({ endpoint: "http://b:2", accessKey: "k2" });
    expect(resolveClientOptions({}, { ECI_DATA_DIR: t.dataDir }).accessKey).to.equal(t.api.key);
    expect(() => resolveClientOptions({}, { ECI_DATA_DIR: "/nonexistent" })).to.throw("No ECI access key: pass accessKey, set ECI_ACCESS_KEY or ECI_ACCESS_KEY_FILE, or run where /nonexistent/access-key exists");
  });
});
