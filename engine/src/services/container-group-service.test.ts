import { expect } from "chai";
import type { ContainerGroupSpecInput } from "@eci/sdk";
import { codeOf } from "../../../test/helpers/error-code";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { DEFAULT_PRICES } from "../billing/prices";
import { SqliteStore } from "../store/sqlite-store";
import type { ObservedGroup } from "../store/store";
import { BillingService } from "./billing-service";
import { ContainerGroupService } from "./container-group-service";

const spec: ContainerGroupSpecInput = { name: "g", containers: [{ name: "app", image: "local/app:1" }] };

function setup() {
  const store = new SqliteStore(":memory:");
  store.createAccount("acc-1", "one", "hash-1");
  store.createAccount("acc-2", "two", "hash-2");
  const enqueued: string[] = [];
  const clock = { now: () => Date.parse("2026-01-01T00:00:00Z") };
  const service = new ContainerGroupService(
    store,
    { enqueue: (id) => enqueued.push(id), interrupt: () => {} },
    {} as ContainerRuntime,
    clock,
    () => ({ standardGroups: 2, premiumGroups: 1, imageCaches: 20 }),
    { credentials: { serverOf: () => undefined }, caches: { checkReference: () => [] }, disks: { checkVolumes: () => [], checkAttachable: () => {} }, placement: { place: () => null } },
    new BillingService(store, clock, DEFAULT_PRICES),
  );
  const observe = (id: string, patch: Partial<ObservedGroup>) => store.saveObserved(id, { ...store.getGroup(id)!.observed, ...patch });
  return { store, service, enqueued, observe };
}


describe("ContainerGroupService", () => {
  it("creates a pending group, normalizes its size and queues it for reconciliation", () => {
    const { service, enqueued } = setup();
    const g = service.create("acc-1", { ...spec, containers: [{ name: "app", image: "local/app:1", cpu: 0.3, memory: 0.6 }] });
    expect(g).to.include({ status: "pending", healthStatus: "checking", cpu: 0.5, memory: 1, privateIp: null });
    expect(g.id).to.match(/^cg-[a-z0-9]{8}$/);
    expect(enqueued).to.deep.equal([g.id]);
  });

  it("answers 409 pending_without_ip to deleting a pending group that has no IP yet", () => {
    const { service } = setup();
    const g = service.create("acc-1", spec);
    expect(codeOf(() => service.delete("acc-1", g.id))).to.equal("409 pending_without_ip");
  });

  it("deletes a pending group once it has an IP", () => {
    const { service, observe } = setup();
    const g = service.create("acc-1", spec);
    observe(g.id, { privateIp: "172.17.0.9" });
    expect(service.delete("acc-1", g.id).status).to.equal("deleting");
    expect(codeOf(() => service.delete("acc-1", g.id))).to.equal("409 invalid_state");
  });

  it("refuses an online update before the sandbox exists and after the group has ended", () => {
    const { service, observe } = setup();
    const g = service.create("acc-1", spec);
    expect(codeOf(() => service.update("acc-1", g.id, { ...spec, description: "x" }))).to.equal("409 invalid_state");
    observe(g.id, { phase: "succeeded", privateIp: "172.17.0.9" });
    expect(codeOf(() => service.update("acc-1", g.id, spec))).to.equal("409 invalid_state");
  });

  it("counts quotas per account and per family of host types", () => {
    const { service } = setup();
    service.create("acc-1", spec);
    service.create("acc-1", { ...spec, hostType: "performance" });
    expect(codeOf(() => service.create("acc-1", spec))).to.equal("403 quota_exceeded");
    service.create("acc-1", { ...spec, hostType: "enterprise-e2" });
    expect(codeOf(() => service.create("acc-1", { ...spec, hostType: "super-high-performance" }))).to.equal("403 quota_exceeded");
    expect(service.create("acc-2", spec).status).to.equal("pending");
  });

  it("hides other accounts' groups behind 404", () => {
    const { service } = setup();
    const g = service.create("acc-1", spec);
    expect(codeOf(() => service.get("acc-2", g.id))).to.equal("404 not_found");
    expect(codeOf(() => service.delete("acc-2", g.id))).to.equal("404 not_found");
    expect(service.list("acc-2", {}).total).to.equal(0);
  });
});
