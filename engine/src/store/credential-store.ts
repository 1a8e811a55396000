export interface CredentialRecord {
  id: string;
  accountId: string;
  name: string;
  server: string;
  username: string;
  /** The password as `SecretBox` sealed it; never the plain text. */
  sealedPassword: string;
  passwordUpdatedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** Registry credentials, kept apart from groups: the only place a (sealed) password lives. */
export interface CredentialStore {
  insert(record: CredentialRecord): void;
  /** A credential that is not deleted, of any account. */
  get(id: string): CredentialRecord | undefined;
  list(accountId: string): CredentialRecord[];
  replace(id: string, fields: Pick<CredentialRecord, "name" | "server" | "username" | "sealedPassword" | "passwordUpdatedAt" | "updatedAt">): void;
  markDeleted(id: string, at: string): void;
}
