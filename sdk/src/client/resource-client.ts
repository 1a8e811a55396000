import type { z } from "zod";
import { listSchema } from "../schemas/common";
import { type HttpClient, writeHeaders } from "./http-client";

/** Options of a write (`update`, `delete`) of one resource. */
export interface WriteOptions {
  /**
   * The `version` the caller read (SPEC §7 "Versions"): the engine applies the write only while the
   * resource still has it, and otherwise rejects with `version_conflict` (409, `details: {expected,
   * current}`), so a change made by someone else since is never silently overwritten. Without it the
   * write applies whatever the version.
   */
  ifMatch?: number;
}

/**
 * The client of a resource that is ready as soon as the engine answers (disks, credentials, EIPs,
 * VPCs, vxnets, security groups): create, list, get, update (the whole spec, `PUT`) and delete.
 */
export class ResourceClient<SpecInput, Resource> {
  private readonly listSchema;

  constructor(
    private readonly http: HttpClient,
    /** Such as `/v1/disks`. */
    private readonly base: string,
    private readonly schema: z.ZodType<Resource>,
  ) {
    this.listSchema = listSchema(schema);
  }

  async create(spec: SpecInput): Promise<Resource> {
    return (await this.http.request("post", this.base, { body: spec, schema: this.schema })).data;
  }

  async list(): Promise<{ items: Resource[]; total: number }> {
    return (await this.http.request("get", this.base, { schema: this.listSchema })).data;
  }

  async get(id: string): Promise<Resource> {
    return (await this.http.request("get", this.path(id), { schema: this.schema })).data;
  }

  /** Replaces the spec. A field that cannot change answers `immutable_field`; a stale `ifMatch`, `version_conflict`. */
  async update(id: string, spec: SpecInput, options: WriteOptions = {}): Promise<Resource> {
    return (await this.http.request("put", this.path(id), { body: spec, schema: this.schema, headers: writeHeaders(options) })).data;
  }

  /** Refused with `in_use` while another resource refers to this one; with a stale `ifMatch`, `version_conflict`. */
  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    await this.http.request("delete", this.path(id), { headers: writeHeaders(options) });
  }

  private path(id: string): string {
    return `${this.base}/${encodeURIComponent(id)}`;
  }
}
