import { type Disk, DiskListSchema, DiskSchema, type DiskSpecInput } from "../schemas/disk";
import type { HttpClient } from "./http-client";

/** `/v1/disks`. A disk is ready at once; it is attached to the group whose spec names it. */
export class DisksClient {
  constructor(private readonly http: HttpClient) {}

  async create(spec: DiskSpecInput): Promise<Disk> {
    return (await this.http.request("post", "/v1/disks", { body: spec, schema: DiskSchema })).data;
  }

  async list(): Promise<{ items: Disk[]; total: number }> {
    return (await this.http.request("get", "/v1/disks", { schema: DiskListSchema })).data;
  }

  async get(id: string): Promise<Disk> {
    return (await this.http.request("get", `/v1/disks/${encodeURIComponent(id)}`, { schema: DiskSchema })).data;
  }

  /** Renames, re-describes or grows the disk; a new type answers `immutable_field`, a smaller size `validation_failed`. */
  async update(id: string, spec: DiskSpecInput): Promise<Disk> {
    return (await this.http.request("put", `/v1/disks/${encodeURIComponent(id)}`, { body: spec, schema: DiskSchema })).data;
  }

  /** Refused with `in_use` while a container group's spec names the disk. */
  async delete(id: string): Promise<void> {
    await this.http.request("delete", `/v1/disks/${encodeURIComponent(id)}`);
  }
}
