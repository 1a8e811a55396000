import { expect } from "chai";
import { docker } from "../helpers/test-engine";
import { PULUMI_VERSIONS, captureProgram, resourceInputs } from "./helpers/pulumi-install";
import { providerTarget } from "./helpers/provider-target";

type Props = Record<string, any>;
const URN = "urn:pulumi:e2e::eci-fixture::pulumi-nodejs:dynamic/eci:ContainerGroup::web";

for (const version of PULUMI_VERSIONS) {
  describe(`ContainerGroup restartTrigger through the provider server (@pulumi/pulumi ${version})`, function () {
    this.timeout(180_000);
    const t = providerTarget({ version });
    let program: Props;
    before(() => {
      program = resourceInputs(captureProgram(t.dir), "ContainerGroup");
    });

    const sandboxOf = async (id: string) => (await docker.listContainers({ all: true, filters: { label: [`eci.group=${id}`, "eci.role=infra"] } })).map((c) => c.Id);
    const startedAt = (outs: Props) => Object.fromEntries(outs.containers.map((c: Props) => [c.name, c.startedAt]));

    it("restarts every container as an update when restartTrigger changes, keeping the group's sandbox and IP; set on create, it restarts nothing", async () => {
      const created = await t.server.check(URN, {}, { ...program, restartTrigger: "v1" });
      const first = await t.server.create(URN, created.inputs);
      expect(first.props).to.deep.include({ status: "running", healthStatus: "healthy", restartTrigger: "v1" });
      expect((await t.eci.containerGroups.events(first.id)).map((e) => e.reason)).to.not.include("Restarting");
      const sandbox = await sandboxOf(first.id);
      expect(sandbox).to.have.length(1);

      // The preview: the same inputs but restartTrigger, and an update, never a replacement.
      const checked = await t.server.check(URN, created.inputs, { ...program, restartTrigger: "v2" });
      expect(checked.inputs).to.deep.equal({ ...created.inputs, restartTrigger: "v2" });
      expect(await t.server.diff(first.id, URN, first.props, checked.inputs, created.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });

      const updated = await t.server.update(first.id, URN, first.props, checked.inputs, created.inputs);
      expect(updated).to.deep.include({ status: "running", healthStatus: "healthy", restartTrigger: "v2", privateIp: first.props.privateIp, version: first.props.version });
      const [before, after] = [startedAt(first.props), startedAt(updated)];
      expect(Object.keys(after)).to.have.members(["page", "web", "side"]);
      for (const name of Object.keys(after)) expect(after[name], name).to.not.equal(before[name]);
      expect(await sandboxOf(first.id)).to.deep.equal(sandbox);
      expect((await t.eci.containerGroups.events(first.id)).map((e) => e.reason)).to.include("Restarting");
      expect(t.server.output.some((l) => l.includes(`Restarting ContainerGroup ${created.inputs.name} (${first.id}): its restartTrigger changed`))).to.equal(true);
      const page = await fetch(`http://127.0.0.1:${updated.ports[0].hostPort}/`);
      expect(await page.text()).to.equal("hello from pulumi\n");

      await t.server.delete(first.id, URN, updated, checked.inputs);
    });
  });
}
