import type { ContainerGroupSpec, ValidationIssue } from "@eci/sdk";
import { specHash } from "../runtime/labels";
import type { ConfigBasis, GroupRecord } from "../store/store";

/** What a claim may change of a pool's profile (SPEC §8): the metadata and config-file content. */
function claimShape(spec: ContainerGroupSpec): unknown {
  const { name: _name, description: _description, labels: _labels, ...rest } = spec;
  return { ...rest, volumes: spec.volumes.map((v) => (v.configFile ? { ...v, configFile: "(any content)" } : v)) };
}

/**
 * The first field where a claim's spec differs from the pool's profile other than in what a claim may
 * change, as a 422 issue on that field's path; undefined when the claim fits the profile.
 * Both specs are stored forms (secureEnv sealed against the profile, so unchanged values compare equal).
 */
export function profileMismatch(spec: ContainerGroupSpec, profile: ContainerGroupSpec, poolId: string): ValidationIssue | undefined {
  const path = firstDifference(claimShape(spec), claimShape(profile), []);
  if (!path) return undefined;
  const text = path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
  const value = path.reduce<unknown>((v, p) => (v as Record<string | number, unknown> | undefined)?.[p], spec);
  return {
    path: text,
    rule: "matches_standby_pool_profile",
    value: text.includes("secureEnv") ? "(secret)" : value,
    message: `differs from the profile of standby pool ${poolId}; a claim may change only config-file content, name, labels and description`,
  };
}

function firstDifference(a: unknown, b: unknown, at: Array<string | number>): Array<string | number> | undefined {
  if (a === b || (a !== undefined && b !== undefined && specHash(a) === specHash(b))) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return at;
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], [...at, i]);
      if (found) return found;
    }
    return at;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const found = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...at, k]);
      if (found) return found;
    }
  }
  return at;
}

/**
 * The config basis of a pooled group claimed with `spec`: for each config-file volume whose content
 * the claim changes, the content its containers were created with, so they are kept and the files
 * rewritten in place.
 */
export function claimBasis(group: GroupRecord, spec: ContainerGroupSpec): ConfigBasis {
  const basis: ConfigBasis = {};
  for (const volume of spec.volumes) {
    const pooled = group.spec.volumes.find((v) => v.name === volume.name)?.configFile;
    if (!volume.configFile || !pooled || specHash(volume.configFile) === specHash(pooled)) continue;
    basis[volume.name] = { claimed: specHash(volume.configFile), original: pooled };
  }
  return basis;
}
