import { readFileSync } from "node:fs";
import path from "node:path";

export interface ClientOptions {
  /** The engine's base URL, such as `http://127.0.0.1:7400`. */
  endpoint?: string;
  accessKey?: string;
  /** A file holding the access key, as the engine writes it (`<data-dir>/access-key`). */
  accessKeyFile?: string;
  /** Per-request timeout; 30 s by default. */
  timeoutMs?: number;
}

export interface ResolvedOptions {
  endpoint: string;
  accessKey: string;
  timeoutMs: number;
}

export const DEFAULT_ENDPOINT = "http://127.0.0.1:7400";

/**
 * Where the client connects and with which key: explicit options first, then `ECI_ENDPOINT` and
 * `ECI_ACCESS_KEY` (or `ECI_ACCESS_KEY_FILE`), then the key file of an engine started with its
 * defaults in the current directory (`$ECI_DATA_DIR/access-key`, `./.eci/access-key`).
 */
export function resolveClientOptions(options: ClientOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const endpoint = (options.endpoint ?? env.ECI_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const keyFile = options.accessKeyFile ?? env.ECI_ACCESS_KEY_FILE ?? path.resolve(env.ECI_DATA_DIR ?? ".eci", "access-key");
  const accessKey = options.accessKey ?? env.ECI_ACCESS_KEY ?? readKey(keyFile);
  if (!accessKey) {
    throw new Error(`No ECI access key: pass accessKey, set ECI_ACCESS_KEY or ECI_ACCESS_KEY_FILE, or run where ${keyFile} exists`);
  }
  return { endpoint, accessKey, timeoutMs: options.timeoutMs ?? 30_000 };
}

function readKey(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
