import type { z } from "zod";
import { listSchema } from "../schemas/common";
import type { HttpClient } from "./http-client";

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

  /** Replaces the spec. A field that cannot change answers `immutable_field`. */
  async update(id: string, spec: SpecInput): Promise<Resource> {
    return (await this.http.request("put", this.path(id), { body: spec, schema: this.schema })).data;
  }

  /** Refused with `in_use` while another resource refers to this one. */
  async delete(id: string): Promise<void> {
    await this.http.request("delete", this.path(id));
  }

  private path(id: string): string {
    return `${this.base}/${encodeURIComponent(id)}`;
  }
}
