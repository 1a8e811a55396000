import { expect } from "chai";
import { ReadyResourceProvider } from "./ready-resource-provider";

describe("ReadyResourceProvider", () => {
  const vpcs = new ReadyResourceProvider("Vpc");
  const vxnets = new ReadyResourceProvider("Vxnet");
  const disks = new ReadyResourceProvider("Disk");

  it("checks with the engine's rules and returns canonical inputs", async () => {
    const { inputs, failures } = await vpcs.check({}, { name: "main", portForwardings: [{ eipPort: 8080, privateIp: "192.168.1.10", privatePort: 80 }], eipId: "eip-aaaaaaaa" });
    expect(failures).to.deep.equal([]);
    expect(inputs).to.deep.include({ cidr: "192.168.0.0/16", description: "", portForwardings: [{ protocol: "TCP", eipPort: 8080, privateIp: "192.168.1.10", privatePort: 80 }] });
    const bad = await vpcs.check({}, { name: "main", cidr: "8.8.0.0/16", portForwardings: [{ eipPort: 8080, privateIp: "10.0.0.1", privatePort: 80 }] });
    expect(bad.failures.map((f) => f.property)).to.have.members(["cidr", "portForwardings[0].privateIp", "eipId"]);
  });

  it("refuses a smaller disk at check, naming both sizes", async () => {
    const olds = (await disks.check({}, { name: "data", sizeGB: 40 })).inputs;
    expect((await disks.check(olds, { name: "data", sizeGB: 20 })).failures).to.deep.equal([
      { property: "sizeGB", reason: "a disk can only grow: 20 is less than its 40 GB (a smaller disk is a new Disk resource)" },
    ]);
    expect((await disks.check(olds, { name: "data", sizeGB: 50 })).failures).to.deep.equal([]);
    expect((await disks.check(olds, { name: "data", sizeGB: 20, type: "capacity" })).failures).to.deep.equal([]);
  });

  it("replaces a VPC for a new range, deleting the old first when the ranges overlap or the EIP stays", async () => {
    const olds = { name: "main", cidr: "192.168.0.0/16", portForwardings: [] };
    expect(await vpcs.diff("rtr-1", olds, { ...olds, portForwardings: [{ eipPort: 1 }] })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await vpcs.diff("rtr-1", olds, { ...olds, cidr: "192.168.0.0/24" })).to.deep.equal({ changes: true, replaces: ["cidr"], deleteBeforeReplace: true });
    expect(await vpcs.diff("rtr-1", olds, { ...olds, cidr: "10.0.0.0/16" })).to.deep.include({ deleteBeforeReplace: false });
    expect(await vpcs.diff("rtr-1", { ...olds, eipId: "eip-1" }, { ...olds, eipId: "eip-1", cidr: "10.0.0.0/16" })).to.deep.include({ deleteBeforeReplace: true });
  });

  it("replaces a vxnet for a new range, deleting the old first only when they overlap in one VPC", async () => {
    const olds = { name: "apps", vpcId: "rtr-1", cidr: "192.168.1.0/24" };
    expect(await vxnets.diff("vxnet-1", olds, { ...olds, cidr: "192.168.1.0/25" })).to.deep.include({ replaces: ["cidr"], deleteBeforeReplace: true });
    expect(await vxnets.diff("vxnet-1", olds, { ...olds, cidr: "192.168.2.0/24" })).to.deep.include({ replaces: ["cidr"], deleteBeforeReplace: false });
    expect(await vxnets.diff("vxnet-1", olds, { ...olds, vpcId: "rtr-2" })).to.deep.include({ replaces: ["vpcId"], deleteBeforeReplace: false });
  });
});
