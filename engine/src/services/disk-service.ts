import { DISK_TYPES_BY_HOST, type Disk, DiskSpecSchema, type HostType, type ValidationIssue, type Volume } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { diskVolumeName } from "../runtime/object-names";
import type { DiskRecord } from "../store/disk-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import { DeletionsInFlight } from "./deletions-in-flight";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * Disks (SPEC §4): a Docker volume each, created with the disk and removed with it. A disk is attached
 * to the one group whose spec names it, for as long as that group exists; its data outlives groups.
 * Docker's local volume driver has no quota, so `sizeGB` is recorded, not enforced.
 */
export class DiskService {
  private readonly deleting = new DeletionsInFlight();

  constructor(
    private readonly store: Store,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly metering: Metering,
  ) {}

  async create(accountId: string, body: unknown): Promise<Disk> {
    const spec = parseBody(DiskSpecSchema, body);
    const now = isoTime(this.clock.now());
    const record: DiskRecord = { id: newId("vol"), accountId, spec, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    await this.runtime.createVolume(diskVolumeName(record.id), { "eci.disk": record.id });
    this.store.disks.insert(record);
    this.metering.record("disk", record.id);
    return this.view(record);
  }

  list(accountId: string): { items: Disk[]; total: number } {
    const items = this.store.disks.list(accountId).map((d) => this.view(d));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): Disk {
    return this.view(this.find(accountId, id));
  }

  /** Renames, re-describes or grows the disk; its type cannot change and its size cannot shrink. `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): Disk {
    const current = this.find(accountId, id);
    checkVersion(`Disk ${id}`, ifMatch, current.version);
    this.deleting.check(`Disk ${id}`, id, "a change");
    const spec = parseBody(DiskSpecSchema, body);
    if (spec.type !== current.spec.type) {
      throw new EngineError("immutable_field", `type of a disk cannot change (${current.spec.type} → ${spec.type}); create a new disk instead`, [
        { path: "type", rule: "immutable", value: spec.type, message: `is ${current.spec.type} and cannot change` },
      ]);
    }
    if (spec.sizeGB < current.spec.sizeGB) {
      throw EngineError.validation([{ path: "sizeGB", rule: `min:${current.spec.sizeGB}`, value: spec.sizeGB, message: `a disk can grow but not shrink; it has ${current.spec.sizeGB} GB` }]);
    }
    ensureWritten(this.store.disks.replaceSpec(id, spec, isoTime(this.clock.now()), ifMatch), `Disk ${id}`, ifMatch, () => this.store.disks.get(id));
    this.metering.record("disk", id);
    return this.get(accountId, id);
  }

  /** Refused while a group's spec names the disk: its data would be lost under a running container. */
  async delete(accountId: string, id: string, ifMatch?: number): Promise<void> {
    checkVersion(`Disk ${id}`, ifMatch, this.find(accountId, id).version);
    this.deleting.check(`Disk ${id}`, id, "deleting it");
    const group = this.attachedTo(accountId, id);
    if (group) throw new EngineError("in_use", `Disk ${id} is attached to container group ${group}; delete the group or remove the volume from it first`, { groups: [group] });
    await this.deleting.run(id, async () => {
      await this.runtime.removeVolume(diskVolumeName(id));
      this.store.disks.markDeleted(id, isoTime(this.clock.now()));
    });
    this.metering.record("disk", id);
  }

  /** The group whose spec names the disk, if any (a group being deleted holds it until it is gone). */
  attachedTo(accountId: string, diskId: string): string | undefined {
    return this.store.listGroups(accountId).find((g) => g.spec.volumes?.some((v) => v.disk?.diskId === diskId))?.id;
  }

  /** What a group spec's disk volumes break: a disk the account lacks, or a type its host type cannot mount (422). */
  checkVolumes(accountId: string, hostType: HostType, volumes: Volume[]): ValidationIssue[] {
    return volumes.flatMap((v, i) => {
      if (!v.disk) return [];
      const path = `volumes[${i}].disk.diskId`;
      const disk = this.store.disks.get(v.disk.diskId);
      if (!disk || disk.accountId !== accountId) return [{ path, rule: "exists", value: v.disk.diskId, message: "no such disk" }];
      const mountable = DISK_TYPES_BY_HOST[hostType];
      if (mountable.includes(disk.spec.type)) return [];
      return [{ path, rule: "disk_type", value: v.disk.diskId, message: `a ${hostType} group can mount ${mountable.join(", ")} disks, not this ${disk.spec.type} disk` }];
    });
  }

  /** Refuses (409) a spec naming a disk that another group holds. */
  checkAttachable(accountId: string, volumes: Volume[], groupId?: string): void {
    for (const v of volumes) {
      if (!v.disk) continue;
      const holder = this.attachedTo(accountId, v.disk.diskId);
      if (holder && holder !== groupId) throw new EngineError("in_use", `Disk ${v.disk.diskId} is attached to container group ${holder}; a disk is attached to one group at a time`, { groups: [holder] });
    }
  }

  private view(d: DiskRecord): Disk {
    const attachedTo = this.attachedTo(d.accountId, d.id) ?? null;
    return { id: d.id, ...d.spec, status: attachedTo ? "in-use" : "available", attachedTo, hourlyPrice: this.metering.hourlyPrice(d.id), version: d.version, createdAt: d.createdAt, updatedAt: d.updatedAt };
  }

  private find(accountId: string, id: string): DiskRecord {
    const record = this.store.disks.get(id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("Disk", id);
    return record;
  }
}
