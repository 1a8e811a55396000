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

export function specHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}
