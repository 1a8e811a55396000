import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_ENDPOINT } from "@eci/sdk";
import type { CliConfig } from "./config-file";
import { CliError, UsageError } from "./errors";

/** The global options `--endpoint`, `--access-key` and `--ca-file`. */
export interface ConnectionFlags {
  endpoint?: string;
  accessKey?: string;
  caFile?: string;
}

/** Where the CLI connects, with which key, trusting which CA; and where each came from, for messages. */
export interface Connection {
  endpoint: string;
  accessKey: string;
  caFile?: string;
  /** Such as `--access-key`, `ECI_ACCESS_KEY`, `~/.config/eci/config` or `.eci/access-key`. */
  keySource: string;
}

/**
 * Each setting from the first place that has it: the flags, then `ECI_ENDPOINT`, `ECI_ACCESS_KEY` and
 * `ECI_CA_FILE`, then the config file `eci login` writes, then the key file of an engine started here
 * with its defaults (`$ECI_DATA_DIR/access-key`, else `./.eci/access-key`) and the engine's default
 * endpoint. No key anywhere is an error saying where one may be put.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  config: CliConfig,
  configFile: string,
  readKeyFile: (file: string) => string | undefined = readKey,
): Connection {
  const { endpoint, caFile } = resolveEndpoint(flags, env, config);
  const keyFile = path.resolve(env.ECI_DATA_DIR ?? ".eci", "access-key");
  const candidates: Array<[string | undefined, string]> = [
    [flags.accessKey, "--access-key"],
    [env.ECI_ACCESS_KEY, "ECI_ACCESS_KEY"],
    [config.accessKey, configFile],
  ];
  let found = candidates.find(([key]) => key);
  if (!found) {
    const key = readKeyFile(keyFile);
    if (key) found = [key, keyFile];
  }
  if (!found) {
    throw new CliError(`No access key: pass --access-key, set ECI_ACCESS_KEY, run eci login, or run where the engine's key file is (${keyFile})`);
  }
  return { endpoint, accessKey: found[0] as string, caFile, keySource: found[1] };
}

/** The endpoint and CA file alone, in the same order: the flags, the environment, the config file, the engine's default. */
export function resolveEndpoint(flags: ConnectionFlags, env: NodeJS.ProcessEnv, config: CliConfig): { endpoint: string; caFile?: string } {
  const endpoint = flags.endpoint ?? env.ECI_ENDPOINT ?? config.endpoint ?? DEFAULT_ENDPOINT;
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new UsageError(`The endpoint ${endpoint} is not an http:// or https:// URL`);
  return { endpoint: endpoint.replace(/\/+$/, ""), caFile: flags.caFile ?? env.ECI_CA_FILE ?? config.caFile };
}

function readKey(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
