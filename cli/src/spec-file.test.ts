import { expect } from "chai";
import { CliError } from "./errors";
import { parseSpecDocument } from "./spec-file";

const GROUP = { name: "web", containers: [{ name: "app", image: "eci-test/busybox:1" }] };

describe("parseSpecDocument", () => {
  it("takes a document without kind, or with kind: ContainerGroup, as a group, setting standbyPoolId apart", () => {
    const plain = parseSpecDocument(GROUP, "web.yaml");
    expect(plain).to.deep.include({ kind: "group", input: GROUP });
    expect(plain.spec).to.have.property("restartPolicy", "Always");
    expect(parseSpecDocument({ kind: "ContainerGroup", ...GROUP, standbyPoolId: "sp-1a2b3c4d" }, "web.yaml")).to.deep.include({ kind: "group", input: GROUP, standbyPoolId: "sp-1a2b3c4d" });
  });

  it("takes kind: StandbyPool as a pool, its profile checked as a group spec", () => {
    const pool = parseSpecDocument({ kind: "StandbyPool", name: "warm", maxReadyCapacity: 2, profile: GROUP }, "pool.yaml");
    expect(pool.kind).to.equal("pool");
    expect(pool.input).to.deep.equal({ name: "warm", maxReadyCapacity: 2, profile: GROUP });
    expect(() => parseSpecDocument({ kind: "StandbyPool", name: "warm", maxReadyCapacity: 21, profile: { ...GROUP, containers: [{ name: "App", image: "x" }] } }, "pool.yaml"))
      .to.throw(CliError, "pool.yaml is not a valid standby pool spec:")
      .with.property("lines")
      .that.satisfies((lines: string[]) => lines.some((l) => l.startsWith("maxReadyCapacity:")) && lines.some((l) => l.startsWith("profile.containers[0].name:")));
  });

  it("names a bad standbyPoolId, an unknown kind, and a document that is not a mapping", () => {
    expect(() => parseSpecDocument({ ...GROUP, standbyPoolId: "warm" }, "web.yaml"))
      .to.throw(CliError, "web.yaml is not a valid container group spec:")
      .with.property("lines")
      .that.satisfies((lines: string[]) => lines.length === 1 && lines[0].startsWith("standbyPoolId:"));
    expect(() => parseSpecDocument({ kind: "Pod", ...GROUP }, "pod.yaml")).to.throw(CliError, 'pod.yaml has kind "Pod": apply takes a container group (no kind, or kind: ContainerGroup) or kind: StandbyPool');
    expect(() => parseSpecDocument([GROUP], "list.yaml")).to.throw(CliError, "list.yaml should hold a mapping of a spec's fields, not a list");
    expect(() => parseSpecDocument(null, "empty.yaml")).to.throw(CliError, "empty.yaml is empty");
  });
});
