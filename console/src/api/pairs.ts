import type { ValidationIssue } from "./contract";

export interface Pair {
  key: string;
  value: string;
}

/**
 * A map of the spec (`env`, `labels`) from name/value rows; blank rows are skipped. A name given
 * twice is an issue at its path: the map could keep only one of the two values.
 */
export function recordOf(rows: readonly Pair[], path: string, what: string): { record: Record<string, string>; issues: ValidationIssue[] } {
  const record: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const row of rows) {
    if (!row.key && !row.value) continue;
    if (Object.hasOwn(record, row.key)) issues.push({ path: `${path}.${row.key}`, rule: "unique", value: row.key, message: `${what} ${row.key} is given twice` });
    record[row.key] = row.value;
  }
  return { record, issues };
}

export function pairsOf(record: Record<string, string>): Pair[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}
