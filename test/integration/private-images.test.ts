import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "chai";
import type { ContainerGroup } from "@eci/sdk";
import { buildScratchImage } from "../../engine/src/runtime/build-image";
import { LABELS } from "../../engine/src/runtime/labels";
import { TestRegistry } from "../helpers/registry";
import { Api, type TestEngine, deleteAllGroups, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/** Pushes an image that exists nowhere else (busybox and a random file), so no other pull makes it present, or public, behind the test's back. */
async function pushUniqueImage(registry: TestRegistry, repository: string): Promise<string> {
  const local = `eci-test/private-${randomBytes(4).toString("hex")}:1`;
  const files = [
    { name: "bin/busybox", content: readFileSync("/bin/busybox"), mode: 0o755 },
    { name: "nonce", content: randomBytes(16) },
  ];
  await buildScratchImage(docker, local, files, ["/bin/busybox", "sleep", "3600"]);
  const ref = await registry.push(local, repository);
  await docker.getImage(local).remove({ force: true });
  return ref;
}

/** SPEC §7 "Private images stay private": Docker's image store is shared by every account of the engine. */
describe("private images", () => {
  let t: TestEngine;
  let registry: TestRegistry;
  let image: string;
  /** A second account of the same engine. */
  let other: Api;
  const credentials: Record<"mine" | "theirs" | "theirsWrong", string> = { mine: "", theirs: "", theirsWrong: "" };

  before(async () => {
    t = await startTestEngine();
    registry = await TestRegistry.start();
    image = await pushUniqueImage(registry, "team/secret:1");
    other = t.addAccount("other");
    const credential = async (api: Api, password: string) =>
      (await api.request("POST", "/v1/registry-credentials", { server: registry.server, username: registry.username, password })).body.id as string;
    credentials.mine = await credential(t.api, registry.password);
    credentials.theirs = await credential(other, registry.password);
    credentials.theirsWrong = await credential(other, "not-the-password");
  });
  after(async () => {
    if (other) await deleteAllGroups(other);
    const { body } = (await t?.api.request("GET", "/v1/image-caches")) ?? { body: {} };
    for (const c of body.items ?? []) {
      await t.api.request("DELETE", `/v1/image-caches/${c.id}`);
      await waitFor(`cache ${c.id} to be gone`, async () => ((await t.api.request("GET", `/v1/image-caches/${c.id}`)).status === 404 ? true : undefined));
    }
    await registry?.stop();
    await t?.close();
  });

  const group = (api: Api, name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.createGroup({ name, containers: [{ name: "app", image, command: ["/bin/busybox", "sleep", "3600"], ...container }], ...extra });
  const settle = (api: Api, g: ContainerGroup) => api.waitForGroup(g.id, "to settle", (x) => x.status === "running" || x.status === "failed");
  const workContainers = (g: ContainerGroup) => docker.listContainers({ all: true, filters: { label: [`${LABELS.group}=${g.id}`, `${LABELS.role}=work`] } });
  const refusal = (ref: string, registryName: string) =>
    `image ${ref} is private to another account on this engine; give the container a registryCredentialId for ${registryName} that the registry accepts`;

  /** Expects the group failed with ErrImagePull, a Warning naming the registry, and none of its containers created. */
  async function expectRefused(api: Api, g: ContainerGroup, reason: string, registryName = registry.server): Promise<void> {
    const failed = await settle(api, g);
    expect(failed.status).to.equal("failed");
    expect(failed.containers[0]).to.include({ state: "waiting", reason: "ErrImagePull" });
    expect(failed.statusReason).to.equal(`container app: ${reason}`);
    const warning = (await api.events(g.id)).find((e) => e.type === "Warning" && e.container === "app");
    expect(warning?.message).to.equal(`Container app: ${reason}`);
    expect(warning?.message).to.contain(registryName);
    expect(await workContainers(g)).to.deep.equal([]);
  }

  it("runs a private image for the account that pulled it with its credential", async () => {
    const running = await settle(t.api, await group(t.api, "mine", { registryCredentialId: credentials.mine }));
    expect(running.status).to.equal("running");
  });

  it("refuses it to another account without a credential, under IfNotPresent and Never, without asking the registry", async () => {
    const from = registry.log.length;
    for (const policy of ["IfNotPresent", "Never"]) {
      const g = await group(other, `no-credential-${policy.toLowerCase()}`, { imagePullPolicy: policy });
      await expectRefused(other, g, refusal(image, registry.server));
    }
    expect(registry.manifestRequests("team/secret:1", from)).to.deep.equal([]);
  });

  it("refuses it to another account whose credential the registry refuses", async () => {
    const g = await group(other, "wrong-credential", { registryCredentialId: credentials.theirsWrong });
    await expectRefused(
      other,
      g,
      `image ${image} is private to another account on this engine, and access to it could not be proven: registry ${registry.server} refused the credentials for image ${image} (wrong username or password, or no access)`,
    );
  });

  it("runs it for another account whose own credential the registry accepts, and remembers that access", async () => {
    const from = registry.log.length;
    const proven = await settle(other, await group(other, "own-credential", { registryCredentialId: credentials.theirs }));
    expect(proven.status).to.equal("running");
    const pulling = (await other.events(proven.id)).find((e) => e.reason === "Pulling");
    expect(pulling?.message).to.equal(`Pulling image ${image} from ${registry.server} as ${registry.username}, to prove access to it: another account on this engine pulled it with its credential`);
    expect(registry.manifestRequests("team/secret:1", from)).to.not.deep.equal([]);

    const later = registry.log.length;
    const again = await settle(other, await group(other, "remembered", { imagePullPolicy: "Never" }));
    expect(again.status).to.equal("running");
    expect(registry.manifestRequests("team/secret:1", later)).to.deep.equal([]);
  });

  it("does not let another account start what an image cache of the account pulled", async () => {
    const cachedImage = await pushUniqueImage(registry, "team/cached:1");
    const created = await t.api.request("POST", "/v1/image-caches", { name: "cache", images: [cachedImage], registryCredentialIds: [credentials.mine] });
    const cache = await waitFor(`cache ${created.body.id} to be available`, async () => {
      const c = (await t.api.request("GET", `/v1/image-caches/${created.body.id}`)).body;
      return c.status === "available" ? c : undefined;
    });
    const from = registry.log.length;
    // The account's own groups start what its cache pulled, without a credential and without the registry.
    const mine = await settle(t.api, await group(t.api, "mine-from-cache", { image: cachedImage, imagePullPolicy: "Never" }));
    expect(mine.status).to.equal("running");

    const named = await other.request("POST", "/v1/container-groups", { name: "x", imageCacheId: cache.id, containers: [{ name: "app", image: cachedImage }] });
    expect(named.status).to.equal(422);
    const matched = await group(other, "auto-match", { image: cachedImage, imagePullPolicy: "IfNotPresent" }, { autoMatchImageCache: true });
    await expectRefused(other, matched, refusal(cachedImage, registry.server));
    const pin = `eci-cache/${cache.id}:0`;
    const pinned = await group(other, "pin-tag", { image: pin, imagePullPolicy: "Never" });
    await expectRefused(other, pinned, refusal(pin, "docker.io"), "docker.io");
    expect(registry.manifestRequests("team/cached:1", from)).to.deep.equal([]);
  });
});
