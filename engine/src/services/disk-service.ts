import { DISK_TYPES_BY_HOST, type Disk, type DiskSpec, DiskSpecSchema, type HostType, type ValidationIssue, type Volume } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { Logger } from "../logger";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { type DiskBacking, DiskBackingError } from "../runtime/disk-backing";
import { diskVolumeName } from "../runtime/object-names";
import type { DiskRecord } from "../store/disk-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import { DeletionsInFlight } from "./deletions-in-flight";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * Disks (SPEC §4): storage of the disk's size (`DiskBacking`) and a Docker volume on it, created with
 * the disk and removed with it. A disk is attached to the one group whose spec names it, for as long as
 * that group exists; its data outlives groups and restarts of the engine and of the host.
 */
export class DiskService {
  private readonly deleting = new DeletionsInFlight();
  /** The change of each disk under way, which the next one waits for. */
  private readonly changes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly metering: Metering,
    private readonly backing: DiskBacking,
    private readonly logger: Logger,
  ) {}

  async create(accountId: string, body: unknown): Promise<Disk> {
    const spec = parseBody(DiskSpecSchema, body);
    const now = isoTime(this.clock.now());
    const record: DiskRecord = { id: newId("vol"), accountId, spec, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    const options = await backed(() => this.backing.create(record.id, spec.sizeGB));
    try {
      await this.runtime.createVolume(diskVolumeName(record.id), { "eci.disk": record.id }, options);
    } catch (err) {
      await this.backing.remove(record.id);
      throw err;
    }
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

  /**
   * Renames, re-describes or grows the disk; its type cannot change and its size cannot shrink. The
   * storage grows before the new size is recorded. `ifMatch`: see `ContainerGroupService.update`.
   */
  async update(accountId: string, id: string, body: unknown, ifMatch?: number): Promise<Disk> {
    checkVersion(`Disk ${id}`, ifMatch, this.find(accountId, id).version);
    this.deleting.check(`Disk ${id}`, id, "a change");
    const spec = parseBody(DiskSpecSchema, body);
    // Growing takes a while: changes of one disk are applied one at a time, each checked against the one before.
    return this.oneAtATime(id, async () => this.apply(accountId, id, spec, ifMatch));
  }

  private async apply(accountId: string, id: string, spec: DiskSpec, ifMatch?: number): Promise<Disk> {
    const current = this.find(accountId, id);
    checkVersion(`Disk ${id}`, ifMatch, current.version);
    if (spec.type !== current.spec.type) {
      throw new EngineError("immutable_field", `type of a disk cannot change (${current.spec.type} → ${spec.type}); create a new disk instead`, [
        { path: "type", rule: "immutable", value: spec.type, message: `is ${current.spec.type} and cannot change` },
      ]);
    }
    if (spec.sizeGB < current.spec.sizeGB) {
      throw EngineError.validation([{ path: "sizeGB", rule: `min:${current.spec.sizeGB}`, value: spec.sizeGB, message: `a disk can grow but not shrink; it has ${current.spec.sizeGB} GB` }]);
    }
    if (spec.sizeGB > current.spec.sizeGB) await backed(() => this.backing.grow(id, spec.sizeGB, this.attachedTo(accountId, id) !== undefined));
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
    await this.deleting.run(id, () =>
      this.oneAtATime(id, async () => {
        await this.runtime.removeVolume(diskVolumeName(id));
        await this.backing.remove(id);
        this.store.disks.markDeleted(id, isoTime(this.clock.now()));
      }),
    );
    this.metering.record("disk", id);
  }

  /**
   * At the engine's start, before groups are reconciled: each disk's storage is made usable again (after
   * a reboot its loop device is gone), and its volume made again if it went missing while its data did not.
   * A disk with neither storage nor volume left is one whose deletion the engine died in, after both were
   * removed: the deletion is finished, since nothing of the disk is left to keep.
   */
  async restore(): Promise<void> {
    // Storage, and the volume, of a disk the store does not know: a create the engine died in before it stored the disk.
    const known = new Set(this.store.disks.list().map((d) => d.id));
    for (const id of this.backing.list().filter((each) => !known.has(each))) {
      this.logger.info({ diskId: id }, "Removing the storage of a disk whose creation did not finish");
      await this.runtime.removeVolume(diskVolumeName(id));
      await this.backing.remove(id);
    }
    const plain: string[] = [];
    for (const disk of this.store.disks.list()) {
      try {
        const options = await this.backing.restore(disk.id);
        const volume = diskVolumeName(disk.id);
        const hasVolume = (await this.runtime.volumeMountpoint(volume)) !== undefined;
        if (options && !hasVolume) await this.runtime.createVolume(volume, { "eci.disk": disk.id }, options);
        else if (!options && hasVolume) plain.push(disk.id);
        else if (!options) {
          this.logger.warn({ diskId: disk.id }, "Finishing the deletion of a disk whose storage and volume are gone (the engine stopped while deleting it)");
          this.store.disks.markDeleted(disk.id, isoTime(this.clock.now()));
          this.metering.record("disk", disk.id);
        }
      } catch (err) {
        this.logger.error({ diskId: disk.id, err: (err as Error).message }, "Failed to restore disk; groups mounting it wait for it");
      }
    }
    if (plain.length > 0) this.logger.warn({ diskIds: plain }, "Disks made before disk sizes were enforced are plain volumes: their sizeGB is not enforced");
  }

  /** When the engine stops: lets go of its hold on the disks (containers using one keep it). */
  async release(): Promise<void> {
    for (const disk of this.store.disks.list()) {
      await this.backing.release(disk.id).catch((err) => this.logger.warn({ diskId: disk.id, err: (err as Error).message }, "Failed to release disk"));
    }
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

  private oneAtATime<T>(id: string, change: () => Promise<T>): Promise<T> {
    const next = (this.changes.get(id) ?? Promise.resolve()).catch(() => {}).then(change);
    this.changes.set(id, next);
    const forget = () => {
      if (this.changes.get(id) === next) this.changes.delete(id);
    };
    next.then(forget, forget);
    return next;
  }

  private find(accountId: string, id: string): DiskRecord {
    const record = this.store.disks.get(id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("Disk", id);
    return record;
  }
}

/** Runs a change of a disk's storage; what the host refuses becomes the API's error. */
async function backed<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!(err instanceof DiskBackingError)) throw err;
    throw new EngineError(err.kind === "busy" ? "in_use" : "runtime_unavailable", err.message);
  }
}
