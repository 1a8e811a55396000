import { expect } from "chai";
import type { ContainerGroupSpecInput } from "@eci/sdk";
import { codeOf } from "../../../test/helpers/error-code";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { DEFAULT_PRICES } from "../billing/prices";
import { SqliteStore } from "../store/sqlite-store";
import type { ObservedGroup } from "../store/store";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SecretBox } from "../secrets/secret-box";
import { BillingService } from "./billing-service";
import { ContainerGroupService } from "./container-group-service";
import { newId } from "./ids";

const spec: ContainerGroupSpecInput = { name: "g", containers: [{ name: "app", image: "local/app:1" }] };

const boxDir = mkdtempSync(path.join(os.tmpdir(), "eci-box-"));

function setup() {
  const store = new SqliteStore(":memory:");
  store.createAccount("acc-1", "one", "hash-1");
  store.createAccount("acc-2", "two", "hash-2");
  const enqueued: string[] = [];
  const clock = { now: () => Date.parse("2026-01-01T00:00:00Z") };
  const box = SecretBox.open(path.join(boxDir, "secret.key"));
  const service = new ContainerGroupService(
    store,
    { enqueue: (id) => enqueued.push(id), interrupt: () => {}, newGroupId: () => newId("cg") },
    {} as ContainerRuntime,
    clock,
    () => ({ standardGroups: 2, premiumGroups: 1, imageCaches: 20 }),
    { credentials: { serverOf: () => undefined }, caches: { checkReference: () => [] }, disks: { checkVolumes: () => [], checkAttachable: () => {} }, placement: { place: () => null } },
    new BillingService(store, clock, DEFAULT_PRICES),
    box,
  );
  const observe = (id: string, patch: Partial<ObservedGroup>) => store.saveObserved(id, { ...store.getGroup(id)!.observed, ...patch });
  return { store, service, enqueued, observe, box };
}


describe("ContainerGroupService", () => {
  after(() => rmSync(boxDir, { recursive: true, force: true }));

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

  it("stores secureEnv values sealed, and answers with their names only", () => {
    const { service, store, box } = setup();
    const secret = "hunter2-db-password";
    const g = service.create("acc-1", { ...spec, containers: [{ name: "app", image: "local/app:1", env: { MODE: "prod" }, secureEnv: { DB_PASSWORD: secret, API_TOKEN: "t0ken-value" } }] });
    expect(g.containers[0]).to.deep.include({ env: { MODE: "prod" }, secureEnvNames: ["API_TOKEN", "DB_PASSWORD"] });
    expect(g.containers[0]).to.not.have.property("secureEnv");
    for (const answer of [g, service.get("acc-1", g.id), service.list("acc-1", {}), service.events("acc-1", g.id)]) {
      expect(JSON.stringify(answer)).to.not.contain(secret).and.not.contain("t0ken-value");
    }
    const stored = store.getGroup(g.id)?.spec.containers[0].secureEnv ?? {};
    expect(JSON.stringify(stored)).to.not.contain(secret);
    expect(box.open(stored.DB_PASSWORD)).to.equal(secret);
    // A container without secureEnv answers an empty list.
    expect(service.create("acc-1", spec).containers[0].secureEnvNames).to.deep.equal([]);
  });

  it("keeps an unchanged secureEnv value's sealed text, so sending the same spec again changes nothing at runtime", () => {
    const { service, store, observe } = setup();
    const withSecrets = (token: string) => ({ ...spec, containers: [{ name: "app", image: "local/app:1", secureEnv: { DB_PASSWORD: "same-value", API_TOKEN: token } }] });
    const g = service.create("acc-1", withSecrets("first-token"));
    observe(g.id, { phase: "running", privateIp: "172.17.0.9" });
    const sealed = () => ({ ...store.getGroup(g.id)?.spec.containers[0].secureEnv });
    const before = sealed();
    const same = service.update("acc-1", g.id, withSecrets("first-token"));
    expect(same.accepted).to.equal(false);
    expect(same.group.status).to.equal("running");
    expect(sealed()).to.deep.equal(before);
    const changed = service.update("acc-1", g.id, withSecrets("second-token"));
    expect(changed.accepted).to.equal(true);
    expect(changed.group.status).to.equal("updating");
    expect(sealed().DB_PASSWORD).to.equal(before.DB_PASSWORD);
    expect(sealed().API_TOKEN).to.not.equal(before.API_TOKEN);
  });

  it("hides other accounts' groups behind 404", () => {
    const { service } = setup();
    const g = service.create("acc-1", spec);
    expect(codeOf(() => service.get("acc-2", g.id))).to.equal("404 not_found");
    expect(codeOf(() => service.delete("acc-2", g.id))).to.equal("404 not_found");
    expect(service.list("acc-2", {}).total).to.equal(0);
  });
});
