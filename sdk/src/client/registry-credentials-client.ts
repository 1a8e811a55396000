import { type RegistryCredential, RegistryCredentialListSchema, RegistryCredentialSchema, type RegistryCredentialSpecInput } from "../schemas/registry-credential";
import type { HttpClient } from "./http-client";

/** `/v1/registry-credentials`. Passwords go in and never come back. */
export class RegistryCredentialsClient {
  constructor(private readonly http: HttpClient) {}

  async create(spec: RegistryCredentialSpecInput): Promise<RegistryCredential> {
    return (await this.http.request("post", "/v1/registry-credentials", { body: spec, schema: RegistryCredentialSchema })).data;
  }

  async list(): Promise<{ items: RegistryCredential[]; total: number }> {
    return (await this.http.request("get", "/v1/registry-credentials", { schema: RegistryCredentialListSchema })).data;
  }

  async get(id: string): Promise<RegistryCredential> {
    return (await this.http.request("get", `/v1/registry-credentials/${encodeURIComponent(id)}`, { schema: RegistryCredentialSchema })).data;
  }

  /** Replaces server, username and password (a rotation): later pulls use the new values. */
  async update(id: string, spec: RegistryCredentialSpecInput): Promise<RegistryCredential> {
    return (await this.http.request("put", `/v1/registry-credentials/${encodeURIComponent(id)}`, { body: spec, schema: RegistryCredentialSchema })).data;
  }

  /** Refused with `in_use` while a container group refers to the credential. */
  async delete(id: string): Promise<void> {
    await this.http.request("delete", `/v1/registry-credentials/${encodeURIComponent(id)}`);
  }
}
