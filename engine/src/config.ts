import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type Cidr, cidrWithin, describeIssues, parseCidr, validate } from "@eci/sdk";
import { DEFAULT_PRICES, type Prices, loadPrices } from "./billing/prices";
import type { RateLimit } from "./rate-limit/token-bucket";
import { type TlsSettings, tlsSettings } from "./tls-settings";

/** Operator settings. Every duration carries its unit; defaults are the product's (SPEC §2, §5). */
export interface EngineConfig {
  listen: { host: string; port: number };
  dataDir: string;
  logLevel: string;
  /** How the log is written: `pretty` (one coloured line per event), `json` (one JSON object per line), or `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat;
  /** An image to use for group sandboxes instead of the one the engine builds for itself. */
  sandboxImage?: string;
  restartBackoffBaseMs: number;
  restartBackoffMaxMs: number;
  /** A container that ran this long before exiting starts over from the shortest back-off. */
  backoffResetMs: number;
  /** How long every work container must have been running for the group to count as healthy ("and stay up"). */
  healthyAfterMs: number;
  failedGroupTtlMs: number;
  imagePullTimeoutMs: number;
  /** How long a container has to exit after SIGTERM when it is stopped (group deleted, updated or restarted) before SIGKILL. */
  stopGraceMs: number;
  /** Pulls for a new image cache must finish within this. */
  cachePullTimeoutMs: number;
  /** Bytes in one unit of an image cache's `sizeGB` (10^9; tests make it small to fill a cache). */
  cacheGbBytes: number;
  /** How often every group is reconciled even when Docker reports nothing. */
  resyncIntervalMs: number;
  /** How often every running container's CPU, memory, network and block I/O are sampled; 0 turns sampling off. */
  metricsIntervalMs: number;
  maxConcurrentReconciles: number;
  /** Sandboxes kept running ahead of demand for the next groups without ports or a network of their own (0: none). */
  warmSandboxes: number;
  /** Where EIPs come from: a block of 127.0.0.0/8, so every EIP is reachable from the engine's host. */
  eipPool: string;
  quotas: Quotas;
  /** Prices per hour, from the operator's price file (`--prices`) or built in. */
  prices: Prices;
  /** Requests per access key (SPEC §7 "Rate limits"). */
  rateLimit: RateLimit;
  /** Serve HTTPS and WSS with this pair (`--tls-cert`, `--tls-key`), read again when its files change; plain HTTP without it. */
  tls?: TlsSettings;
  /** The web console's built files, served at `/` (`--console-dir`); the @eci/console package's when omitted. */
  consoleDir?: string;
}

export const LOG_FORMATS = ["auto", "pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Quotas {
  /** Groups of host types basic and performance, per account. */
  standardGroups: number;
  /** Groups of host types super-high-performance, enterprise-e1 and enterprise-e2, per account. */
  premiumGroups: number;
  imageCaches: number;
}

export const DEFAULT_CONFIG: Omit<EngineConfig, "dataDir"> = {
  listen: { host: "127.0.0.1", port: 7400 },
  logLevel: "info",
  logFormat: "auto",
  restartBackoffBaseMs: 10_000,
  restartBackoffMaxMs: 300_000,
  backoffResetMs: 600_000,
  healthyAfterMs: 1_000,
  failedGroupTtlMs: 3_600_000,
  imagePullTimeoutMs: 1_800_000,
  stopGraceMs: 10_000,
  cachePullTimeoutMs: 6 * 3_600_000,
  cacheGbBytes: 1e9,
  /** One list of the engine's containers (15 ms of dockerd CPU for 200): every 10 s costs 0.15 % of a core (docs/engine.md, "Reconciliation"). */
  resyncIntervalMs: 10_000,
  metricsIntervalMs: 10_000,
  maxConcurrentReconciles: 8,
  warmSandboxes: 1,
  eipPool: "127.100.0.0/16",
  quotas: { standardGroups: 10, premiumGroups: 10, imageCaches: 20 },
  prices: DEFAULT_PRICES,
  rateLimit: { requestsPerSecond: 20, burst: 100 },
};

const ListenSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "must be host:port, such as 127.0.0.1:7400")
  .transform((value) => {
    const colon = value.lastIndexOf(":");
    return { host: value.slice(0, colon).replace(/^\[|\]$/g, ""), port: Number(value.slice(colon + 1)) };
  })
  .refine((l) => l.port <= 65535, "port must be at most 65535");
const DurationMsSchema = z.coerce.number().int().min(0);

const EnvSchema = z.object({
  ECI_LISTEN: ListenSchema.optional(),
  ECI_DATA_DIR: z.string().min(1).optional(),
  ECI_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
  ECI_LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  ECI_SANDBOX_IMAGE: z.string().min(1).optional(),
  ECI_RESTART_BACKOFF_BASE_MS: DurationMsSchema.optional(),
  ECI_RESTART_BACKOFF_MAX_MS: DurationMsSchema.optional(),
  ECI_BACKOFF_RESET_MS: DurationMsSchema.optional(),
  ECI_HEALTHY_AFTER_MS: DurationMsSchema.optional(),
  ECI_FAILED_GROUP_TTL_MS: DurationMsSchema.optional(),
  ECI_IMAGE_PULL_TIMEOUT_MS: DurationMsSchema.optional(),
  ECI_STOP_GRACE_MS: DurationMsSchema.optional(),
  ECI_CACHE_PULL_TIMEOUT_MS: DurationMsSchema.optional(),
  ECI_CACHE_GB_BYTES: z.coerce.number().int().min(1).optional(),
  ECI_QUOTA_IMAGE_CACHES: z.coerce.number().int().min(0).optional(),
  ECI_RESYNC_INTERVAL_MS: DurationMsSchema.min(100).optional(),
  ECI_WARM_SANDBOXES: z.coerce.number().int().min(0).max(20).optional(),
  ECI_METRICS_INTERVAL_MS: DurationMsSchema.refine((ms) => ms === 0 || ms >= 100, "must be 0 (off) or at least 100").optional(),
  ECI_QUOTA_STANDARD_GROUPS: z.coerce.number().int().min(0).optional(),
  ECI_QUOTA_PREMIUM_GROUPS: z.coerce.number().int().min(0).optional(),
  ECI_EIP_POOL: z
    .string()
    .refine((c) => {
      const block = parseCidr(c);
      return block !== undefined && block.prefix >= 8 && block.prefix <= 30 && cidrWithin(block, parseCidr("127.0.0.0/8") as Cidr);
    }, "must be a block of 127.0.0.0/8 between /8 and /30, such as 127.100.0.0/16")
    .optional(),
  ECI_PRICES_FILE: z.string().min(1).optional(),
  ECI_RATE_LIMIT_RPS: z.coerce.number().positive().optional(),
  ECI_RATE_LIMIT_BURST: z.coerce.number().int().min(1).optional(),
  ECI_TLS_CERT: z.string().min(1).optional(),
  ECI_TLS_KEY: z.string().min(1).optional(),
  ECI_INSECURE: z.enum(["true", "false"]).optional(),
  ECI_CONSOLE_DIR: z.string().min(1).optional(),
});

/** The flags that take a value, and the variable each one overrides. */
const FLAGS = { listen: "ECI_LISTEN", "data-dir": "ECI_DATA_DIR", prices: "ECI_PRICES_FILE", "tls-cert": "ECI_TLS_CERT", "tls-key": "ECI_TLS_KEY", "log-format": "ECI_LOG_FORMAT", "console-dir": "ECI_CONSOLE_DIR" } as const;

export const USAGE = `Usage: eci-engine [--listen host:port] [--data-dir dir] [--prices file] [--tls-cert file --tls-key file | --insecure]
                  [--log-format auto|pretty|json] [--console-dir dir]
       eci-engine accounts create|list|set-quota …   the operator's account commands (eci-engine accounts, for help)

  --listen, ECI_LISTEN       where the API listens (default 127.0.0.1:7400)
  --data-dir, ECI_DATA_DIR   where the engine keeps its state (default ./.eci)
  --prices, ECI_PRICES_FILE  a JSON price file (default: the built-in prices, docs/engine.md "Billing")
  --tls-cert, ECI_TLS_CERT   serve HTTPS (and WSS) with this PEM certificate (chain) ...
  --tls-key, ECI_TLS_KEY     ... and this PEM private key (both read again when they change, or on SIGHUP)
  --insecure, ECI_INSECURE   allow plain HTTP on a non-loopback --listen address (refused otherwise)
  --log-format, ECI_LOG_FORMAT  pretty (one coloured line per event), json (one object per line), or
                             auto (default): pretty on a terminal, json when the output is a file or a pipe
  --console-dir, ECI_CONSOLE_DIR  the web console's built files, served at / (default: those of the
                             @eci/console package, built by npm run build -w @eci/console)
  DOCKER_HOST                the Docker daemon to run groups on (default /var/run/docker.sock)

Tuning (environment): ECI_LOG_LEVEL, ECI_SANDBOX_IMAGE, ECI_RESTART_BACKOFF_BASE_MS, ECI_RESTART_BACKOFF_MAX_MS,
ECI_BACKOFF_RESET_MS, ECI_HEALTHY_AFTER_MS, ECI_FAILED_GROUP_TTL_MS, ECI_IMAGE_PULL_TIMEOUT_MS, ECI_STOP_GRACE_MS, ECI_RESYNC_INTERVAL_MS,
ECI_QUOTA_STANDARD_GROUPS, ECI_QUOTA_PREMIUM_GROUPS, ECI_QUOTA_IMAGE_CACHES, ECI_CACHE_PULL_TIMEOUT_MS, ECI_CACHE_GB_BYTES,
ECI_EIP_POOL, ECI_METRICS_INTERVAL_MS, ECI_RATE_LIMIT_RPS (20), ECI_RATE_LIMIT_BURST (100), ECI_WARM_SANDBOXES (1)`;

/** Reads flags (which win) and environment; throws an Error naming the setting, the rule and the value. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): EngineConfig {
  const { values } = parseArgs({
    args: argv,
    options: { ...flagOptions(), insecure: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  const flags = (Object.keys(FLAGS) as Array<keyof typeof FLAGS>).flatMap((flag) => (values[flag] ? [[FLAGS[flag], values[flag]]] : []));
  const merged = { ...pickEnv(env), ...Object.fromEntries(flags), ...(values.insecure ? { ECI_INSECURE: "true" } : {}) };
  const result = validate(EnvSchema, merged);
  if (!result.ok) throw new Error(`Invalid configuration: ${describeIssues(result.issues)}`);
  const e = result.value;
  return {
    ...DEFAULT_CONFIG,
    listen: e.ECI_LISTEN ?? DEFAULT_CONFIG.listen,
    dataDir: path.resolve(cwd, e.ECI_DATA_DIR ?? ".eci"),
    logLevel: e.ECI_LOG_LEVEL ?? DEFAULT_CONFIG.logLevel,
    logFormat: e.ECI_LOG_FORMAT ?? DEFAULT_CONFIG.logFormat,
    sandboxImage: e.ECI_SANDBOX_IMAGE,
    restartBackoffBaseMs: e.ECI_RESTART_BACKOFF_BASE_MS ?? DEFAULT_CONFIG.restartBackoffBaseMs,
    restartBackoffMaxMs: e.ECI_RESTART_BACKOFF_MAX_MS ?? DEFAULT_CONFIG.restartBackoffMaxMs,
    backoffResetMs: e.ECI_BACKOFF_RESET_MS ?? DEFAULT_CONFIG.backoffResetMs,
    healthyAfterMs: e.ECI_HEALTHY_AFTER_MS ?? DEFAULT_CONFIG.healthyAfterMs,
    failedGroupTtlMs: e.ECI_FAILED_GROUP_TTL_MS ?? DEFAULT_CONFIG.failedGroupTtlMs,
    imagePullTimeoutMs: e.ECI_IMAGE_PULL_TIMEOUT_MS ?? DEFAULT_CONFIG.imagePullTimeoutMs,
    stopGraceMs: e.ECI_STOP_GRACE_MS ?? DEFAULT_CONFIG.stopGraceMs,
    cachePullTimeoutMs: e.ECI_CACHE_PULL_TIMEOUT_MS ?? DEFAULT_CONFIG.cachePullTimeoutMs,
    cacheGbBytes: e.ECI_CACHE_GB_BYTES ?? DEFAULT_CONFIG.cacheGbBytes,
    resyncIntervalMs: e.ECI_RESYNC_INTERVAL_MS ?? DEFAULT_CONFIG.resyncIntervalMs,
    warmSandboxes: e.ECI_WARM_SANDBOXES ?? DEFAULT_CONFIG.warmSandboxes,
    metricsIntervalMs: e.ECI_METRICS_INTERVAL_MS ?? DEFAULT_CONFIG.metricsIntervalMs,
    eipPool: e.ECI_EIP_POOL ?? DEFAULT_CONFIG.eipPool,
    quotas: {
      standardGroups: e.ECI_QUOTA_STANDARD_GROUPS ?? DEFAULT_CONFIG.quotas.standardGroups,
      premiumGroups: e.ECI_QUOTA_PREMIUM_GROUPS ?? DEFAULT_CONFIG.quotas.premiumGroups,
      imageCaches: e.ECI_QUOTA_IMAGE_CACHES ?? DEFAULT_CONFIG.quotas.imageCaches,
    },
    prices: e.ECI_PRICES_FILE ? loadPrices(path.resolve(cwd, e.ECI_PRICES_FILE)) : DEFAULT_CONFIG.prices,
    rateLimit: { requestsPerSecond: e.ECI_RATE_LIMIT_RPS ?? DEFAULT_CONFIG.rateLimit.requestsPerSecond, burst: e.ECI_RATE_LIMIT_BURST ?? DEFAULT_CONFIG.rateLimit.burst },
    consoleDir: e.ECI_CONSOLE_DIR === undefined ? undefined : path.resolve(cwd, e.ECI_CONSOLE_DIR),
    tls: tlsSettings({ listenHost: (e.ECI_LISTEN ?? DEFAULT_CONFIG.listen).host, certFile: e.ECI_TLS_CERT, keyFile: e.ECI_TLS_KEY, insecure: e.ECI_INSECURE === "true" }, cwd),
  };
}

function flagOptions(): Record<keyof typeof FLAGS, { type: "string" }> {
  return Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: "string" }])) as Record<keyof typeof FLAGS, { type: "string" }>;
}

function pickEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith("ECI_") && entry[1] !== undefined && entry[1] !== ""));
}
