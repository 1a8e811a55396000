import { type AccessKey, AccessKeyListSchema, type AccessKeySpecInput, type CreatedAccessKey, CreatedAccessKeySchema } from "../schemas/account";
import type { HttpClient } from "./http-client";

/**
 * `/v1/access-keys`: the caller's account's keys. Rotate without downtime: create a key, move every
 * client to it, then delete the old one (the last key of an account cannot be deleted).
 */
export class AccessKeysClient {
  constructor(private readonly http: HttpClient) {}

  /** A new key; its `secret` is in this answer only. */
  async create(spec: AccessKeySpecInput = {}): Promise<CreatedAccessKey> {
    return (await this.http.request("post", "/v1/access-keys", { body: spec, schema: CreatedAccessKeySchema })).data;
  }

  async list(): Promise<AccessKey[]> {
    return (await this.http.request("get", "/v1/access-keys", { schema: AccessKeyListSchema })).data.items;
  }

  async delete(id: string): Promise<void> {
    await this.http.request("delete", `/v1/access-keys/${encodeURIComponent(id)}`);
  }
}
