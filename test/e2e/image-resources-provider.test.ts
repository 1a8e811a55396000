import { expect } from "chai";
import { EciClient, hasCode } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { PULUMI_VERSIONS, SECRET_SIG, SIG_KEY, captureProgram, installFixture, resourceInputs, withoutSecrets } from "./helpers/pulumi-install";
import { ProviderCallError, ProviderServer } from "./helpers/provider-server";

type Props = Record<string, any>;
const urn = (type: string, name: string) => `urn:pulumi:e2e::eci-fixture::pulumi-nodejs:dynamic/eci:${type}::${name}`;
const CREDENTIAL = urn("RegistryCredential", "registry");
const CACHE = urn("ImageCache", "images");
const GROUP = urn("ContainerGroup", "web");

for (const version of PULUMI_VERSIONS) {
  describe(`RegistryCredential and ImageCache through the provider server (@pulumi/pulumi ${version})`, function () {
    this.timeout(180_000);
    let engine: TestEngine;
    let registry: TestRegistry;
    let server: ProviderServer;
    let eci: EciClient;
    let image: string;
    /** The inputs the real SDK registered for the program's resources, `__provider` included. */
    const program: Record<string, Props> = {};

    before(async function () {
      this.timeout(600_000);
      const dir = installFixture(version);
      const resources = captureProgram(dir);
      for (const type of ["RegistryCredential", "ImageCache", "ContainerGroup"]) program[type] = resourceInputs(resources, type);
      // One sizeGB unit is 50 kB here: the busybox image (about 2 MB) fits a cache of 100 "GB", not one of 20.
      engine = await startTestEngine({ cacheGbBytes: 50_000 });
      eci = new EciClient({ endpoint: engine.api.url, accessKey: engine.api.key });
      registry = await TestRegistry.start();
      image = await registry.push(TEST_IMAGES.busybox, "team/app:1");
      server = await ProviderServer.start(dir);
      await server.configure({ "eci:endpoint": engine.api.url, "eci:accessKey": engine.api.key });
    });
    after(async () => {
      server?.stop();
      await registry?.stop();
      await engine?.close();
    });

    /** Check then Create, as `pulumi up` does for a new resource; secrets unwrapped as the engine sends them. */
    async function up(type: string, news: Props): Promise<{ id: string; inputs: Props; outs: Props }> {
      const { inputs, failures } = await server.check(type, {}, withoutSecrets(news));
      expect(failures).to.deep.equal([]);
      const created = await server.create(type, inputs);
      return { id: created.id, inputs, outs: created.props };
    }

    const credentialInputs = (password = registry.password) => ({ ...program.RegistryCredential, server: registry.server, username: registry.username, password: { [SIG_KEY]: SECRET_SIG, value: password } });

    it("registers the password as a secret even when the program passes a plain string", () => {
      expect(program.RegistryCredential.password).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: "plain-password" });
      expect(program.RegistryCredential.__provider).to.not.contain("plain-password");
    });

    it("creates a credential without the password in its outputs, rotates it in place, and sees a rotation made elsewhere", async () => {
      const created = await up(CREDENTIAL, credentialInputs());
      expect(created.id).to.match(/^rc-[a-z0-9]{8}$/);
      expect(created.outs).to.deep.include({ name: registry.server, server: registry.server, username: registry.username });
      expect(JSON.stringify(created.outs)).to.not.contain(registry.password);
      expect(created.outs.passwordHash).to.match(/^scrypt:/);

      // A new password: an update of the same credential, never a replacement.
      const rotated = await server.check(CREDENTIAL, created.inputs, withoutSecrets(credentialInputs("n3w-pa55word")));
      expect(await server.diff(created.id, CREDENTIAL, created.outs, rotated.inputs, created.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      const updated = await server.update(created.id, CREDENTIAL, created.outs, rotated.inputs, created.inputs);
      expect(updated.passwordHash).to.not.equal(created.outs.passwordHash);
      expect(updated.passwordUpdatedAt > created.outs.passwordUpdatedAt).to.equal(true);
      expect(JSON.stringify(updated)).to.not.contain("n3w-pa55word");

      // With `verify`, a password the registry refuses fails the update and changes nothing.
      const verified = await server.check(CREDENTIAL, rotated.inputs, withoutSecrets({ ...credentialInputs("still-wrong"), verify: true }));
      const refused = await server.update(created.id, CREDENTIAL, updated, verified.inputs, rotated.inputs).catch((e: Error) => e);
      expect((refused as Error).message).to.contain(`login to ${registry.server} as ${registry.username} failed: the registry refused the username and password`);
      expect((await eci.registryCredentials.get(created.id)).passwordUpdatedAt).to.equal(updated.passwordUpdatedAt);

      // Rotated outside Pulumi: a refresh shows it, and the declared password is a change to apply again.
      await eci.registryCredentials.update(created.id, { server: registry.server, username: registry.username, password: "changed-elsewhere" });
      const refreshed = await server.read(created.id, CREDENTIAL, updated, rotated.inputs);
      expect(await server.diff(created.id, CREDENTIAL, refreshed.props, rotated.inputs, refreshed.inputs)).to.deep.include({ changes: "some", replaces: [] });
      const back = await server.check(CREDENTIAL, rotated.inputs, withoutSecrets(credentialInputs()));
      const restored = await server.update(created.id, CREDENTIAL, refreshed.props, back.inputs, refreshed.inputs);
      expect(await server.diff(created.id, CREDENTIAL, restored, back.inputs, back.inputs)).to.deep.include({ changes: "none" });

      await server.delete(created.id, CREDENTIAL, restored, back.inputs);
      expect(await eci.registryCredentials.get(created.id).catch((e) => (hasCode(e, "not_found") ? "gone" : e))).to.equal("gone");
    });

    it("waits for a cache to be available, renames it in place, and starts a group from it without a registry pull", async () => {
      const credential = await up(CREDENTIAL, credentialInputs());
      const cacheInputs = { ...program.ImageCache, images: [image], registryCredentialIds: [credential.id], sizeGB: 100 };
      const cache = await up(CACHE, cacheInputs);
      expect(cache.outs).to.deep.include({ status: "available", images: [image] });
      expect(cache.outs.cachedImages[0].digest).to.match(/^sha256:[0-9a-f]{64}$/);
      expect(server.output.some((l) => l.includes(`ImageCache ${cache.inputs.name} (${cache.id}): waiting for available`))).to.equal(true);

      // A new description: in place. New images: a replacement.
      const renamed = await server.check(CACHE, cache.inputs, { ...cacheInputs, description: "team images" });
      expect(await server.diff(cache.id, CACHE, cache.outs, renamed.inputs, cache.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      const updated = await server.update(cache.id, CACHE, cache.outs, renamed.inputs, cache.inputs);
      expect(updated).to.deep.include({ description: "team images", status: "available" });
      const grown = await server.check(CACHE, renamed.inputs, { ...cacheInputs, sizeGB: 200 });
      expect((await server.diff(cache.id, CACHE, updated, grown.inputs, renamed.inputs)).replaces).to.deep.equal(["sizeGB"]);

      // A group naming the cache and the credential: running without asking the registry for the image.
      await docker.getImage(image).remove(); // the pull's own tag: only the cache's pin keeps the image now
      const mark = registry.log.length;
      const group = await up(GROUP, {
        ...program.ContainerGroup,
        imageCacheId: cache.id,
        containers: [{ name: "app", image, registryCredentialId: credential.id, command: ["sleep", "3600"] }],
      });
      expect(group.outs).to.deep.include({ status: "running", healthStatus: "healthy", imageCacheId: cache.id });
      expect(registry.manifestRequests(image, mark)).to.deep.equal([]);
      expect((await engine.api.events(group.id)).map((e) => e.reason)).to.include("CacheHit");

      // The credential is in use: the engine refuses to delete it until the group is gone.
      const inUse = await server.delete(credential.id, CREDENTIAL, credential.outs, credential.inputs).catch((e: Error) => e);
      expect((inUse as Error).message).to.contain(`is used by container groups ${group.id}`);
      await server.delete(group.id, GROUP, group.outs, group.inputs);
      await server.delete(cache.id, CACHE, updated, renamed.inputs);
      expect(await eci.imageCaches.get(cache.id).catch((e) => (hasCode(e, "not_found") ? "gone" : e))).to.equal("gone");
      await server.delete(credential.id, CREDENTIAL, credential.outs, credential.inputs);
    });

    it("fails a cache that does not fit with the sizes in the error, keeps its id, and replaces it on the next up", async () => {
      const credential = await up(CREDENTIAL, credentialInputs());
      const { inputs } = await server.check(CACHE, {}, { ...program.ImageCache, images: [image], registryCredentialIds: [credential.id], sizeGB: 20 });
      const err = await server.create(CACHE, inputs).then(() => undefined, (e: ProviderCallError) => e);
      expect(err).to.be.instanceOf(ProviderCallError);
      const failure = err?.initFailure;
      expect(failure?.id).to.match(/^ic-[a-z0-9]{8}$/);
      expect(failure?.properties).to.deep.include({ status: "failed" });
      expect(err?.message).to.match(new RegExp(`ImageCache ${inputs.name} \\(${failure?.id}\\) will not become available .*: the cache failed: the images take [0-9.]+ GB unpacked, more than the cache's 20 GB`));
      expect(await server.diff(failure?.id as string, CACHE, failure?.properties as Props, inputs, inputs)).to.deep.include({ changes: "some", replaces: ["images"] });
      await server.delete(failure?.id as string, CACHE, failure?.properties as Props, inputs);
      await server.delete(credential.id, CREDENTIAL, credential.outs, credential.inputs);
    });
  });
}
