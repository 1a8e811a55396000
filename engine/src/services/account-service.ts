import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AccessKeySpecSchema, type AccessKey, type CreatedAccessKey, QUOTA_NAMES, type QuotaName, type QuotaReport } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import type { Quotas } from "../config";
import { EngineError, parseBody } from "../errors";
import type { Logger } from "../logger";
import type { AccessKeyRecord, AccountRecord } from "../store/account-store";
import type { Store } from "../store/store";
import { newId } from "./ids";
import { quotaUsage } from "./quota-usage";

/** How often a key's `lastUsedAt` is written: a minute is precise enough to tell a live key from a stale one. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Account names: what the operator types (`eci-engine accounts create team-a`). */
const ACCOUNT_NAME = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

/**
 * Accounts, their access keys and their quotas (SPEC §5, §7). Keys are random and long, so a SHA-256
 * of each is what the store keeps and what a request's key is looked up by; the key itself is shown
 * once, when it is made.
 */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly defaults: Quotas,
    private readonly clock: Clock,
  ) {}

  /** On first start, creates the account and its key and writes the key to `<dataDir>/access-key` (mode 600). */
  ensureFirstAccount(dataDir: string): void {
    const keyFile = path.join(dataDir, "access-key");
    if (this.store.accounts.count() > 0) {
      if (!existsSync(keyFile)) this.logger.warn({ keyFile }, "The access key file is missing; the account's key cannot be recovered from the store");
      return;
    }
    const { key } = this.createAccount("default");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    this.logger.info({ keyFile }, `Created the first account; its access key is in ${keyFile}`);
  }

  /** The account and key that `key` is, if any; notes when the key was used. */
  authenticate(key: string): { accountId: string; keyId: string } | undefined {
    const found = this.store.accounts.findKeyByHash(hashKey(key));
    if (!found) return undefined;
    const now = this.clock.now();
    if (!found.lastUsedAt || now - Date.parse(found.lastUsedAt) >= LAST_USED_RESOLUTION_MS) this.store.accounts.touchKey(found.id, isoTime(now));
    return { accountId: found.accountId, keyId: found.id };
  }

  /** The operator's `accounts create NAME`: a new account and its first key, which is returned only here. */
  createAccount(name: string): { account: AccountRecord; key: string } {
    if (!ACCOUNT_NAME.test(name)) throw new Error(`Invalid account name ${JSON.stringify(name)}: use 1–63 lowercase letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
    if (this.store.accounts.findByName(name)) throw new Error(`An account named ${name} already exists`);
    const key = newKey();
    const id = newId("acc");
    this.store.accounts.create({ id, name }, { id: newId("ak"), name: "initial", hash: hashKey(key) });
    return { account: this.store.accounts.get(id) as AccountRecord, key };
  }

  listAccounts(): Array<AccountRecord & { limits: Quotas; keys: number }> {
    return this.store.accounts.list().map((a) => ({ ...a, limits: this.limits(a.id), keys: this.store.accounts.listKeys(a.id).length }));
  }

  /** The operator's `accounts set-quota NAME KEY=N`. */
  setQuota(name: string, assignment: string): AccountRecord {
    const account = this.store.accounts.findByName(name);
    if (!account) throw new Error(`No account named ${name}`);
    const match = /^([A-Za-z]+)=(\d+)$/.exec(assignment);
    const quota = match?.[1] as QuotaName | undefined;
    if (!match || !quota || !QUOTA_NAMES.includes(quota)) throw new Error(`Invalid quota ${JSON.stringify(assignment)}: use NAME=N with NAME one of ${QUOTA_NAMES.join(", ")} and N a whole number`);
    this.store.accounts.setQuotas(account.id, { ...account.quotas, [quota]: Number(match[2]) });
    return this.store.accounts.get(account.id) as AccountRecord;
  }

  /** The account's limits: the operator's for this account, else the engine's defaults. */
  limits(accountId: string): Quotas {
    return { ...this.defaults, ...(this.store.accounts.get(accountId)?.quotas ?? {}) };
  }

  /** `GET /v1/quotas`: each quota's limit and what the account uses now. */
  quotas(accountId: string): QuotaReport {
    const limits = this.limits(accountId);
    const used = quotaUsage(this.store, accountId);
    return Object.fromEntries(QUOTA_NAMES.map((q) => [q, { limit: limits[q], used: used[q] }])) as QuotaReport;
  }

  /** `POST /v1/access-keys`: a new key of the caller's account, its secret shown this once. */
  createKey(accountId: string, body: unknown): CreatedAccessKey {
    const { name } = parseBody(AccessKeySpecSchema, body ?? {});
    const secret = newKey();
    const record = this.store.accounts.addKey(accountId, { id: newId("ak"), name, hash: hashKey(secret) });
    return { ...toAccessKey(record, undefined), secret };
  }

  /** The account's keys; `currentKeyId`, the key the request came with, is marked `current`. */
  listKeys(accountId: string, currentKeyId: string): { items: AccessKey[]; total: number } {
    const items = this.store.accounts.listKeys(accountId).map((k) => toAccessKey(k, currentKeyId));
    return { items, total: items.length };
  }

  /** Deletes a key of the caller's account; the last one stays, so the account is never locked out. */
  deleteKey(accountId: string, keyId: string): void {
    const outcome = this.store.accounts.deleteKey(accountId, keyId);
    if (outcome === "missing") throw EngineError.notFound("Access key", keyId);
    if (outcome === "last") throw new EngineError("last_access_key", `Access key ${keyId} is the account's last key; create another before deleting it`, { keyId });
  }
}

function newKey(): string {
  return `eci_${randomBytes(24).toString("base64url")}`;
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function toAccessKey(record: AccessKeyRecord, currentKeyId: string | undefined): AccessKey {
  return { id: record.id, name: record.name, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt, current: record.id === currentKeyId };
}
