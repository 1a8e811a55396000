import type { Command } from "commander";
import type { AccessKey } from "@eci/sdk";
import { clientOf } from "../context";
import { age } from "../duration";
import { type OutputFormat, outputOption, render } from "../output/print";
import { renderTable } from "../output/table";
import { NONE } from "../output/units";

function keyTable(keys: readonly AccessKey[], now: number): string {
  return renderTable(
    ["CURRENT", "ID", "NAME", "AGE", "LAST USED"],
    keys.map((k) => [k.current ? "*" : "", k.id, k.name || NONE, age(k.createdAt, now), k.lastUsedAt ? `${age(k.lastUsedAt, now)} ago` : "never"]),
  );
}

export function registerKeys(program: Command): void {
  const keys = program
    .command("keys")
    .summary("create, list and delete the account's access keys")
    .description("Manage the account's access keys. To rotate one with no downtime: create a key, move every client to it, delete the old one.");

  keys
    .command("create")
    .summary("create a key; its secret is printed once, to stdout")
    .argument("[name]", "a name to tell the key apart (ci, laptop)")
    .addOption(outputOption(["json", "yaml"]))
    .action(async (name: string | undefined, opts: { output?: OutputFormat }, command: Command) => {
      const key = await clientOf(command).accessKeys.create({ name });
      if (opts.output) return void process.stdout.write(render(opts.output, key, () => ""));
      process.stderr.write(`Access key ${key.id}${key.name ? ` (${key.name})` : ""} created. Its secret is shown only this once:\n`);
      process.stdout.write(`${key.secret}\n`);
    });

  keys
    .command("list")
    .summary("list the keys: ids, names, when created and last used (never a secret)")
    .addOption(outputOption(["json", "yaml"]))
    .action(async (opts: { output?: OutputFormat }, command: Command) => {
      const list = await clientOf(command).accessKeys.list();
      process.stdout.write(render(opts.output, { items: list, total: list.length }, () => keyTable(list, Date.now())));
    });

  keys
    .command("delete")
    .summary("delete a key (not the account's last one)")
    .argument("<id>", "the key's id (ak-…)")
    .action(async (id: string, _opts: unknown, command: Command) => {
      await clientOf(command).accessKeys.delete(id);
      process.stdout.write(`access key ${id} deleted\n`);
    });
}
