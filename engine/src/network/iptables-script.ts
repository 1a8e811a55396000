import type { IptablesPlan, Table } from "./iptables-plan";

const TABLES: Table[] = ["nat", "filter"];

/** What `iptables-save` shows of one engine: its chains, and the jumps into them, per table. */
export type SavedRules = Record<Table, { chains: Set<string>; jumps: string[] }>;

/** The engine's chains (named `<prefix>-…`) and the jumps into them, as `iptables-save` prints them. */
export function parseSaved(text: string, prefix: string): SavedRules {
  const saved: SavedRules = { nat: { chains: new Set(), jumps: [] }, filter: { chains: new Set(), jumps: [] } };
  let table: Table | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) table = TABLES.find((t) => line === `*${t}`);
    if (!table) continue;
    const chain = /^:(\S+)/.exec(line)?.[1];
    if (chain?.startsWith(`${prefix}-`)) saved[table].chains.add(chain);
    const jump = /^-A (\S+) -j (\S+)$/.exec(line);
    // A jump between two of the engine's own chains is a rule of that chain, rebuilt with it.
    if (jump && jump[2].startsWith(`${prefix}-`) && !jump[1].startsWith(`${prefix}-`)) saved[table].jumps.push(line);
  }
  return saved;
}

/**
 * The `iptables-restore --noflush` input that turns what is saved into what is planned, in one
 * transaction per table: every planned chain declared (created, or flushed when it exists) and
 * refilled, the chains no longer planned flushed and deleted, a jump inserted only where it is missing
 * (at the top of its chain, before Docker's `RETURN` in DOCKER-USER), jumps no longer planned (and
 * duplicates) deleted. Nothing else of the kernel's rules is named, so Docker's are left alone. Empty
 * when there is nothing to do.
 */
export function restoreScript(plan: IptablesPlan, saved: SavedRules): string {
  const blocks = TABLES.flatMap((table) => {
    const planned = plan.chains[table];
    const stale = [...saved[table].chains].filter((c) => !planned.has(c));
    const wanted = plan.jumps.filter((j) => j.table === table).map((j) => `-A ${j.from} -j ${j.to}`);
    const seen = new Set<string>();
    const deletions = saved[table].jumps.filter((line) => !wanted.includes(line) || seen.has(line) || (seen.add(line), false));
    const insertions = wanted.filter((line) => !saved[table].jumps.includes(line));
    if (planned.size === 0 && stale.length === 0 && deletions.length === 0 && insertions.length === 0) return [];
    return [
      `*${table}`,
      ...[...planned.keys(), ...stale].map((c) => `:${c} - [0:0]`),
      ...deletions.map((line) => line.replace(/^-A /, "-D ")),
      ...[...planned].flatMap(([chain, rules]) => rules.map((rule) => `-A ${chain} ${rule}`)),
      ...insertions.map((line) => line.replace(/^-A (\S+) /, "-I $1 1 ")),
      ...stale.map((c) => `-X ${c}`),
      "COMMIT",
    ];
  });
  return blocks.length > 0 ? `${blocks.join("\n")}\n` : "";
}
