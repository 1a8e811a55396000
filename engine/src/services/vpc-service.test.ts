import { expect } from "chai";
import { DEFAULT_PRICES } from "../billing/prices";
import { EngineError } from "../errors";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { SqliteStore } from "../store/sqlite-store";
import { BillingService } from "./billing-service";
import { EipService } from "./eip-service";
import { VpcService } from "./vpc-service";

type CreateNetwork = ContainerRuntime["createNetwork"];

function setup() {
  const store = new SqliteStore(":memory:");
  store.createAccount("acc-1", "one", "hash-1");
  const clock = { now: () => Date.parse("2026-01-01T00:00:00Z") };
  const billing = new BillingService(store, clock, DEFAULT_PRICES);
  const service = (createNetwork: CreateNetwork) =>
    new VpcService(store, { createNetwork } as ContainerRuntime, clock, new EipService(store, clock, "127.100.0.0/16", billing), { exists: () => false }, () => {}, billing);
  return { store, service };
}

describe("VpcService", () => {
  it("stores a VPC before creating its network, so that an engine killed in between gives the VPC its network at its next start", async () => {
    const { store, service } = setup();
    // The engine dies while Docker creates the network: the call never returns.
    void service(() => new Promise(() => {})).create("acc-1", { name: "main", cidr: "10.1.0.0/24" });
    await new Promise((r) => setImmediate(r));
    const [vpc] = store.networks.list("vpc");
    expect(vpc.spec.cidr).to.equal("10.1.0.0/24");

    const created: unknown[] = [];
    await service(async (...args) => void created.push(args)).restoreNetworks(() => expect.fail("no VPC fails"));
    expect(created).to.deep.equal([[`eci-vpc-${vpc.id}`, "10.1.0.0/24", { "eci.vpc": vpc.id }]]);
  });

  it("forgets a VPC whose network Docker refuses, so its range stays free", async () => {
    const { store, service } = setup();
    const refused = await service(async () => {
      throw new Error("(HTTP code 403) unexpected - Pool overlaps with other one on this address space");
    })
      .create("acc-1", { name: "main", cidr: "10.1.0.0/24" })
      .catch((err: EngineError) => `${err.statusCode} ${err.code}`);
    expect(refused).to.equal("422 validation_failed");
    expect(store.networks.list("vpc")).to.deep.equal([]);
    const vpc = await service(async () => {}).create("acc-1", { name: "again", cidr: "10.1.0.0/24" });
    expect(vpc).to.include({ cidr: "10.1.0.0/24", status: "active" });
  });

  it("restores every VPC's network at start, reporting those Docker refuses and going on with the others", async () => {
    const { store, service } = setup();
    const ok = service(async () => {});
    const a = await ok.create("acc-1", { name: "a", cidr: "10.1.0.0/24" });
    const b = await ok.create("acc-1", { name: "b", cidr: "10.2.0.0/24" });
    const created: string[] = [];
    const failed: string[] = [];
    await service(async (name) => {
      if (name.endsWith(a.id)) throw new Error("Pool overlaps with other one on this address space");
      created.push(name);
    }).restoreNetworks((vpcId, err) => failed.push(`${vpcId}: ${err.message}`));
    expect(created).to.deep.equal([`eci-vpc-${b.id}`]);
    expect(failed).to.deep.equal([`${a.id}: Pool overlaps with other one on this address space`]);
    expect(store.networks.list("vpc").map((v) => v.id)).to.have.members([a.id, b.id]);
  });
});
