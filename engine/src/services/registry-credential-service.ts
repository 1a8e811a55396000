import { type RegistryCredential, RegistryCredentialSpecSchema, validate } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError } from "../errors";
import type { ContainerRuntime, RegistryAuth } from "../runtime/container-runtime";
import { classifyPullError } from "../runtime/pull-errors";
import type { SecretBox } from "../secrets/secret-box";
import type { CredentialRecord } from "../store/credential-store";
import type { Store } from "../store/store";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * Registry credentials: server, username and a write-only password, sealed at rest. Groups refer to
 * them by id, so rotating a password is one update, used by every later pull.
 */
export class RegistryCredentialService {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
  ) {}

  async create(accountId: string, body: unknown): Promise<RegistryCredential> {
    const spec = await this.parse(body);
    const now = isoTime(this.clock.now());
    const record: CredentialRecord = {
      id: newId("rc"),
      accountId,
      name: spec.name ?? spec.server,
      server: spec.server,
      username: spec.username,
      sealedPassword: this.box.seal(spec.password),
      passwordUpdatedAt: now,
      version: FIRST_VERSION,
      createdAt: now,
      updatedAt: now,
    };
    this.store.credentials.insert(record);
    return toCredential(record);
  }

  list(accountId: string): { items: RegistryCredential[]; total: number } {
    const items = this.store.credentials.list(accountId).map(toCredential);
    return { items, total: items.length };
  }

  get(accountId: string, id: string): RegistryCredential {
    return toCredential(this.find(accountId, id));
  }

  /**
   * Replaces server, username and password (a rotation); later pulls use the new values. With `ifMatch`,
   * the store writes only if no other write came while the login was being verified.
   */
  async update(accountId: string, id: string, body: unknown, ifMatch?: number): Promise<RegistryCredential> {
    const current = this.find(accountId, id);
    checkVersion(`Registry credential ${id}`, ifMatch, current.version);
    const spec = await this.parse(body);
    const now = isoTime(this.clock.now());
    const passwordChanged = this.box.open(current.sealedPassword) !== spec.password;
    const fields = {
      name: spec.name ?? spec.server,
      server: spec.server,
      username: spec.username,
      sealedPassword: this.box.seal(spec.password),
      passwordUpdatedAt: passwordChanged ? now : current.passwordUpdatedAt,
      updatedAt: now,
    };
    ensureWritten(this.store.credentials.replace(id, fields, ifMatch), `Registry credential ${id}`, ifMatch, () => this.store.credentials.get(id));
    return this.get(accountId, id);
  }

  delete(accountId: string, id: string, ifMatch?: number): void {
    checkVersion(`Registry credential ${id}`, ifMatch, this.find(accountId, id).version);
    const users = this.store
      .listGroups(accountId)
      .filter((g) => g.spec.containers.some((c) => c.registryCredentialId === id))
      .map((g) => g.id);
    if (users.length > 0) throw new EngineError("in_use", `Registry credential ${id} is used by container groups ${users.join(", ")}; change or delete them first`, { groups: users });
    ensureWritten(this.store.credentials.markDeleted(id, isoTime(this.clock.now()), ifMatch), `Registry credential ${id}`, ifMatch, () => this.store.credentials.get(id));
  }

  /** The credential for the reconciler's pulls, password opened; undefined when it no longer exists. */
  resolve(id: string): RegistryAuth | undefined {
    const record = this.store.credentials.get(id);
    return record && { serveraddress: record.server, username: record.username, password: this.box.open(record.sealedPassword) };
  }

  /** The credential's server, if the account has it (for validating a group that refers to it). */
  serverOf(accountId: string, id: string): string | undefined {
    const record = this.store.credentials.get(id);
    return record && record.accountId === accountId ? record.server : undefined;
  }

  private async parse(body: unknown) {
    const result = validate(RegistryCredentialSpecSchema, body);
    if (!result.ok) throw EngineError.validation(result.issues);
    const spec = result.value;
    if (spec.verify) {
      try {
        await this.runtime.checkAuth({ serveraddress: spec.server, username: spec.username, password: spec.password });
      } catch (err) {
        const kind = classifyPullError(err);
        const why = kind === "unauthorized" ? "the registry refused the username and password" : `the registry could not be reached (${kind})`;
        throw EngineError.validation([{ path: "password", rule: "registry_login", message: `login to ${spec.server} as ${spec.username} failed: ${why}` }]);
      }
    }
    return spec;
  }

  private find(accountId: string, id: string): CredentialRecord {
    const record = this.store.credentials.get(id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("Registry credential", id);
    return record;
  }
}

// Credentials are never billed.
function toCredential(r: CredentialRecord): RegistryCredential {
  return { id: r.id, name: r.name, server: r.server, username: r.username, passwordUpdatedAt: r.passwordUpdatedAt, hourlyPrice: 0, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt };
}
