import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_RETRY_POLICY } from "./retry-policy";

export interface ClientOptions {
  /** The engine's base URL, such as `http://127.0.0.1:7400`, or `https://…` for an engine serving TLS. */
  endpoint?: string;
  accessKey?: string;
  /** A file holding the access key, as the engine writes it (`<data-dir>/access-key`). */
  accessKeyFile?: string;
  /** Per-request timeout; 30 s by default. */
  timeoutMs?: number;
  /**
   * The certificate (PEM) of the CA that signed the engine's, for an `https` endpoint whose certificate
   * public CAs do not vouch for; only this CA is then trusted. Read when the client is made.
   */
  caFile?: string;
  /** The CA certificate itself (PEM), instead of `caFile`. */
  ca?: string | Buffer;
  /**
   * How many times a request is sent again (default 5, 0 for never) after a 429 `rate_limited` (waiting
   * at least its `Retry-After`), a refused connection, or — for GET, HEAD, PUT and DELETE only — a
   * connection dropped before the answer, with an exponential, jittered back-off. A POST is not repeated
   * after a drop: the engine may have acted on it. A repeated DELETE may therefore answer `not_found`
   * when the first one had gone through.
   */
  maxRetries?: number;
}

export interface ResolvedOptions {
  endpoint: string;
  accessKey: string;
  timeoutMs: number;
  ca?: string | Buffer;
  maxRetries: number;
}

export const DEFAULT_ENDPOINT = "http://127.0.0.1:7400";

/**
 * Where the client connects and with which key: explicit options first, then `ECI_ENDPOINT` and
 * `ECI_ACCESS_KEY` (or `ECI_ACCESS_KEY_FILE`), then the key file of an engine started with its
 * defaults in the current directory (`$ECI_DATA_DIR/access-key`, `./.eci/access-key`). The CA comes
 * from `ca`, `caFile` or `ECI_CA_FILE`; an unreadable CA file throws, naming it.
 */
export function resolveClientOptions(options: ClientOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const endpoint = resolveEndpoint(options.endpoint, env);
  const keyFile = options.accessKeyFile ?? env.ECI_ACCESS_KEY_FILE ?? path.resolve(env.ECI_DATA_DIR ?? ".eci", "access-key");
  const accessKey = options.accessKey ?? env.ECI_ACCESS_KEY ?? readKey(keyFile);
  if (!accessKey) {
    throw new Error(`No ECI access key: pass accessKey, set ECI_ACCESS_KEY or ECI_ACCESS_KEY_FILE, or run where ${keyFile} exists`);
  }
  const caFile = options.caFile ?? env.ECI_CA_FILE;
  const ca = options.ca ?? (caFile ? readCa(caFile) : undefined);
  return { endpoint, accessKey, timeoutMs: options.timeoutMs ?? 30_000, ca, maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries };
}

/** The engine a client connects to: `endpoint`, else `ECI_ENDPOINT`, else the default, without a trailing slash. */
export function resolveEndpoint(endpoint?: string, env: NodeJS.ProcessEnv = process.env): string {
  return (endpoint ?? env.ECI_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`Cannot read the CA certificate ${file} (caFile or ECI_CA_FILE): ${(err as Error).message}`);
  }
}

function readKey(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
