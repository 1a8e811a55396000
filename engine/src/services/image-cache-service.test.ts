import { expect } from "chai";
import { EngineError } from "../errors";
import { codeOf } from "../../../test/helpers/error-code";
import { DEFAULT_PRICES } from "../billing/prices";
import { SqliteStore } from "../store/sqlite-store";
import { BillingService } from "./billing-service";
import { ImageCacheService } from "./image-cache-service";

function setup(imageCaches = 2) {
  const store = new SqliteStore(":memory:");
  store.createAccount("acc-1", "one", "hash-1");
  store.createAccount("acc-2", "two", "hash-2");
  const clock = { now: () => Date.parse("2026-01-01T00:00:00Z") };
  const service = new ImageCacheService(store, { enqueue: () => {}, interrupt: () => {} }, clock, () => ({ standardGroups: 10, premiumGroups: 10, imageCaches }), new BillingService(store, clock, DEFAULT_PRICES));
  return { store, service };
}

const spec = { name: "base", images: ["registry.example.com/team/app:1"] };


describe("ImageCacheService", () => {
  it("creates a cache in creating with the defaults filled", () => {
    const cache = setup().service.create("acc-1", spec);
    expect(cache).to.include({ status: "creating", sizeGB: 20, description: "", usedBytes: 0 });
    expect(cache.id).to.match(/^ic-[a-z0-9]{8}$/);
  });

  it("refuses a cache beyond the account's quota with 403", () => {
    const { service } = setup(2);
    service.create("acc-1", spec);
    service.create("acc-1", spec);
    expect(codeOf(() => service.create("acc-1", spec))).to.equal("403 quota_exceeded");
    expect(service.create("acc-2", spec).status).to.equal("creating");
  });

  it("refuses a 21st image, a duplicate image, a size out of range and an unknown credential", () => {
    const { service } = setup();
    const issues = (body: unknown) => {
      try {
        service.create("acc-1", body);
      } catch (err) {
        return ((err as EngineError).details as Array<{ path: string; rule: string }>).map((i) => `${i.path} ${i.rule}`);
      }
      return [];
    };
    expect(issues({ ...spec, images: Array.from({ length: 21 }, (_, i) => `a/b:${i}`) })).to.deep.equal(["images max:20"]);
    expect(issues({ ...spec, images: ["a/b:1", "a/b:1"] })).to.deep.equal(["images[1] unique"]);
    expect(issues({ ...spec, sizeGB: 10 })).to.deep.equal(["sizeGB min:20"]);
    expect(issues({ ...spec, registryCredentialIds: ["rc-00000000"] })).to.deep.equal(["registryCredentialIds[0] exists"]);
  });

  it("says whether a group's imageCacheId names a cache of the account", () => {
    const { service } = setup();
    const cache = service.create("acc-1", spec);
    expect(service.checkReference("acc-1", cache.id)).to.deep.equal([]);
    expect(service.checkReference("acc-2", cache.id)[0]).to.include({ path: "imageCacheId", rule: "exists" });
  });
});
