import { expect } from "chai";
import type { StandbyPool } from "@eci/sdk";
import { reportedHashes, secureEnvHashes } from "./secure-env-hashes";
import { StandbyPoolProvider, inputsFromPool, outputsOf } from "./standby-pool-provider";
import { UNKNOWN } from "./unknowns";

type Props = Record<string, unknown>;

const SECRET = "db-pa55word-value";
const provider = new StandbyPoolProvider();
const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };
const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: false };

async function declared(secureEnv?: Record<string, string>, change: Props = {}): Promise<Props> {
  const container = { name: "app", image: "nginx:1.27", env: { MODE: "prod" }, ...(secureEnv ? { secureEnv } : {}) };
  const { inputs, failures } = await provider.check({}, { name: "warm", profile: { name: "web", containers: [container, { name: "side", image: "busybox:1" }] }, maxReadyCapacity: 2, ...change });
  expect(failures).to.deep.equal([]);
  return inputs;
}

/** The pool as the engine answers: its profile's containers with their secureEnv by name only. */
function enginePool(inputs: Props): StandbyPool {
  const profile = inputs.profile as Props;
  const containers = (profile.containers as Props[]).map(({ secureEnv, ...c }) => ({ ...c, secureEnvNames: Object.keys((secureEnv as Props | undefined) ?? {}).sort() }));
  const at = "2026-01-01T00:00:00.000Z";
  return { id: "sp-aaaaaaaa", name: inputs.name, description: inputs.description, profile: { ...profile, containers }, maxReadyCapacity: inputs.maxReadyCapacity, status: "filling", readyCount: 0, creatingCount: 2, hourlyPrice: 0, version: 1, createdAt: at, updatedAt: at } as StandbyPool;
}

/** Outputs as create returns them for these inputs. */
const created = (inputs: Props) => outputsOf(inputs, enginePool(inputs), secureEnvHashes(inputs.profile as Props));

describe("StandbyPool provider", () => {
  it("keeps no secureEnv value in its outputs, and sees no change against them", async () => {
    const inputs = await declared({ DB_PASSWORD: SECRET });
    const outs = created(inputs);
    expect(JSON.stringify(outs)).to.not.contain(SECRET);
    expect((outs.profile as { containers: Props[] }).containers[0]).to.deep.include({ secureEnvNames: ["DB_PASSWORD"] });
    expect(await provider.diff("sp-aaaaaaaa", outs, inputs)).to.deep.equal(NO_CHANGE);
  });

  it("sees a changed, added or removed secureEnv value as an update of the pool, never a replacement", async () => {
    const outs = created(await declared({ DB_PASSWORD: SECRET }));
    expect(await provider.diff("sp-aaaaaaaa", outs, await declared({ DB_PASSWORD: "another-value" }))).to.deep.equal(UPDATE);
    expect(await provider.diff("sp-aaaaaaaa", outs, await declared({ DB_PASSWORD: SECRET, API_TOKEN: "t0ken" }))).to.deep.equal(UPDATE);
    expect(await provider.diff("sp-aaaaaaaa", outs, await declared())).to.deep.equal(UPDATE);
    expect(await provider.diff("sp-aaaaaaaa", outs, await declared({ DB_PASSWORD: UNKNOWN }))).to.deep.equal(UPDATE);
  });

  it("shows no change after a refresh, which gets no secureEnv value from the engine", async () => {
    const inputs = await declared({ DB_PASSWORD: SECRET });
    const outs = created(inputs);
    const pool = enginePool(inputs);
    const refreshed = inputsFromPool(pool, outs);
    expect(JSON.stringify(refreshed)).to.not.contain("secureEnv");
    const props = outputsOf(refreshed, pool, reportedHashes(outs.secureEnvHashes, pool.profile.containers));
    expect(props.secureEnvHashes).to.deep.equal(outs.secureEnvHashes);
    expect(await provider.diff("sp-aaaaaaaa", props, inputs)).to.deep.equal(NO_CHANGE);
    // A variable removed outside Pulumi: the declared value is a change to apply again.
    const removed = enginePool(await declared());
    const drifted = outputsOf(inputsFromPool(removed, outs), removed, reportedHashes(outs.secureEnvHashes, removed.profile.containers));
    expect(await provider.diff("sp-aaaaaaaa", drifted, inputs)).to.deep.equal(UPDATE);
  });

  it("updates in place for every change of the pool's own fields, known or not", async () => {
    const outs = created(await declared({ DB_PASSWORD: SECRET }));
    const profile = { name: "web", hostType: "performance", containers: [{ name: "app", image: "nginx:1.28", secureEnv: { DB_PASSWORD: SECRET } }] };
    for (const change of [{ name: "renamed" }, { description: "warm web servers" }, { maxReadyCapacity: 5 }, { profile }, { profile: UNKNOWN }, { maxReadyCapacity: UNKNOWN }]) {
      const news = await declared({ DB_PASSWORD: SECRET }, change);
      expect(await provider.diff("sp-aaaaaaaa", outs, news), JSON.stringify(change)).to.deep.equal(UPDATE);
    }
  });

  it("replaces the pool only for another engine or another adopted pool", async () => {
    const outs = created(await declared());
    expect((await provider.diff("sp-aaaaaaaa", outs, await declared(undefined, { connection: { endpoint: "https://eci-2.example.com:7400" } }))).replaces).to.deep.equal(["connection"]);
    expect((await provider.diff("sp-aaaaaaaa", outs, await declared(undefined, { adoptId: "sp-bbbbbbbb" }))).replaces).to.deep.equal(["adoptId"]);
    expect(await provider.diff("sp-aaaaaaaa", outs, await declared(undefined, { adoptId: "sp-aaaaaaaa" }))).to.deep.equal(NO_CHANGE);
  });
});
