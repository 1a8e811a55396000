import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { buildScratchImage } from "../../engine/src/runtime/build-image";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

describe("image caches", () => {
  let t: TestEngine;
  let registry: TestRegistry;
  let app: string;
  let payload: string;
  let credentialId: string;

  before(async () => {
    // One sizeGB unit is 50 kB here, so that a cache of the minimum 20 "GB" holds only 1 MB.
    t = await startTestEngine({ cacheGbBytes: 50_000 });
    registry = await TestRegistry.start();
    app = await registry.push(TEST_IMAGES.busybox, "team/app:1");
    // An image whose layer exists nowhere on the daemon, so a pull really downloads it.
    const local = `eci-test/payload:${randomBytes(4).toString("hex")}`;
    await buildScratchImage(docker, local, [{ name: "payload", content: randomBytes(1 << 20) }], ["/payload"]);
    payload = await registry.push(local, "team/payload:1");
    await docker.getImage(local).remove({ force: true });
    credentialId = (await t.api.request("POST", "/v1/registry-credentials", { server: registry.server, username: registry.username, password: registry.password })).body.id;
  });
  after(async () => {
    const { body } = await t.api.request("GET", "/v1/image-caches");
    for (const c of body.items ?? []) await t.api.request("DELETE", `/v1/image-caches/${c.id}`);
    await registry?.stop();
    await t?.close();
  });

  const createCache = async (images: string[], sizeGB = 100) => {
    const reply = await t.api.request("POST", "/v1/image-caches", { name: "cache", images, registryCredentialIds: [credentialId], sizeGB });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
    expect(reply.body.status).to.equal("creating");
    return waitFor(`cache ${reply.body.id} to settle`, async () => {
      const c = (await t.api.request("GET", `/v1/image-caches/${reply.body.id}`)).body;
      return c.status === "creating" ? undefined : c;
    });
  };

  it("pulls the images with their credentials and records reference, digest, image id and sizes", async () => {
    const cache = await createCache([app, payload]);
    expect(cache.status).to.equal("available");
    const [a, p] = cache.cachedImages;
    expect(a).to.include({ image: app });
    expect(a.digest).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(a.imageId).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(p.compressedSizeBytes).to.be.a("number").above(1 << 20);
    expect(p.sizeBytes).to.be.at.least(1 << 20);
    expect(cache.usedBytes).to.equal(a.sizeBytes + p.sizeBytes);
    const pinned = await docker.listImages({ filters: { reference: [`eci-cache/${cache.id}`] } });
    expect(pinned.flatMap((i) => i.RepoTags ?? []).sort()).to.deep.equal([`eci-cache/${cache.id}:0`, `eci-cache/${cache.id}:1`]);
  });

  it("starts a group from the cache it names without pulling, and pulls what the cache lacks with a Warning", async () => {
    const cache = await createCache([app]);
    await docker.getImage(app).remove().catch(() => undefined); // only the cache's pin keeps the image now
    const from = registry.log.length;
    const group = await t.api.createGroup({ name: "cached", imageCacheId: cache.id, containers: [{ name: "app", image: app, command: ["sleep", "3600"], registryCredentialId: credentialId }] });
    await t.api.waitForStatus(group.id, "running");
    expect(registry.manifestRequests("team/app:1", from)).to.deep.equal([]);
    const hit = (await t.api.events(group.id)).find((e) => e.reason === "CacheHit");
    expect(hit).to.include({ type: "Normal", message: `Image ${app} served from image cache ${cache.id}, without pulling` });

    const mixed = await t.api.createGroup({
      name: "partly-cached",
      imageCacheId: cache.id,
      containers: [
        { name: "app", image: app, command: ["sleep", "3600"] },
        // The payload image holds one data file and nothing to run: only its pull matters here.
        { name: "extra", image: payload, command: ["/payload"], registryCredentialId: credentialId, imagePullPolicy: "Always" },
      ],
    });
    const events = await waitFor("the missing image to be pulled", async () => {
      const list = await t.api.events(mixed.id);
      return list.some((e) => e.reason === "Pulled" && e.container === "extra") ? list : undefined;
    });
    const miss = events.find((e) => e.reason === "CacheMiss");
    expect(miss).to.include({ type: "Warning", message: `Image ${payload} is not in image cache ${cache.id}; pulling it` });
    expect(registry.manifestRequests("team/payload:1", from).length).to.be.at.least(1);
    expect(registry.manifestRequests("team/app:1", from)).to.deep.equal([]);
  });

  it("finds an available cache holding all of a group's images with autoMatchImageCache", async () => {
    const cache = await createCache([app]);
    await docker.getImage(app).remove().catch(() => undefined);
    const from = registry.log.length;
    const group = await t.api.createGroup({ name: "auto", autoMatchImageCache: true, containers: [{ name: "app", image: app, command: ["sleep", "3600"] }] });
    await t.api.waitForStatus(group.id, "running");
    expect(registry.manifestRequests("team/app:1", from)).to.deep.equal([]);
    const hit = (await t.api.events(group.id)).find((e) => e.reason === "CacheHit");
    expect(hit?.message).to.match(/served from image cache ic-[a-z0-9]{8}, without pulling/);
    expect(cache.status).to.equal("available");
  });

  it("fails a cache whose images do not fit, with the sizes in the reason", async () => {
    const cache = await createCache([payload], 20);
    expect(cache.status).to.equal("failed");
    expect(cache.statusReason).to.match(/^the images take \d+\.\d\d GB unpacked, more than the cache's 20 GB$/);
    expect(cache.cachedImages[0].sizeBytes).to.be.above(20 * 50_000);
  });

  it("changes name and description online and refuses other changes", async () => {
    const cache = await createCache([app]);
    const spec = { name: "renamed", description: "base images", images: [app], registryCredentialIds: [credentialId], sizeGB: 100 };
    const renamed = await t.api.request("PUT", `/v1/image-caches/${cache.id}`, spec);
    expect(renamed.status).to.equal(200);
    expect(renamed.body).to.include({ name: "renamed", description: "base images", status: "available" });
    const refused = await t.api.request("PUT", `/v1/image-caches/${cache.id}`, { ...spec, sizeGB: 200 });
    expect(refused.status).to.equal(422);
    expect(refused.body).to.deep.include({ code: "immutable_field" });
    expect(refused.body.details[0]).to.deep.include({ path: "sizeGB", rule: "immutable" });
  });

  it("deletes a cache without touching groups already running from it", async () => {
    const cache = await createCache([app]);
    await docker.getImage(app).remove().catch(() => undefined);
    const group = await t.api.createGroup({ name: "survivor", imageCacheId: cache.id, containers: [{ name: "app", image: app, command: ["sleep", "3600"] }] });
    const before = await t.api.waitForStatus(group.id, "running");
    expect((await t.api.request("DELETE", `/v1/image-caches/${cache.id}`)).status).to.equal(202);
    await waitFor("the cache to be gone", async () => ((await t.api.request("GET", `/v1/image-caches/${cache.id}`)).status === 404 ? true : undefined));
    expect(await docker.listImages({ filters: { reference: [`eci-cache/${cache.id}`] } })).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 1500));
    const after = await t.api.getGroup(group.id);
    expect(after.status).to.equal("running");
    expect(after.containers[0].startedAt).to.equal(before.containers[0].startedAt);
  });
});
