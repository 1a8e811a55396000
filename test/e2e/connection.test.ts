import path from "node:path";
import { expect } from "chai";
import { EciClient, hasCode } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { PULUMI_VERSIONS, type RegisteredResource, SECRET_SIG, SIG_KEY, captureProgram, installFixture, servesGet, withoutSecrets } from "./helpers/pulumi-install";
import { ProviderCallError, ProviderServer } from "./helpers/provider-server";
import { Stack } from "./helpers/stack";

type Props = Record<string, any>;

const PROGRAM = path.resolve(__dirname, "../fixtures/engines-program");
const gone = (err: unknown) => (hasCode(err, "not_found") ? "gone" : err);

for (const version of PULUMI_VERSIONS) {
  describe(`Resources on two engines in one program, the second through connection (@pulumi/pulumi ${version})`, function () {
    this.timeout(300_000);
    let stackEngine: TestEngine;
    let otherEngine: TestEngine;
    let here: EciClient;
    let there: EciClient;
    let server: ProviderServer;
    let dir: string;
    /** The other engine's key the program is given: one of its account's keys, made for it (so it can be revoked). */
    let key: { id: string; secret: string };
    let program: RegisteredResource[];
    const registered = (name: string): Props => {
      const found = program.find((r) => r.name === name);
      if (!found) throw new Error(`the program registered no ${name}`);
      return found.inputs;
    };

    before(async function () {
      this.timeout(900_000);
      dir = installFixture(version, PROGRAM);
      [stackEngine, otherEngine] = await Promise.all([startTestEngine(), startTestEngine()]);
      here = new EciClient({ endpoint: stackEngine.api.url, accessKey: stackEngine.api.key });
      there = new EciClient({ endpoint: otherEngine.api.url, accessKey: otherEngine.api.key });
      key = await there.accessKeys.create({ name: "pulumi" });
      program = captureProgram(dir, { "eci-engines:otherEndpoint": otherEngine.api.url, "eci-engines:otherAccessKey": key.secret, "eci-engines:image": TEST_IMAGES.busybox });
      server = await ProviderServer.start(dir);
      await server.configure({ "eci:endpoint": stackEngine.api.url, "eci:accessKey": stackEngine.api.key });
    });

    after(async () => {
      server?.stop();
      await Promise.all([stackEngine?.close(), otherEngine?.close()]);
    });

    it("registers the connection's key as a secret, though the program gives a plain string, and never serializes it", () => {
      for (const name of ["ip", "web", "seen"]) {
        // The SDK seals the whole object that holds a secret.
        expect(registered(name).connection, name).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: { endpoint: otherEngine.api.url, accessKey: key.secret } });
        expect(registered(name).__provider, name).to.not.contain(key.secret);
      }
    });

    it("creates, refreshes, updates and deletes each resource on its own engine, and reads one back with get", async () => {
      const stack = new Stack(server, "eci-engines");
      await stack.up(program.filter((r) => r.name !== "seen"));
      const [data, ip, web] = ["data", "ip", "web"].map((name) => stack.get(name));
      expect(await here.disks.get(data.id)).to.include({ id: data.id });
      expect(await there.disks.get(data.id).catch(gone)).to.equal("gone");
      expect(await there.eips.get(ip.id)).to.include({ id: ip.id, description: "on the other engine" });
      expect(await here.eips.get(ip.id).catch(gone)).to.equal("gone");
      expect(await there.containerGroups.get(web.id)).to.include({ id: web.id, status: "running" });
      expect(await here.containerGroups.get(web.id).catch(gone)).to.equal("gone");
      expect(web.props).to.deep.include({ status: "running", healthStatus: "healthy" });

      // A refresh reads each from its own engine, and finds nothing changed.
      for (const r of [data, ip, web]) {
        const read = await server.read(r.id, r.urn, r.props, r.inputs);
        expect(read.id, r.name).to.equal(r.id);
        expect(await server.diff(r.id, r.urn, read.props, r.inputs, read.inputs), r.name).to.deep.include({ changes: "none" });
      }
      // `get` reads through the connection it is given.
      if (servesGet(version)) {
        const seen = await server.read(ip.id, stack.urn("Eip", "seen"), undefined, stack.resolve(registered("seen")));
        expect(seen.props).to.deep.include({ address: ip.props.address, description: "on the other engine" });
      }

      const { diff } = await stack.change("ip", { ...registered("ip"), description: "renamed" });
      expect(diff).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      expect(await there.eips.get(ip.id)).to.include({ description: "renamed" });

      await stack.destroy();
      for (const [client, id] of [[here, data.id], [there, ip.id]] as const) expect(await client.disks.get(id).catch(gone)).to.equal("gone");
      expect(await there.eips.get(ip.id).catch(gone)).to.equal("gone");
      expect(await there.containerGroups.get(web.id).catch(gone)).to.equal("gone");
    });

    it("takes a new key as an update that sends nothing, and a new endpoint as a replacement on the other engine", async () => {
      const stack = new Stack(server, "eci-engines");
      const ip = await stack.add(program.find((r) => r.name === "ip") as RegisteredResource);
      const before = await there.eips.get(ip.id);

      // The same engine, written with a trailing slash: not a replacement.
      const slashed = { ...registered("ip"), connection: { endpoint: `${otherEngine.api.url}/`, accessKey: key.secret } };
      const same = await server.check(ip.urn, ip.inputs, withoutSecrets(slashed));
      expect(await server.diff(ip.id, ip.urn, ip.props, same.inputs, ip.inputs)).to.deep.include({ replaces: [] });

      // A new key of the same account: an update; the engine sees no write, and later hooks use the new key.
      const rotated = await there.accessKeys.create({ name: "pulumi-2" });
      const { diff, deployed } = await stack.change("ip", { ...registered("ip"), connection: { endpoint: otherEngine.api.url, accessKey: rotated.secret } });
      expect(diff).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      expect((await there.eips.get(ip.id)).version).to.equal(before.version);
      await there.accessKeys.delete(key.id);
      const revoked = await new EciClient({ endpoint: otherEngine.api.url, accessKey: key.secret }).eips.get(ip.id).catch((e: unknown) => e);
      expect(hasCode(revoked, "unauthorized")).to.equal(true);
      expect((await server.read(ip.id, ip.urn, deployed.props, deployed.inputs)).id).to.equal(ip.id);

      // No connection: the stack's engine. A replacement: created there, then deleted from the other engine (with the key it was last given).
      const moved = await stack.change("ip", { ...registered("ip"), connection: undefined });
      expect(moved.diff).to.deep.equal({ changes: "some", replaces: ["connection"], deleteBeforeReplace: false });
      expect(await here.eips.get(moved.deployed.id)).to.include({ description: "on the other engine" });
      expect(await there.eips.get(ip.id).catch(gone)).to.equal("gone");
      await stack.destroy();
    });

    it("names the engine that refused a key", async () => {
      const urn = new Stack(server, "eci-engines").urn("Eip", "wrong");
      const { inputs } = await server.check(urn, {}, withoutSecrets({ ...registered("ip"), connection: { endpoint: otherEngine.api.url, accessKey: "not-a-key" } }));
      const refused = await server.create(urn, inputs).catch((e: ProviderCallError) => e);
      expect((refused as Error).message).to.contain(`POST ${otherEngine.api.url}/v1/eips: HTTP 401 unauthorized`);
      expect((refused as Error).message).to.not.contain("not-a-key");
    });
  });
}
