import type { Command } from "commander";
import type { Bill, UsageSize } from "@eci/sdk";
import { clientOf } from "../context";
import { type OutputFormat, outputOption, render } from "../output/print";
import { renderTable } from "../output/table";
import { NONE, decimal, gibibytes } from "../output/units";

/** What a bill's line was priced on: `2 vCPU, 4Gi, basic`, `20GB capacity`. */
function sizeText(size: UsageSize): string {
  const parts = [
    size.cpu === undefined ? undefined : `${decimal(size.cpu)} vCPU`,
    size.memory === undefined ? undefined : gibibytes(size.memory),
    size.hostType,
    size.sizeGB === undefined ? undefined : `${size.sizeGB}GB`,
    size.diskType,
  ].filter(Boolean);
  return parts.length === 0 ? NONE : parts.join(", ");
}

function billTable(bill: Bill): string {
  const rows = bill.items.map((i) => [i.resourceId, i.kind, i.name, sizeText(i.size), decimal(i.seconds / 3600, 2), decimal(i.unitPrice, 6), decimal(i.amount, 6)]);
  const table = renderTable(["RESOURCE", "KIND", "NAME", "SIZE", "HOURS", "PRICE/h", "AMOUNT"], rows);
  return `Period: ${bill.from} to ${bill.to}\n\n${bill.items.length > 0 ? table : "Nothing billed in this period.\n"}\nTotal: ${decimal(bill.total, 6)} ${bill.currency}\n`;
}

export function registerBilling(program: Command): void {
  program
    .command("billing")
    .summary("show the account's bill: each resource's usage and the total")
    .description("Show what the account accrued in a period (by default this month so far): each resource at each size, its hours, price and amount, and the total.")
    .option("--from <time>", "the start of the period, RFC 3339 (default: the start of the month, UTC)")
    .option("--to <time>", "the end of the period, RFC 3339 (default: now)")
    .addOption(outputOption(["json", "yaml"]))
    .action(async (opts: { from?: string; to?: string; output?: OutputFormat }, command: Command) => {
      const bill = await clientOf(command).billing({ from: opts.from, to: opts.to });
      process.stdout.write(render(opts.output, bill, () => billTable(bill)));
    });
}
