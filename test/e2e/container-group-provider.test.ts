import path from "node:path";
import { expect } from "chai";
import { hasCode } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { docker } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";
import { PULUMI_VERSIONS, captureProgram, installFixture, resourceInputs } from "./helpers/pulumi-install";
import { ProviderCallError, ProviderServer } from "./helpers/provider-server";
import { providerTarget } from "./helpers/provider-target";
import { UNKNOWN } from "./helpers/stack";

const URN = "urn:pulumi:e2e::eci-fixture::pulumi-nodejs:dynamic/eci:ContainerGroup::web";
type Props = Record<string, any>;

for (const version of PULUMI_VERSIONS) {
  describe(`ContainerGroup through the provider server (@pulumi/pulumi ${version})`, function () {
    this.timeout(180_000);
    // An unrelated key of the program's own config must not disturb the provider.
    const t = providerTarget({ version, config: { "eci-fixture:unrelated": "x" } });
    /** The inputs the real SDK registered for the program's resource, `__provider` included. */
    let program: Props;
    before(() => {
      program = resourceInputs(captureProgram(t.dir), "ContainerGroup");
    });

    /** Check then Create, as `pulumi up` does for a new resource. */
    async function up(news: Props): Promise<{ id: string; inputs: Props; outs: Props }> {
      const { inputs, failures } = await t.server.check(URN, {}, news);
      expect(failures).to.deep.equal([]);
      const created = await t.server.create(URN, inputs);
      return { id: created.id, inputs, outs: created.props };
    }

    const withContainers = (base: Props, edit: (containers: Props[]) => Props[]) => ({ ...base, containers: edit(structuredClone(base.containers)) });

    it("keeps the endpoint and the key out of the serialized provider", () => {
      expect(program.__provider).to.be.a("string");
      expect(program.__provider).to.not.contain(t.engine.api.key);
      expect(program.__provider).to.not.contain(t.engine.api.url);
      expect(program.__provider).to.match(/require\("@eci\/pulumi\/dist\/[a-z/-]+\.js"\)/);
    });

    it("creates, updates an image online, replaces on hostType, refreshes after an out-of-band delete, and deletes", async () => {
      // Create: waits until running and healthy.
      const first = await up(program);
      expect(first.inputs.name).to.match(/^web-[0-9a-f]{7}$/);
      expect(first.outs).to.deep.include({ status: "running", healthStatus: "healthy", cpu: 2, memory: 4, name: first.inputs.name });
      expect(first.outs.privateIp).to.match(/^\d+\.\d+\.\d+\.\d+$/);
      const page = await fetch(`http://127.0.0.1:${first.outs.ports[0].hostPort}/`);
      expect(await page.text()).to.equal("hello from pulumi\n");
      expect(t.server.output.some((l) => l.includes(`(${first.id}): waiting for`))).to.equal(true);

      // Online update of one container's image: same id, the other containers not restarted.
      const news = withContainers(program, (cs) => cs.map((c) => (c.name === "side" ? { ...c, image: TEST_IMAGES.noshell, command: ["/bin/busybox", "sleep", "3600"] } : c)));
      const checked = await t.server.check(URN, first.inputs, news);
      expect(checked.inputs.name).to.equal(first.inputs.name);
      expect(await t.server.diff(first.id, URN, first.outs, checked.inputs, first.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      const updated = await t.server.update(first.id, URN, first.outs, checked.inputs, first.inputs);
      const byName = (outs: Props, name: string) => outs.containers.find((c: Props) => c.name === name);
      expect(updated.status).to.equal("running");
      expect(byName(updated, "side")).to.include({ image: TEST_IMAGES.noshell, state: "running" });
      expect(byName(updated, "web").startedAt).to.equal(byName(first.outs, "web").startedAt);
      expect(byName(updated, "side").startedAt).to.not.equal(byName(first.outs, "side").startedAt);

      // hostType: a replacement; the engine creates the new group, then deletes the old one.
      const moved = await t.server.check(URN, checked.inputs, { ...news, hostType: "performance" });
      expect(await t.server.diff(first.id, URN, updated, moved.inputs, checked.inputs)).to.deep.include({ changes: "some", replaces: ["hostType"] });
      const second = await t.server.create(URN, moved.inputs);
      expect(second.id).to.not.equal(first.id);
      await t.server.delete(first.id, URN, updated, checked.inputs);
      expect(await t.eci.containerGroups.get(first.id).catch((e) => (hasCode(e, "not_found") ? "gone" : e))).to.equal("gone");

      // Refresh of a live group: the same inputs come back, so there is no false diff.
      const refreshed = await t.server.read(second.id, URN, second.props, moved.inputs);
      expect(refreshed.id).to.equal(second.id);
      expect(await t.server.diff(second.id, URN, refreshed.props, moved.inputs, refreshed.inputs)).to.deep.include({ changes: "none" });

      // Deleted outside Pulumi: refresh drops it from the state.
      await t.eci.containerGroups.delete(second.id);
      await waitFor("the out-of-band delete", async () => ((await t.eci.containerGroups.get(second.id).catch((e) => (hasCode(e, "not_found") ? null : e))) === null ? true : undefined));
      expect((await t.server.read(second.id, URN, second.props, moved.inputs)).id).to.equal("");

      // Delete through the provider, right after a create that did not wait: it waits for the IP, then deletes.
      const third = await up({ ...program, waitFor: "none" });
      await t.server.delete(third.id, URN, third.outs, third.inputs);
      expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${third.id}`] } })).to.have.length(0);
    });

    it("adopts an existing group with adoptId and applies the declared spec to it", async () => {
      const existing = await t.eci.containerGroups.create({ name: "legacy", containers: [{ name: "side", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
      const { id, outs, inputs } = await up({ ...program, name: "adopted", adoptId: existing.id });
      expect(id).to.equal(existing.id);
      expect(outs).to.deep.include({ name: "adopted", status: "running", healthStatus: "healthy" });
      expect(outs.containers.map((c: Props) => c.name)).to.deep.equal(["page", "web", "side"]);
      await t.server.delete(id, URN, outs, inputs);
      const missing = await t.server.create(URN, (await t.server.check(URN, {}, { ...program, adoptId: "cg-00000000" })).inputs).catch((e: Error) => e);
      expect((missing as Error).message).to.equal("adoptId cg-00000000: no such container group to adopt");
    });

    it("lets unknown values through a preview and counts them as changes", async () => {
      const preview = await t.server.check(URN, {}, withContainers(program, (cs) => [{ ...cs[1], image: UNKNOWN }]));
      expect(preview.failures).to.deep.equal([]);
      expect(preview.inputs.containers[0].image).to.equal(UNKNOWN);
      const known = await t.server.check(URN, {}, program);
      const olds = { ...known.inputs, status: "running" };
      expect(await t.server.diff("cg-00000000", URN, olds, withContainers(known.inputs, (cs) => [{ ...cs[0], image: UNKNOWN }, ...cs.slice(1)]), known.inputs)).to.deep.include({ changes: "some", replaces: [] });
      expect(await t.server.diff("cg-00000000", URN, olds, { ...known.inputs, hostType: UNKNOWN }, known.inputs)).to.deep.include({ changes: "some", replaces: ["hostType"] });
    });

    it("shows a broken rule as a check failure with its property path", async () => {
      const { failures } = await t.server.check(URN, {}, withContainers(program, (cs) => [...cs, { ...cs[2], cpu: 64 }]));
      expect(failures).to.deep.include({ property: "containers[3].cpu", reason: "Too big: expected number to be <=32" });
      expect(failures).to.deep.include({ property: "containers[3].name", reason: 'container name "side" is already used by containers[2]' });
    });

    it("fails a create whose container fails, with the reason, and keeps the id", async () => {
      const news = { ...withContainers(program, (cs) => [...cs.slice(0, 2), { name: "side", image: TEST_IMAGES.busybox, command: ["sh", "-c", "echo broken config >&2; exit 3"] }]), restartPolicy: "Never" };
      const { inputs } = await t.server.check(URN, {}, news);
      const err = await t.server.create(URN, inputs).then(() => undefined, (e: ProviderCallError) => e);
      expect(err).to.be.instanceOf(ProviderCallError);
      const failure = err?.initFailure;
      expect(failure?.id).to.match(/^cg-[a-z0-9]{8}$/);
      expect(failure?.properties.healthStatus).to.equal("unhealthy");
      expect(err?.message).to.contain(`(${failure?.id}) will not become healthy`);
      expect(err?.message).to.contain("container side ended with Error (exit code 3) and will not be restarted");
      expect(err?.message).to.contain("containers: side terminated (Error, exit code 3)");
      expect(err?.message).to.contain("latest warnings: Failed: Container side exited with code 3");
      expect((await t.eci.containerGroups.get(failure?.id as string)).containers[2]).to.include({ state: "terminated", exitCode: 3 });
      await t.server.delete(failure?.id as string, URN, failure?.properties as Props, inputs);
    });

    it("reads the endpoint and key from the environment when the stack config has none", async () => {
      const other = await ProviderServer.start(path.dirname(require.resolve(path.join(installFixture(version), "package.json"))), { ECI_ENDPOINT: t.engine.api.url, ECI_ACCESS_KEY: t.engine.api.key });
      try {
        await other.configure({});
        expect((await other.read("cg-00000000", URN, program, program)).id).to.equal("");
      } finally {
        other.stop();
      }
    });
  });
}
