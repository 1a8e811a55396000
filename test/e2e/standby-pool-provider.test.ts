import path from "node:path";
import { expect } from "chai";
import { type StandbyPool, hasCode } from "@eci/sdk";
import { engineContainers } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";
import { PULUMI_VERSIONS, SECRET_SIG, captureProgram, resourceInputs, servesGet, withoutSecrets } from "./helpers/pulumi-install";
import { providerTarget } from "./helpers/provider-target";

type Props = Record<string, any>;
const urn = (type: string, name: string) => `urn:pulumi:e2e::eci-pool::pulumi-nodejs:dynamic/eci:${type}::${name}`;
const POOL = urn("StandbyPool", "warm");
const GROUP = urn("ContainerGroup", "web");
const SECRET = "plain-pool-secret";
const PROGRAM = path.join(__dirname, "../fixtures/pool-program");

for (const version of PULUMI_VERSIONS) {
  describe(`StandbyPool through the provider server (@pulumi/pulumi ${version})`, function () {
    this.timeout(240_000);
    const t = providerTarget({ version, program: PROGRAM });
    /** The inputs the real SDK registered for the program's resources, `__provider` included. */
    const program: Record<string, Props> = {};
    before(() => {
      const resources = captureProgram(t.dir);
      for (const type of ["StandbyPool", "ContainerGroup"]) program[type] = resourceInputs(resources, type);
    });

    /** Check then Create, as `pulumi up` does for a new resource; secrets unwrapped as the engine sends them. */
    async function up(urnOf: string, news: Props): Promise<{ id: string; inputs: Props; outs: Props }> {
      const { inputs, failures } = await t.server.check(urnOf, {}, withoutSecrets(news));
      expect(failures).to.deep.equal([]);
      const created = await t.server.create(urnOf, inputs);
      return { id: created.id, inputs, outs: created.props };
    }

    /** Groups that Docker runs for this engine but that the account's list leaves out: the pooled ones. */
    async function pooledGroupIds(): Promise<string[]> {
      const listed = new Set((await t.eci.containerGroups.list()).items.map((g) => g.id));
      const running = (await engineContainers(t.engine.engine.engineId)).filter((c) => c.Labels["eci.role"] === "infra").map((c) => c.Labels["eci.group"]);
      return running.filter((id) => !listed.has(id)).sort();
    }

    function waitForPool(id: string, what: string, ok: (p: StandbyPool) => boolean): Promise<StandbyPool> {
      let last: StandbyPool | undefined;
      return waitFor(
        `pool ${id} ${what}`,
        async () => {
          last = await t.eci.standbyPools.get(id);
          return ok(last) ? last : undefined;
        },
        { timeoutMs: 60_000, last: () => last && { status: last.status, readyCount: last.readyCount, creatingCount: last.creatingCount } },
      );
    }

    const withProfile = (base: Props, edit: (profile: Props) => Props) => ({ ...base, profile: edit(structuredClone(withoutSecrets(base.profile))) });
    const withEnv = (profile: Props, env: Props) => ({ ...profile, containers: profile.containers.map((c: Props) => ({ ...c, env })) });

    it("registers the profile's secureEnv value as a secret even when the program passes a plain string", () => {
      expect(JSON.stringify(program.StandbyPool.profile)).to.contain(SECRET_SIG);
      expect(program.StandbyPool.__provider).to.not.contain(SECRET);
      expect(program.ContainerGroup.standbyPoolId).to.be.a("string");
    });

    it("creates a pool, claims a running group of it, updates its profile in place as the engine refills it, and deletes it", async () => {
      // Create: the pool is answered at once, without the secret in its outputs; the engine then fills it.
      const pool = await up(POOL, program.StandbyPool);
      expect(pool.id).to.match(/^sp-[a-z0-9]{8}$/);
      expect(pool.outs).to.deep.include({ name: pool.inputs.name, maxReadyCapacity: 1 });
      expect(pool.outs.profile.containers[0]).to.deep.include({ name: "web", secureEnvNames: ["DB_PASSWORD"] });
      expect(JSON.stringify(pool.outs)).to.not.contain(SECRET);
      await waitForPool(pool.id, "to have its group ready", (p) => p.readyCount === 1 && p.status === "ready");
      const [pooled] = await pooledGroupIds();

      // A read after create (refresh): the engine returns no secureEnv value, and there is no false diff.
      const refreshed = await t.server.read(pool.id, POOL, pool.outs, pool.inputs);
      expect(refreshed.props).to.deep.include({ status: "ready", readyCount: 1, creatingCount: 0 });
      expect(JSON.stringify(refreshed)).to.not.contain(SECRET);
      expect(await t.server.diff(pool.id, POOL, refreshed.props, pool.inputs, refreshed.inputs)).to.deep.include({ changes: "none" });
      // A new secret value in the profile is a change, and an update in place.
      const rotated = await t.server.check(POOL, pool.inputs, withProfile(program.StandbyPool, (p) => ({ ...p, containers: p.containers.map((c: Props) => ({ ...c, secureEnv: { DB_PASSWORD: "n3w-secret" } })) })));
      expect(await t.server.diff(pool.id, POOL, refreshed.props, rotated.inputs, refreshed.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });

      // A group of the pool's profile: claimed, so running at once with the pooled group's id.
      const group = await up(GROUP, { ...program.ContainerGroup, standbyPoolId: pool.id });
      expect(group.id).to.equal(pooled);
      expect(group.outs).to.deep.include({ status: "running", name: "web-1", standbyPoolId: pool.id });
      expect(group.outs.containers[0]).to.deep.include({ name: "web", state: "running", secureEnvNames: ["DB_PASSWORD"] });
      expect((await t.engine.api.events(group.id)).map((e) => e.reason)).to.include("Claimed");
      // standbyPoolId only mattered to create: leaving it out is an update that leaves the group as it is.
      const { standbyPoolId: _claimedFrom, ...unclaimed } = group.inputs;
      const dropped = await t.server.check(GROUP, group.inputs, unclaimed);
      expect(await t.server.diff(group.id, GROUP, group.outs, dropped.inputs, group.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      const kept = await t.server.update(group.id, GROUP, group.outs, dropped.inputs, group.inputs);
      expect(kept).to.deep.include({ version: group.outs.version, status: "running" });
      expect(kept.containers[0].startedAt).to.equal(group.outs.containers[0].startedAt);
      expect(kept.standbyPoolId).to.equal(undefined);

      // The pool refills after the claim; then a new profile is an update of the same pool, and the engine drains and refills it.
      await waitForPool(pool.id, "to refill after the claim", (p) => p.readyCount === 1);
      const [before] = await pooledGroupIds();
      const changed = await t.server.check(POOL, pool.inputs, withProfile(program.StandbyPool, (p) => withEnv(p, { MODE: "two" })));
      expect(await t.server.diff(pool.id, POOL, refreshed.props, changed.inputs, refreshed.inputs)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
      const updated = await t.server.update(pool.id, POOL, refreshed.props, changed.inputs, refreshed.inputs);
      expect(updated.version).to.be.above(refreshed.props.version);
      expect(updated.profile.containers[0].env).to.deep.equal({ MODE: "two" });
      expect(JSON.stringify(updated)).to.not.contain(SECRET);
      expect(await t.server.diff(pool.id, POOL, updated, changed.inputs, changed.inputs)).to.deep.include({ changes: "none" });
      const refilled = await waitFor("the pool to drain its old group and refill", async () => {
        const ids = await pooledGroupIds();
        return ids.length === 1 && ids[0] !== before && (await t.eci.standbyPools.get(pool.id)).readyCount === 1 ? ids[0] : undefined;
      }, { timeoutMs: 60_000, last: pooledGroupIds });
      expect((await t.engine.api.events(refilled)).map((e) => e.reason)).to.include("Pooled");
      // The claimed group is the user's: the pool's new profile does not touch it.
      expect((await t.eci.containerGroups.get(group.id)).containers[0]).to.deep.include({ startedAt: kept.containers[0].startedAt, env: {} });

      // Delete: the pool and the group it still holds go; the claimed group stays until its own delete.
      await t.server.delete(pool.id, POOL, updated, changed.inputs);
      expect(await t.eci.standbyPools.get(pool.id).catch((e) => (hasCode(e, "not_found") ? "gone" : e))).to.equal("gone");
      await waitFor("the pooled group to be deleted", async () => ((await pooledGroupIds()).length === 0 ? true : undefined), { timeoutMs: 60_000, last: pooledGroupIds });
      expect((await t.eci.containerGroups.get(group.id)).status).to.equal("running");
      await t.server.delete(group.id, GROUP, kept, dropped.inputs);
    });

    it("adopts a pool made outside Pulumi as an update of it, and reads one with get", async function () {
      const made = await t.eci.standbyPools.create({ name: "made-elsewhere", profile: { name: "job", containers: [{ name: "job", image: "eci-test/busybox:1", command: ["sleep", "3600"] }] }, maxReadyCapacity: 0 });
      if (servesGet(version)) {
        const got = await t.server.read(made.id, urn("StandbyPool", "found"), undefined, { __provider: program.StandbyPool.__provider });
        expect(got.props).to.deep.include({ name: "made-elsewhere", maxReadyCapacity: 0, status: "ready" });
        expect(got.props.profile.containers[0]).to.deep.include({ name: "job", secureEnvNames: [] });
      }
      const declared = { ...program.StandbyPool, name: "made-elsewhere", description: "now managed", maxReadyCapacity: 0, adoptId: made.id };
      const adopted = await up(POOL, declared);
      expect(adopted.id).to.equal(made.id);
      expect(adopted.outs).to.deep.include({ description: "now managed", version: made.version + 1 });
      expect((await t.eci.standbyPools.get(made.id)).profile.containers[0]).to.deep.include({ name: "web", secureEnvNames: ["DB_PASSWORD"] });
      await t.server.delete(made.id, POOL, adopted.outs, adopted.inputs);
      expect(await t.eci.standbyPools.get(made.id).catch((e) => (hasCode(e, "not_found") ? "gone" : e))).to.equal("gone");
    });
  });
}
