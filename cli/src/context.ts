import type { Command } from "commander";
import { EciClient } from "@eci/sdk";
import { configPath, readConfig } from "./config-file";
import { type Connection, type ConnectionFlags, resolveConnection } from "./connection";

/** The connection of this run, once resolved: error messages name where its key came from. */
let current: Connection | undefined;

/** The connection the global options, the environment and the config file give (see `resolveConnection`). */
function connectionOf(command: Command): Connection {
  const file = configPath();
  current = resolveConnection(command.optsWithGlobals<ConnectionFlags>(), process.env, readConfig(file), file);
  return current;
}

/** A client of the engine for `command`, from its global options, the environment and the config file. */
export function clientOf(command: Command): EciClient {
  const { endpoint, accessKey, caFile } = connectionOf(command);
  return new EciClient({ endpoint, accessKey, caFile });
}

/** Where the key in use came from, once a client was made. */
export function keySource(): string | undefined {
  return current?.keySource;
}
