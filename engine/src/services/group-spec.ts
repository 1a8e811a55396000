import { type ContainerGroupSpec, ContainerGroupSpecSchema, groupRequest, normalizeRequest, registryOf, type ValidationIssue, validate } from "@eci/sdk";
import { EngineError } from "../errors";
import type { GroupReferences } from "./group-service-deps";

/** The spec's own rules, then those that need the account's other resources (credentials, caches, disks); issue paths start with `prefix`. */
export function parseGroupSpec(refs: Omit<GroupReferences, "placement">, accountId: string, body: unknown, prefix = ""): ContainerGroupSpec {
  const spec = parseSpec(body, prefix);
  const issues: ValidationIssue[] = spec.containers.flatMap((c, i) => {
    if (!c.registryCredentialId) return [];
    const server = refs.credentials.serverOf(accountId, c.registryCredentialId);
    const path = `${prefix}containers[${i}].registryCredentialId`;
    if (!server) return [{ path, rule: "exists", value: c.registryCredentialId, message: "no such registry credential" }];
    const registry = registryOf(c.image);
    if (server !== registry) return [{ path, rule: "same_registry", value: c.registryCredentialId, message: `the credential is for ${server}, but image ${c.image} comes from ${registry}` }];
    return [];
  });
  issues.push(...refs.caches.checkReference(accountId, spec.imageCacheId));
  issues.push(...refs.disks.checkVolumes(accountId, spec.hostType, spec.volumes));
  if (issues.length > 0) throw EngineError.validation(issues.map((i) => ({ ...i, path: `${prefix}${i.path}` })));
  return spec;
}

function parseSpec(body: unknown, prefix: string): ContainerGroupSpec {
  const result = validate(ContainerGroupSpecSchema, body);
  if (!result.ok) throw EngineError.validation(result.issues.map((i) => ({ ...i, path: `${prefix}${i.path}` })));
  return result.value;
}

/** The group's normalized size: the smallest entry of the size table that its containers' requests fit. */
export function sizeOf(spec: ContainerGroupSpec): { cpu: number; memory: number } {
  const size = normalizeRequest(groupRequest(spec.containers));
  if (!size) throw new Error("unreachable: the schema refuses requests above the largest size");
  return size;
}

/** The fields whose change needs an online update: all but name, description and labels. */
export function runtimeFields(spec: ContainerGroupSpec): unknown {
  const { name: _name, description: _description, labels: _labels, ...rest } = spec;
  return rest;
}
