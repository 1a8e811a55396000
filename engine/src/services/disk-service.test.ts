import { expect } from "chai";
import { DEFAULT_PRICES } from "../billing/prices";
import { EngineError } from "../errors";
import { silentLogger } from "../logger";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { type DiskBacking, DiskBackingError } from "../runtime/disk-backing";
import { SqliteStore } from "../store/sqlite-store";
import { BillingService } from "./billing-service";
import { DiskService } from "./disk-service";

/** Storage as a map of sizes; `refuse` makes the next change fail as the host would. */
class FakeBacking implements DiskBacking {
  readonly sizes = new Map<string, number>();
  readonly mounted = new Set<string>();
  refuse: DiskBackingError | undefined;

  async create(diskId: string, sizeGB: number) {
    if (this.refuse) throw this.refuse;
    this.sizes.set(diskId, sizeGB);
    this.mounted.add(diskId);
    return { type: "none", o: "bind", device: `/disks/${diskId}/data` };
  }
  async grow(diskId: string, sizeGB: number) {
    if (this.refuse) throw this.refuse;
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.sizes.set(diskId, Math.max(sizeGB, this.sizes.get(diskId) ?? 0));
  }
  async remove(diskId: string) {
    this.sizes.delete(diskId);
    this.mounted.delete(diskId);
  }
  async restore(diskId: string) {
    if (!this.sizes.has(diskId)) return undefined;
    this.mounted.add(diskId);
    return { type: "none", o: "bind", device: `/disks/${diskId}/data` };
  }
  async release(diskId: string) {
    this.mounted.delete(diskId);
  }
  list() {
    return [...this.sizes.keys()];
  }
}

function setup() {
  const store = new SqliteStore(":memory:");
  store.createAccount("acc-1", "one", "hash-1");
  const clock = { now: () => Date.parse("2026-01-01T00:00:00Z") };
  const volumes = new Map<string, Record<string, string> | undefined>();
  const runtime = {
    createVolume: async (name: string, _labels: Record<string, string>, options?: Record<string, string>) => void volumes.set(name, options),
    removeVolume: async (name: string) => void volumes.delete(name),
    // A bind volume's data is at its device; a plain volume's in Docker's own directory.
    volumeMountpoint: async (name: string) => (volumes.has(name) ? (volumes.get(name)?.device ?? `/var/lib/docker/volumes/${name}/_data`) : undefined),
  } as unknown as ContainerRuntime;
  const backing = new FakeBacking();
  const service = new DiskService(store, runtime, clock, new BillingService(store, clock, DEFAULT_PRICES), backing, silentLogger);
  return { service, backing, volumes };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EngineError) return `${err.statusCode} ${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error("expected an EngineError");
}

describe("DiskService", () => {
  it("creates the disk's volume on its storage, of the disk's size", async () => {
    const { service, backing, volumes } = setup();
    const disk = await service.create("acc-1", { name: "data", sizeGB: 40 });
    expect(backing.sizes.get(disk.id)).to.equal(40);
    expect(volumes.get(`eci-disk-${disk.id}`)).to.deep.equal({ type: "none", o: "bind", device: `/disks/${disk.id}/data` });
  });

  it("answers 503 runtime_unavailable, saying why, when the host cannot back disks, and keeps no disk", async () => {
    const { service, backing } = setup();
    backing.refuse = new DiskBackingError("unavailable", "Disks cannot be made on this host: a disk's size is enforced with an ext4 image on a loop device, and losetup -f failed");
    expect(await failure(service.create("acc-1", { name: "data" }))).to.equal(
      "503 runtime_unavailable: Disks cannot be made on this host: a disk's size is enforced with an ext4 image on a loop device, and losetup -f failed",
    );
    expect(service.list("acc-1").total).to.equal(0);
  });

  it("answers 409 in_use when the storage cannot grow now, and keeps the size", async () => {
    const { service, backing } = setup();
    const disk = await service.create("acc-1", { name: "data" });
    backing.refuse = new DiskBackingError("busy", `Disk ${disk.id} cannot grow while a group holds it`);
    expect(await failure(service.update("acc-1", disk.id, { name: "data", sizeGB: 30 }))).to.equal(`409 in_use: Disk ${disk.id} cannot grow while a group holds it`);
    expect(service.get("acc-1", disk.id).sizeGB).to.equal(20);
  });

  it("applies concurrent changes of a disk one at a time: a smaller size after a larger one is refused, never recorded", async () => {
    const { service, backing } = setup();
    const disk = await service.create("acc-1", { name: "data" });
    const results = await Promise.allSettled([service.update("acc-1", disk.id, { name: "data", sizeGB: 50 }), service.update("acc-1", disk.id, { name: "data", sizeGB: 30 })]);
    expect(results.map((r) => r.status)).to.deep.equal(["fulfilled", "rejected"]);
    expect([service.get("acc-1", disk.id).sizeGB, backing.sizes.get(disk.id)]).to.deep.equal([50, 50]);
  });

  it("removes the volume and the storage when the disk is deleted", async () => {
    const { service, backing, volumes } = setup();
    const disk = await service.create("acc-1", { name: "data" });
    await service.delete("acc-1", disk.id);
    expect([volumes.size, backing.sizes.size]).to.deep.equal([0, 0]);
  });

  it("at start, removes the storage and volume of a disk whose creation the engine died in, and keeps the others", async () => {
    const { service, backing, volumes } = setup();
    const kept = await service.create("acc-1", { name: "kept" });
    const options = await backing.create("vol-unstored", 20);
    volumes.set("eci-disk-vol-unstored", options);
    await service.restore();
    expect(backing.list()).to.deep.equal([kept.id]);
    expect([...volumes.keys()]).to.have.length(1);
    expect(volumes.has("eci-disk-vol-unstored")).to.equal(false);
  });

  it("at start, finishes deleting a disk whose deletion the engine died in after its storage and volume were removed", async () => {
    const { service, backing, volumes } = setup();
    const kept = await service.create("acc-1", { name: "kept" });
    const halfDeleted = await service.create("acc-1", { name: "half-deleted" });
    volumes.delete(`eci-disk-${halfDeleted.id}`);
    await backing.remove(halfDeleted.id);
    await service.restore();
    expect(service.list("acc-1").items.map((d) => d.name)).to.deep.equal(["kept"]);
    expect(volumes.has(`eci-disk-${kept.id}`)).to.equal(true);
  });

  it("keeps a disk made before sizes were enforced: a plain volume without storage", async () => {
    const { service, backing, volumes } = setup();
    const plain = await service.create("acc-1", { name: "plain" });
    await backing.remove(plain.id);
    volumes.set(`eci-disk-${plain.id}`, undefined);
    await service.restore();
    expect(service.list("acc-1").items.map((d) => d.name)).to.deep.equal(["plain"]);
  });

  it("at start, makes each disk's storage usable and its volume again if it went missing; at stop, lets go of it", async () => {
    const { service, backing, volumes } = setup();
    const disk = await service.create("acc-1", { name: "data" });
    volumes.clear();
    await service.release();
    expect(backing.mounted.has(disk.id)).to.equal(false);
    await service.restore();
    expect(backing.mounted.has(disk.id)).to.equal(true);
    expect(volumes.get(`eci-disk-${disk.id}`)?.device).to.equal(`/disks/${disk.id}/data`);
  });
});
