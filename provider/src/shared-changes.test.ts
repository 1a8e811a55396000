import { expect } from "chai";
import { refusal } from "./adoption";
import { checkContainerGroup } from "./container-group-inputs";
import { type ChangeContext, diffContainerGroup, groupChanges } from "./diff";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { UNKNOWN } from "./unknowns";

type Props = Record<string, unknown>;

/** The inputs every resource shares (`adoptId`, `connection`), and a group's `restartTrigger`, as `diff` classifies them. */
describe("diff of the inputs every resource shares", () => {
  const context: ChangeContext = { id: "cg-aaaaaaaa", defaultEndpoint: "http://127.0.0.1:7400" };
  const inputs = checkContainerGroup({}, { name: "web", containers: [{ name: "app", image: "nginx:1.27" }] }).inputs;
  const olds: Props = { ...inputs, status: "running" };
  const diff = (change: Props, from: Props = olds) => diffContainerGroup(from, { ...inputs, ...change }, context);

  it("restarts for a new restartTrigger: an update that names the field, never a replacement, even of a group that has ended", () => {
    expect(groupChanges({ ...olds, restartTrigger: "1" }, { ...inputs, restartTrigger: "2" }, context)).to.deep.equal([{ field: "restartTrigger", kind: "restart", known: true }]);
    expect(diff({ restartTrigger: "2" }, { ...olds, restartTrigger: "1" })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(diff({ restartTrigger: "2" }, { ...olds, status: "succeeded" })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(diff({ restartTrigger: UNKNOWN })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("sees no change when adoptId is dropped once adopted or names the resource itself, and a replacement for another id", () => {
    const adopted = { ...olds, adoptId: "cg-aaaaaaaa" };
    expect(diff({}, adopted)).to.deep.include({ changes: false });
    expect(diff({ adoptId: "cg-aaaaaaaa" })).to.deep.include({ changes: false });
    expect(diff({ adoptId: "cg-bbbbbbbb" }, adopted)).to.deep.include({ changes: true, replaces: ["adoptId"] });
  });

  it("replaces a resource that moves to another engine, without deleting it first, and takes a new key as a change for the provider only", () => {
    const there = { endpoint: "http://10.0.0.5:7400", accessKey: "k1" };
    expect(diff({ connection: there })).to.deep.equal({ changes: true, replaces: ["connection"], deleteBeforeReplace: false });
    expect(diff({ connection: { ...there, accessKey: "k2" } }, { ...olds, connection: there })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(diff({ connection: { endpoint: "http://127.0.0.1:7400/", accessKey: "k1" } })).to.deep.include({ replaces: [] });
    expect(diff({ connection: { ...there, endpoint: UNKNOWN } }, { ...olds, connection: there })).to.deep.include({ replaces: ["connection"] });
    // A group pinning its disk would be deleted first on the same engine; on another, nothing is held.
    const volumes = [{ name: "data", disk: { diskId: "vol-aaaaaaaa" } }];
    expect(diff({ volumes, connection: there, hostType: "performance" }, { ...olds, volumes })).to.deep.include({ deleteBeforeReplace: false });
  });

  it("takes a new key of a network or disk resource as an update, never a replacement", async () => {
    const disks = new ReadyResourceProvider("Disk");
    const before = { name: "data", connection: { accessKey: "k1" } };
    expect(await disks.diff("vol-aaaaaaaa", before, { name: "data", connection: { accessKey: "k2" } })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("refusal", () => {
  it("says which fields would replace the resource, with both values when short, and a final status", () => {
    expect(refusal("vol-aaaaaaaa", "disk", ["type"], { type: "basic" }, { type: "capacity" })).to.equal(
      'adoptId vol-aaaaaaaa: the disk cannot be adopted without replacing it: type is "basic" there, not "capacity" as declared',
    );
    expect(refusal("ic-aaaaaaaa", "image cache", ["images"], { images: ["a"], status: "failed" }, { images: ["a"] })).to.equal(
      "adoptId ic-aaaaaaaa: the image cache cannot be adopted without replacing it: its status is failed",
    );
    const long = Array.from({ length: 5 }, (_, i) => ({ name: `container-${i}`, image: "registry.example.com/team/app:1" }));
    expect(refusal("cg-aaaaaaaa", "container group", ["containers"], { containers: long, status: "succeeded" }, { containers: [] })).to.equal(
      "adoptId cg-aaaaaaaa: the container group cannot be adopted without replacing it: containers differs from the declared one; its status is succeeded",
    );
  });
});
