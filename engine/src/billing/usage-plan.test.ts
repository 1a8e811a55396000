import { expect } from "chai";
import { ContainerGroupSpecSchema } from "@eci/sdk";
import type { CacheRecord } from "../store/cache-store";
import type { GroupPhase, GroupRecord } from "../store/store";
import type { UsageInterval } from "../store/usage-store";
import { cacheAccrual, groupAccrual, planUsage } from "./usage-plan";

const AT = "2026-03-01T00:00:00.000Z";

function group(phase: GroupPhase, more: Partial<GroupRecord> = {}): GroupRecord {
  const spec = ContainerGroupSpecSchema.parse({ name: "web", hostType: "performance", containers: [{ name: "app", image: "a:1" }] });
  return {
    id: "cg-00000001",
    accountId: "acc-1",
    spec,
    cpu: 2,
    memory: 4,
    updateGeneration: 0,
    observedUpdateGeneration: 0,
    restartGeneration: 0,
    observedRestartGeneration: 0,
    deleteRequested: false,
    observed: { phase, statusReason: null, healthStatus: "checking", privateIp: null, ports: [], containers: {}, supervision: {}, startedOnce: phase !== "pending", failedAt: null },
    assignedIp: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    ...more,
  };
}

const SIZE = { cpu: 2, memory: 4, hostType: "performance" as const };
const open = (size: UsageInterval["size"] = SIZE, name = "web"): UsageInterval => ({ accountId: "acc-1", resourceId: "cg-00000001", kind: "container-group", name, size, startedAtS: 0, endedAtS: null });

describe("groupAccrual", () => {
  // [phase, already accruing, delete requested, accrues now]
  const table: Array<[GroupPhase, boolean, boolean, boolean]> = [
    ["pending", false, false, false], // never ran, or restarted after it failed or succeeded: nothing until it runs
    ["running", false, false, true], // first runs: opens
    ["running", true, false, true],
    ["pending", true, false, true], // pending again after running (a restart): keeps accruing
    ["failed", true, false, false], // failed: stops, and nothing accrues while failed
    ["failed", false, false, false],
    ["succeeded", true, false, false], // finished: stops
    ["running", true, true, false], // deletion asked: stops at once
    ["pending", true, true, false],
  ];
  for (const [phase, accruing, deleteRequested, accrues] of table) {
    it(`${accrues ? "accrues" : "accrues nothing"} for a ${phase} group that ${accruing ? "already accrues" : "does not accrue yet"}${deleteRequested ? ", being deleted" : ""}`, () => {
      const want = groupAccrual(group(phase, { deleteRequested }), accruing);
      expect(want).to.deep.equal(accrues ? { accountId: "acc-1", name: "web", size: SIZE } : null);
    });
  }

  it("accrues nothing for a group that is gone", () => {
    expect(groupAccrual(undefined, true)).to.equal(null);
  });
});

describe("cacheAccrual", () => {
  it("accrues on sizeGB while creating and available, until it fails or its deletion is asked for", () => {
    const cache = { id: "ic-00000001", accountId: "acc-1", spec: { name: "base", description: "", images: ["a:1"], registryCredentialIds: [], sizeGB: 40 }, status: "creating", deleteRequested: false } as unknown as CacheRecord;
    expect(cacheAccrual(cache)).to.deep.equal({ accountId: "acc-1", name: "base", size: { sizeGB: 40 } });
    expect(cacheAccrual({ ...cache, status: "available" })).to.deep.equal({ accountId: "acc-1", name: "base", size: { sizeGB: 40 } });
    expect(cacheAccrual({ ...cache, status: "failed" })).to.equal(null);
    expect(cacheAccrual({ ...cache, deleteRequested: true })).to.equal(null);
  });
});

describe("planUsage", () => {
  const want = (size = SIZE, name = "web") => ({ accountId: "acc-1", name, size });
  const table: Array<[string, UsageInterval | undefined, ReturnType<typeof want> | null, ReturnType<typeof planUsage>]> = [
    ["does nothing for a resource that neither accrues nor should", undefined, null, undefined],
    ["opens an interval for a resource that starts accruing", undefined, want(), { open: want() }],
    ["does nothing while the open interval matches", open(), want(), undefined],
    ["does nothing when sizes list their fields in another order", open({ hostType: "performance", memory: 4, cpu: 2 }), want(), undefined],
    ["closes the interval of a resource that stops accruing", open(), null, { close: true }],
    ["closes one interval and opens another on a new size", open(), want({ ...SIZE, memory: 8 }), { close: true, open: want({ ...SIZE, memory: 8 }) }],
    ["renames the open interval of a renamed resource", open(), want(SIZE, "www"), { rename: "www" }],
  ];
  for (const [behaviour, current, wanted, change] of table) {
    it(behaviour, () => expect(planUsage(current, wanted)).to.deep.equal(change));
  }
});
