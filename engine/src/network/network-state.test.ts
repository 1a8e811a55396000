import { expect } from "chai";
import { DEFAULT_PRICES } from "../billing/prices";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { BillingService } from "../services/billing-service";
import { EipService } from "../services/eip-service";
import { SecurityGroupService } from "../services/security-group-service";
import { VpcService } from "../services/vpc-service";
import { SqliteStore } from "../store/sqlite-store";
import { readNetworkState } from "./network-state";

function setup() {
  const store = new SqliteStore(":memory:");
  store.createAccount("acc-1", "one", "hash-1");
  const clock = { now: () => Date.parse("2026-01-01T00:00:00Z") };
  const billing = new BillingService(store, clock, DEFAULT_PRICES);
  const eips = new EipService(store, clock, "127.100.0.0/16", billing);
  const securityGroups = new SecurityGroupService(store, clock, () => {}, billing);
  const vpcs = new VpcService(store, { createNetwork: async () => {} } as unknown as ContainerRuntime, clock, eips, securityGroups, () => {}, billing);
  return { store, eips, securityGroups, vpcs };
}

describe("readNetworkState", () => {
  it("reads each VPC's forwardings on its EIP, checked by its security group at the EIP port, and which VPCs reach outside", async () => {
    const { store, eips, securityGroups, vpcs } = setup();
    const eip = eips.create("acc-1", { name: "public" });
    const rules = [{ priority: 1, ports: "8080" }];
    const sg = securityGroups.create("acc-1", { name: "web", rules });
    const forwarding = { protocol: "TCP", eipPort: 8080, privateIp: "10.1.1.10", privatePort: 80 };
    await vpcs.create("acc-1", { name: "public", cidr: "10.1.0.0/16", eipId: eip.id, securityGroupId: sg.id, portForwardings: [forwarding] });
    await vpcs.create("acc-1", { name: "private", cidr: "10.2.0.0/16" });

    const state = readNetworkState(store);
    expect(state.mappings).to.deep.equal([
      { protocol: "TCP", eip: { address: eip.address, port: 8080 }, target: { address: "10.1.1.10", port: 80 }, checks: [{ rules: sg.rules, port: 8080 }] },
    ]);
    expect(state.vpcs).to.have.deep.members([
      { cidr: "10.1.0.0/16", outbound: true },
      { cidr: "10.2.0.0/16", outbound: false },
    ]);
    expect(state.egress).to.deep.equal([]);
  });
});
