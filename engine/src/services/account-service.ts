import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../logger";
import type { Store } from "../store/store";
import { newId } from "./ids";

/** Accounts and their access keys. Only a hash of each key is stored; the key itself is written once, to a file. */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** On first start, creates the account and its key and writes the key to `<dataDir>/access-key` (mode 600). */
  ensureFirstAccount(dataDir: string): void {
    const keyFile = path.join(dataDir, "access-key");
    if (this.store.countAccounts() > 0) {
      if (!existsSync(keyFile)) this.logger.warn({ keyFile }, "The access key file is missing; the account's key cannot be recovered from the store");
      return;
    }
    const key = `eci_${randomBytes(24).toString("base64url")}`;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    this.store.createAccount(newId("acc"), "default", hashKey(key));
    this.logger.info({ keyFile }, `Created the first account; its access key is in ${keyFile}`);
  }

  /** The account that owns `key`, if any. */
  authenticate(key: string): string | undefined {
    return this.store.findAccountIdByKeyHash(hashKey(key));
  }
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
