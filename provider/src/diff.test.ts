import { expect } from "chai";
import { diffContainerGroup, groupChanges, kindsOf, sendsToEngine } from "./diff";
import { checkContainerGroup } from "./container-group-inputs";
import { UNKNOWN } from "./unknowns";

const inputs = checkContainerGroup({}, { name: "web", containers: [{ name: "app", image: "nginx:1.27" }, { name: "side", image: "busybox:1" }] }).inputs;
/** Outputs as create returns them: the inputs, containers with their states, and the engine's fields. */
const olds: Record<string, unknown> = {
  ...inputs,
  status: "running",
  healthStatus: "healthy",
  containers: (inputs.containers as object[]).map((c) => ({ ...c, state: "running", restartCount: 0, ready: true })),
};

function diff(change: Record<string, unknown>, from: Record<string, unknown> = olds) {
  return diffContainerGroup(from, { ...inputs, ...change });
}

describe("diffContainerGroup", () => {
  it("sees no change when the inputs are the same, whatever the containers' states", () => {
    expect(diff({})).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("updates online for a container change and replaces for hostType", () => {
    const containers = [{ ...(inputs.containers as object[])[0], image: "nginx:1.28" }, (inputs.containers as object[])[1]];
    expect(diff({ containers })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(diff({ hostType: "performance" }).replaces).to.deep.equal(["hostType"]);
  });

  it("changes metadata and provider settings without replacing", () => {
    expect(diff({ labels: { team: "web" }, name: "renamed" })).to.deep.include({ changes: true, replaces: [] });
    expect(diff({ waitFor: "running" })).to.deep.include({ changes: true, replaces: [] });
  });

  it("records a new or removed standbyPoolId as an update that sends nothing to the engine: it mattered only to create", () => {
    const claimed = { ...olds, standbyPoolId: "sp-aaaaaaaa" };
    for (const standbyPoolId of ["sp-bbbbbbbb", undefined, UNKNOWN]) {
      const news = { ...inputs, standbyPoolId };
      expect(diffContainerGroup(claimed, news)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(sendsToEngine(kindsOf(groupChanges(claimed, news, { id: "cg-aaaaaaaa", defaultEndpoint: "http://127.0.0.1:7400" })))).to.equal(false);
    }
    expect(diff({ standbyPoolId: "sp-aaaaaaaa" }, claimed)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("counts an unknown value as a change, and as a replacement for hostType", () => {
    expect(diff({ containers: [{ name: "app", image: UNKNOWN }] })).to.deep.include({ changes: true, replaces: [] });
    expect(diff({ hostType: UNKNOWN }).replaces).to.deep.equal(["hostType"]);
  });

  it("reads a field left out of the old state as its default: no change for a state written before the field existed", () => {
    const { autoMatchImageCache: _a, description: _d, ...before } = olds;
    const containers = (olds.containers as Array<Record<string, unknown>>).map(({ maxLogSizeMB: _m, ...c }) => c);
    expect(diff({}, { ...before, containers })).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("keeps the defaults of a check with unknown values, so an unknown vxnet is an online change, not a new host type", () => {
    const vpc = { mode: "vpc", vxnetId: "vxnet-aaaaaaaa", privateIp: "192.168.1.10" };
    const before = { ...olds, network: vpc };
    const checked = checkContainerGroup(inputs, { name: inputs.name, containers: [{ name: "app", image: "nginx:1.27" }, { name: "side", image: "busybox:1" }], network: { ...vpc, vxnetId: UNKNOWN } }).inputs;
    expect(checked).to.deep.include({ hostType: "basic", restartPolicy: "Always", network: { ...vpc, vxnetId: UNKNOWN } });
    expect(diffContainerGroup(before, checked)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("deletes the old group first only when the replacement is certain, not when a replace field is only unknown", () => {
    const disk = [{ name: "data", disk: { diskId: "vol-aaaaaaaa" } }];
    const before = { ...olds, volumes: disk };
    expect(diff({ hostType: "performance", volumes: disk }, before)).to.deep.include({ replaces: ["hostType"], deleteBeforeReplace: true });
    expect(diff({ hostType: UNKNOWN, volumes: disk }, before)).to.deep.equal({ changes: true, replaces: ["hostType"], deleteBeforeReplace: false });
    // An unknown disk id pins nothing: it is not known to be the old one.
    expect(diff({ hostType: "performance", volumes: [{ name: "data", disk: { diskId: UNKNOWN } }] }, before)).to.deep.include({ deleteBeforeReplace: false });
  });

  it("replaces a group that has ended when its containers change", () => {
    const ended = { ...olds, status: "succeeded" };
    expect(diff({ restartPolicy: "Never" }, ended).replaces).to.deep.equal(["restartPolicy"]);
    expect(diff({ description: "x" }, ended).replaces).to.deep.equal([]);
  });

  it("deletes the old group first when the replacement needs its fixed IP, its basic-mode EIP or its disk", () => {
    const vpc = { mode: "vpc", vxnetId: "vxnet-aaaaaaaa", privateIp: "192.168.1.10" };
    const disk = [{ name: "data", disk: { diskId: "vol-aaaaaaaa" } }];
    const on = (extra: Record<string, unknown>) => ({ ...olds, ...extra });
    expect(diff({ hostType: "performance", network: vpc }, on({ network: vpc }))).to.deep.include({ deleteBeforeReplace: true });
    expect(diff({ hostType: "performance", network: { ...vpc, privateIp: "192.168.1.11" } }, on({ network: vpc })).deleteBeforeReplace).to.equal(false);
    expect(diff({ hostType: "performance", network: { mode: "vpc", vxnetId: "vxnet-aaaaaaaa" } }, on({ network: vpc })).deleteBeforeReplace).to.equal(false);
    const basic = { mode: "basic", eipId: "eip-aaaaaaaa" };
    expect(diff({ hostType: "performance", network: basic }, on({ network: basic })).deleteBeforeReplace).to.equal(true);
    expect(diff({ hostType: "performance", volumes: disk }, on({ volumes: disk })).deleteBeforeReplace).to.equal(true);
    expect(diff({ hostType: "performance", volumes: [{ name: "data", disk: { diskId: "vol-bbbbbbbb" } }] }, on({ volumes: disk })).deleteBeforeReplace).to.equal(false);
    // An online update keeps the same group: nothing to delete first.
    expect(diff({ network: vpc, volumes: disk, labels: { a: "b" } }, on({ network: vpc, volumes: disk })).deleteBeforeReplace).to.equal(false);
  });
});
