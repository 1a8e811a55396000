import { createHash } from "node:crypto";

/** Labels on every Docker object the engine creates: they, not the store, say what exists and whose it is. */
export const LABELS = {
  /** The engine instance (one per data directory), so engines sharing a daemon never touch each other's containers. */
  engine: "eci.engine",
  group: "eci.group",
  role: "eci.role",
  container: "eci.container",
  /** A hash of what the container was created from; a different hash means the container must be re-created. */
  specHash: "eci.spec-hash",
} as const;

export type Role = "infra" | "init" | "work";

/**
 * A short hash of a JSON value that does not depend on the order of object keys: a spec read back and
 * sent again with its fields in another order is the same spec, and must not re-create a container.
 */
export function specHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value, sortedKeys)).digest("hex").slice(0, 16);
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
