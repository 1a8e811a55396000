import { existsSync } from "node:fs";
import path from "node:path";
import { systemClock } from "./clock";
import { loadConfig } from "./config";
import { silentLogger } from "./logger";
import { AccountService } from "./services/account-service";
import { SqliteStore } from "./store/sqlite-store";

export const ACCOUNTS_USAGE = `Usage: eci-engine accounts <command> [--data-dir dir]

  create NAME           creates an account and prints its access key, once
  list                  lists the accounts, their keys and quotas
  set-quota NAME Q=N    sets a quota of an account: standardGroups, premiumGroups or imageCaches

The engine's data directory (--data-dir, ECI_DATA_DIR, default ./.eci) must exist: start the engine once
first. The engine may be running.`;

/**
 * `eci-engine accounts …`: the operator's commands on the engine's data directory (SPEC §7), as
 * self-hosted services such as Gitea have them. Returns the exit code; `print` gets stdout's lines.
 */
export function accountsCommand(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): number {
  const dataDirAt = argv.indexOf("--data-dir");
  const flags = dataDirAt >= 0 ? argv.slice(dataDirAt, dataDirAt + 2) : [];
  const [command, ...args] = dataDirAt >= 0 ? [...argv.slice(0, dataDirAt), ...argv.slice(dataDirAt + 2)] : argv;
  // The account commands need only the data directory and the default quotas: the server's own settings
  // (TLS files the operator may not be able to read, the listen address) are not theirs to check.
  const config = loadConfig(flags, { ...env, ECI_TLS_CERT: undefined, ECI_TLS_KEY: undefined, ECI_LISTEN: undefined, ECI_PRICES_FILE: undefined });
  const file = path.join(config.dataDir, "engine.db");
  if (!existsSync(file)) throw new Error(`No engine data in ${config.dataDir}: start the engine there once first (it creates the first account), or pass --data-dir`);
  const store = new SqliteStore(file);
  try {
    const accounts = new AccountService(store, silentLogger, config.quotas, systemClock);
    if (command === "create" && args.length === 1) {
      const { account, key } = accounts.createAccount(args[0]);
      print(`Created account ${account.name} (${account.id}). Its access key, shown only now:`);
      print(key);
      return 0;
    }
    if (command === "list" && args.length === 0) {
      const rows = accounts.listAccounts().map((a) => [a.name, a.id, String(a.keys), String(a.limits.standardGroups), String(a.limits.premiumGroups), String(a.limits.imageCaches), a.createdAt]);
      for (const line of table([["NAME", "ID", "KEYS", "STANDARD GROUPS", "PREMIUM GROUPS", "IMAGE CACHES", "CREATED"], ...rows])) print(line);
      return 0;
    }
    if (command === "set-quota" && args.length === 2) {
      const account = accounts.setQuota(args[0], args[1]);
      print(`Set ${args[1]} for account ${account.name}`);
      return 0;
    }
    print(ACCOUNTS_USAGE);
    return 2;
  } finally {
    store.close();
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
}
