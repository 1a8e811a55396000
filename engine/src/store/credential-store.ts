export interface CredentialRecord {
  id: string;
  accountId: string;
  name: string;
  server: string;
  username: string;
  /** The password as `SecretBox` sealed it; never the plain text. */
  sealedPassword: string;
  passwordUpdatedAt: string;
  /** Grows by one with each accepted spec (SPEC §7 "Versions"); 1 when created. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Registry credentials, kept apart from groups: the only place a (sealed) password lives. Writes given
 * an `expectedVersion` compare and write at once, and return whether they wrote (see `Store`).
 */
export interface CredentialStore {
  insert(record: CredentialRecord): void;
  /** A credential that is not deleted, of any account. */
  get(id: string): CredentialRecord | undefined;
  list(accountId: string): CredentialRecord[];
  /** Bumps the version. */
  replace(id: string, fields: Pick<CredentialRecord, "name" | "server" | "username" | "sealedPassword" | "passwordUpdatedAt" | "updatedAt">, expectedVersion?: number): boolean;
  markDeleted(id: string, at: string, expectedVersion?: number): boolean;
}
