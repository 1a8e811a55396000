import { CONTAINER_GROUP_SPEC_KEYS, CONTAINER_SPEC_KEYS, type ContainerGroup, type ContainerGroupSpec } from "@eci/sdk";
import { CliError } from "./errors";

/** What `eci apply` does with a spec: create a group, update the one with its name, or nothing. */
export type ApplyPlan = { action: "create" } | { action: "update"; id: string; version: number } | { action: "unchanged"; id: string };

/**
 * The plan for `spec` given the groups that already have its name (kubectl apply's rule, with the name
 * as the key): none, create; one whose spec is the same, nothing; else an online update of it at the
 * version just read. A `secureEnv` value cannot be compared (the engine never returns it), so a spec
 * holding one is always sent: the engine restarts nothing when the values are the same.
 */
export function planApply(spec: ContainerGroupSpec, sameName: readonly ContainerGroup[]): ApplyPlan {
  if (sameName.length === 0) return { action: "create" };
  if (sameName.length > 1) {
    throw new CliError(`${sameName.length} groups are named "${spec.name}" (${sameName.map((g) => g.id).join(", ")}); apply finds a group by its name, so rename or delete all but one`);
  }
  const [group] = sameName;
  const hasSecrets = spec.containers.some((c) => c.secureEnv !== undefined);
  return !hasSecrets && canonical(spec) === canonical(specOf(group)) ? { action: "unchanged", id: group.id } : { action: "update", id: group.id, version: group.version };
}

/** The spec a group was given, as the schema fills it, from what the API reads back (secrets by name only). */
function specOf(group: ContainerGroup): Record<string, unknown> {
  const spec = pick(group, CONTAINER_GROUP_SPEC_KEYS);
  spec.containers = group.containers.map((c) => ({
    ...pick(c, CONTAINER_SPEC_KEYS),
    imagePullPolicy: c.imagePullPolicy,
    // Never equal to a spec without secureEnv: the update must remove them.
    ...(c.secureEnvNames.length > 0 ? { secureEnv: Object.fromEntries(c.secureEnvNames.map((n) => [n, ""])) } : {}),
  }));
  return spec;
}

function pick(from: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in from).map((k) => [k, (from as Record<string, unknown>)[k]]));
}

/** JSON with keys sorted and undefined left out: equal for equal values, whatever the order of keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
