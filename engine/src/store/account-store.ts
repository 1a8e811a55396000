import type { Quotas } from "../config";

export interface AccountRecord {
  id: string;
  name: string;
  /** The operator's limits for this account; a quota left out takes the engine's default. */
  quotas: Partial<Quotas>;
  createdAt: string;
}

export interface AccessKeyRecord {
  id: string;
  accountId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Accounts and their access keys; a key is kept only as its hash. */
export interface AccountStore {
  /** Creates the account with its first key. */
  create(account: { id: string; name: string }, key: { id: string; name: string; hash: string }): void;
  count(): number;
  list(): AccountRecord[];
  get(id: string): AccountRecord | undefined;
  findByName(name: string): AccountRecord | undefined;
  setQuotas(id: string, quotas: Partial<Quotas>): void;
  addKey(accountId: string, key: { id: string; name: string; hash: string }): AccessKeyRecord;
  listKeys(accountId: string): AccessKeyRecord[];
  findKeyByHash(hash: string): AccessKeyRecord | undefined;
  /** Deletes the account's key unless it is the last one; says which of the two happened, or that there is no such key. */
  deleteKey(accountId: string, keyId: string): "deleted" | "last" | "missing";
  touchKey(id: string, at: string): void;
}
