import {
  CONTAINER_GROUP_SPEC_KEYS,
  CONTAINER_SPEC_KEYS,
  type ContainerGroup,
  type ContainerGroupSpec,
  type ContainerSpec,
  type StandbyPool,
  type StandbyPoolSpec,
} from "@eci/sdk";
import { CliError } from "./errors";

/** What `eci apply` does with a spec: create the resource, update the one with its name, or nothing. */
export type ApplyPlan = { action: "create" } | { action: "update"; id: string; version: number } | { action: "unchanged"; id: string };

/** A container-group spec as the API reads it back (a group, a standby pool's profile): `secureEnv` by name only. */
export type SpecRead = Omit<ContainerGroupSpec, "containers"> & { containers: Array<Omit<ContainerSpec, "secureEnv"> & { secureEnvNames: string[] }> };

/**
 * The plan for a group's `spec` given the groups that already have its name (kubectl apply's rule, with
 * the name as the key): none, create; one whose spec is the same, nothing; else an online update of it
 * at the version just read. A `secureEnv` value cannot be compared (the engine never returns it), so a
 * spec holding one is always sent: the engine restarts nothing when the values are the same.
 */
export function planApply(spec: ContainerGroupSpec, sameName: readonly ContainerGroup[]): ApplyPlan {
  return plan("groups", spec.name, sameName, (group) => !hasSecrets(spec) && canonical(spec) === canonical(specOf(group)));
}

/** The same rule for a standby pool: its name, description, capacity and profile (secrets as for a group). */
export function planPoolApply(spec: StandbyPoolSpec, sameName: readonly StandbyPool[]): ApplyPlan {
  return plan("standby pools", spec.name, sameName, (pool) => {
    const { profile, ...rest } = spec;
    const read = { name: pool.name, description: pool.description, maxReadyCapacity: pool.maxReadyCapacity };
    return !hasSecrets(profile) && canonical(rest) === canonical(read) && canonical(profile) === canonical(specOf(pool.profile as unknown as SpecRead));
  });
}

function plan<T extends { id: string; version: number }>(plural: string, name: string, sameName: readonly T[], isSame: (existing: T) => boolean): ApplyPlan {
  if (sameName.length === 0) return { action: "create" };
  if (sameName.length > 1) {
    throw new CliError(`${sameName.length} ${plural} are named "${name}" (${sameName.map((r) => r.id).join(", ")}); apply finds one by its name, so rename or delete all but one`);
  }
  const [existing] = sameName;
  return isSame(existing) ? { action: "unchanged", id: existing.id } : { action: "update", id: existing.id, version: existing.version };
}

function hasSecrets(spec: ContainerGroupSpec): boolean {
  return spec.containers.some((c) => c.secureEnv !== undefined);
}

/** The spec a resource was given, as the schema fills it, from what the API reads back (secrets by name only). */
function specOf(read: SpecRead): Record<string, unknown> {
  const spec = pick(read, CONTAINER_GROUP_SPEC_KEYS);
  spec.containers = read.containers.map((c) => ({
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
