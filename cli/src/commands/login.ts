import type { Command } from "commander";
import { EciClient } from "@eci/sdk";
import { configPath, readConfig, writeConfig } from "../config-file";
import { type ConnectionFlags, resolveEndpoint } from "../connection";
import { CliError } from "../errors";
import { readSecret } from "../read-secret";

export function registerLogin(program: Command): void {
  program
    .command("login")
    .summary("save the endpoint and access key for later commands")
    .description(
      "Check an access key against the engine and save it, with the endpoint (and --ca-file), in $XDG_CONFIG_HOME/eci/config (~/.config/eci/config), readable by you only. The key comes from --access-key, ECI_ACCESS_KEY, a prompt at a terminal, or the first line of stdin (eci login < .eci/access-key).",
    )
    .action(async (_opts: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ConnectionFlags>();
      const file = configPath();
      const { endpoint, caFile } = resolveEndpoint(flags, process.env, readConfig(file));
      const accessKey = flags.accessKey ?? process.env.ECI_ACCESS_KEY ?? (await readSecret("Access key: "));
      if (!accessKey) throw new CliError("No access key given: pass --access-key, or type or pipe one in");
      // A key the engine refuses is not saved: the error says why (unauthorized, unreachable, untrusted certificate).
      await new EciClient({ endpoint, accessKey, caFile }).accessKeys.list();
      writeConfig(file, { endpoint, accessKey, ...(caFile ? { caFile } : {}) });
      process.stdout.write(`Logged in to ${endpoint}; saved to ${file}\n`);
    });
}
