import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { CliError } from "./errors";

/** What `eci login` saves: where the engine is, the key, and the CA that signed an https engine's certificate. */
export interface CliConfig {
  endpoint?: string;
  accessKey?: string;
  caFile?: string;
}
const CONFIG_KEYS: readonly (keyof CliConfig)[] = ["endpoint", "accessKey", "caFile"];

/** `$XDG_CONFIG_HOME/eci/config`, or `~/.config/eci/config`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "eci", "config");
}

/** The saved settings; none when the file does not exist. A file that cannot be read or parsed is an error naming it. */
export function readConfig(file: string): CliConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (err) {
    throw new CliError(`${file} is not YAML: ${(err as Error).message}; run eci login to write it again`);
  }
  const problem = configProblem(data);
  if (problem) throw new CliError(`${file} is not a valid eci config: ${problem}; run eci login to write it again`);
  return data as CliConfig;
}

function configProblem(data: unknown): string | undefined {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return "expected a map of endpoint, accessKey and caFile";
  for (const [key, value] of Object.entries(data)) {
    if (!CONFIG_KEYS.includes(key as keyof CliConfig)) return `unknown setting ${key} (known: ${CONFIG_KEYS.join(", ")})`;
    if (typeof value !== "string" || value === "") return `${key} must be a non-empty string`;
  }
  return undefined;
}

/** Writes the settings readable by their owner only (the file holds a key), in a directory only they can enter. */
export function writeConfig(file: string, config: CliConfig): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, stringify(config), { mode: 0o600 });
  // A file that existed keeps its mode through writeFileSync: make sure it is 600 now.
  chmodSync(file, 0o600);
}
