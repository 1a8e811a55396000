import { expect } from "chai";
import { type ContainerGroupSpecInput, ContainerGroupSpecSchema } from "@eci/sdk";
import { planApply } from "./apply-plan";
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
