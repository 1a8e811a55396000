import type { Command } from "commander";
import { QUOTA_NAMES } from "@eci/sdk";
import { clientOf } from "../context";
import { type OutputFormat, outputOption, render } from "../output/print";
import { renderTable } from "../output/table";

const QUOTA_TITLES: Record<(typeof QUOTA_NAMES)[number], string> = {
  standardGroups: "groups (basic, performance)",
  premiumGroups: "groups (super-high-performance, enterprise-e1, enterprise-e2)",
  imageCaches: "image caches",
};

export function registerQuotas(program: Command): void {
  program
    .command("quotas")
    .summary("show the account's quotas: limit and use")
    .addOption(outputOption(["json", "yaml"]))
    .action(async (opts: { output?: OutputFormat }, command: Command) => {
      const report = await clientOf(command).quotas();
      const rows = QUOTA_NAMES.map((name) => [name, QUOTA_TITLES[name], String(report[name].used), String(report[name].limit)]);
      process.stdout.write(render(opts.output, report, () => renderTable(["QUOTA", "COUNTS", "USED", "LIMIT"], rows)));
    });
}
