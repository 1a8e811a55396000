import { InvalidArgumentError } from "commander";
import { parseDuration } from "@eci/sdk";

/** `-l k=v` (repeated, or `k=v,k2=v2` as kubectl takes it) added to the labels before it; a part without `=` is a usage error. */
export function parseLabelSelector(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const labels = { ...previous };
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`"${part}" is not a label selector such as app=web`);
    labels[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return labels;
}

/** A duration flag (`30s`, `5m`, `1h30m`) in milliseconds. */
export function parseDurationFlag(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`"${value}" is not a duration such as 30s, 5m or 1h30m`);
  return ms;
}

/** A count flag (`--tail 20`): a whole number, 0 or more. */
export function parseCountFlag(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number such as 20`);
  return Number(value);
}

/** How long `wait` and `delete --wait` wait by default. */
export const DEFAULT_WAIT_MS = 5 * 60_000;
