import { expect } from "chai";
import { type ContainerGroupSpecInput, ContainerGroupSpecSchema, type StandbyPool, type StandbyPoolSpecInput, StandbyPoolSpecSchema } from "@eci/sdk";
import { planApply, planPoolApply } from "./apply-plan";
import { CliError } from "./errors";
import { groupFixture } from "./testing/group-fixture";

const SPEC: ContainerGroupSpecInput = { name: "web", labels: { app: "web" }, containers: [{ name: "app", image: "eci-test/busybox:1", env: { MODE: "a" } }] };
const parse = (spec: ContainerGroupSpecInput) => ContainerGroupSpecSchema.parse(spec);

describe("planApply", () => {
  it("creates a group when none has the spec's name", () => {
    expect(planApply(parse(SPEC), [])).to.deep.equal({ action: "create" });
  });

  it("leaves alone a group whose spec is the same, however the file writes it", () => {
    const group = groupFixture(SPEC, { version: 3 });
    const sameWithDefaults = { ...SPEC, restartPolicy: "Always" as const, containers: [{ env: { MODE: "a" }, image: "eci-test/busybox:1", name: "app", maxLogSizeMB: 10 }] };
    expect(planApply(parse(sameWithDefaults), [group])).to.deep.equal({ action: "unchanged", id: group.id });
  });

  it("updates the group at the version just read when anything differs", () => {
    const group = groupFixture(SPEC, { version: 3 });
    const changed = { ...SPEC, containers: [{ ...SPEC.containers[0], env: { MODE: "b" } }] };
    expect(planApply(parse(changed), [group])).to.deep.equal({ action: "update", id: group.id, version: 3 });
    expect(planApply(parse({ ...SPEC, labels: {} }), [group])).to.deep.equal({ action: "update", id: group.id, version: 3 });
  });

  it("always sends a spec with secureEnv, whose values it cannot compare, and removes secrets the file dropped", () => {
    const withSecret = { ...SPEC, containers: [{ ...SPEC.containers[0], secureEnv: { TOKEN: "s3cret" } }] };
    const group = groupFixture(withSecret);
    expect(planApply(parse(withSecret), [group]).action).to.equal("update");
    expect(planApply(parse(SPEC), [group]).action).to.equal("update");
  });

  it("refuses to guess between several groups of the same name", () => {
    const a = groupFixture(SPEC, { id: "cg-aaaaaaaa" });
    const b = groupFixture(SPEC, { id: "cg-bbbbbbbb" });
    expect(() => planApply(parse(SPEC), [a, b])).to.throw(CliError, '2 groups are named "web" (cg-aaaaaaaa, cg-bbbbbbbb)');
  });
});

describe("planPoolApply", () => {
  const POOL: StandbyPoolSpecInput = { name: "warm", maxReadyCapacity: 2, profile: SPEC };
  /** A pool as the API reads it back: the profile with defaults filled and secrets by name only. */
  const read = (spec: StandbyPoolSpecInput, version = 4): StandbyPool => {
    const { profile, ...rest } = StandbyPoolSpecSchema.parse(spec);
    const containers = profile.containers.map(({ secureEnv, ...c }) => ({ ...c, secureEnvNames: Object.keys(secureEnv ?? {}).sort() }));
    const at = "2026-03-10T12:00:00.000Z";
    return { ...rest, id: "sp-1a2b3c4d", profile: { ...profile, containers }, status: "ready", readyCount: 2, creatingCount: 0, hourlyPrice: 0.2, version, createdAt: at, updatedAt: at };
  };

  it("creates a pool when none has the name, and leaves alone one whose spec is the same", () => {
    expect(planPoolApply(StandbyPoolSpecSchema.parse(POOL), [])).to.deep.equal({ action: "create" });
    expect(planPoolApply(StandbyPoolSpecSchema.parse({ ...POOL, description: "" }), [read(POOL)])).to.deep.equal({ action: "unchanged", id: "sp-1a2b3c4d" });
  });

  it("updates the pool at the version just read when its capacity, description or profile differs", () => {
    const update = { action: "update", id: "sp-1a2b3c4d", version: 4 };
    expect(planPoolApply(StandbyPoolSpecSchema.parse({ ...POOL, maxReadyCapacity: 3 }), [read(POOL)])).to.deep.equal(update);
    expect(planPoolApply(StandbyPoolSpecSchema.parse({ ...POOL, description: "warm web" }), [read(POOL)])).to.deep.equal(update);
    const otherImage = { ...POOL, profile: { ...SPEC, containers: [{ ...SPEC.containers[0], image: "eci-test/busybox:2" }] } };
    expect(planPoolApply(StandbyPoolSpecSchema.parse(otherImage), [read(POOL)])).to.deep.equal(update);
  });

  it("always sends a profile with secureEnv, and refuses to guess between pools of the same name", () => {
    const withSecret = { ...POOL, profile: { ...SPEC, containers: [{ ...SPEC.containers[0], secureEnv: { TOKEN: "s3cret" } }] } };
    expect(planPoolApply(StandbyPoolSpecSchema.parse(withSecret), [read(withSecret)]).action).to.equal("update");
    expect(() => planPoolApply(StandbyPoolSpecSchema.parse(POOL), [read(POOL), { ...read(POOL), id: "sp-bbbbbbbb" }])).to.throw(CliError, '2 standby pools are named "warm"');
  });
});
