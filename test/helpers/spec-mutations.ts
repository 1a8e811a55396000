/**
 * Mutations of a valid spec that each break one rule of the contract: a value of the wrong type, a
 * number out of range, an unknown key, a required field removed, a string breaking its pattern. Each
 * says where it broke the spec, so a test can check that the refusal names that place.
 */
import fc from "fast-check";

export type JsonPath = Array<string | number>;
export type MutationKind = "wrong_type" | "out_of_range" | "unknown_key" | "remove_required" | "break_pattern";

export interface Mutation {
  kind: MutationKind;
  /** The field broken; for `unknown_key`, the object that got the key. */
  path: JsonPath;
  spec: unknown;
}

/**
 * What the generic walk cannot know of a schema. Paths are written `containers.*.name`, `*` for any
 * index or key. `required`: fields whose removal is refused; `patterns`: fields with a value that
 * breaks their pattern; `records`: objects whose keys are free (`env`), so an extra key is no error.
 */
export interface SchemaRules {
  required: string[];
  patterns: Record<string, string>;
  records?: string[];
}

export const UNKNOWN_KEY = "unexpectedField";

/** `containers.*.ports.*.port` for `["containers", 0, "ports", 1, "port"]`; keys under a record become `*` too. */
export function pathPattern(path: JsonPath, records: readonly string[] = []): string {
  const parts: string[] = [];
  for (const key of path) parts.push(typeof key === "number" || records.includes(parts.join(".")) ? "*" : key);
  return parts.join(".");
}

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [42, true, null, {}],
  number: ["1", false, null, []],
  boolean: ["true", 0, null],
  array: [{}, "x", 1, null],
  object: [[], "x", 1, null],
};

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : typeof value;
}

/** Every node of a JSON document, with its path, parents before children. */
function nodes(value: unknown, path: JsonPath = []): Array<{ path: JsonPath; value: unknown }> {
  const children = value !== null && typeof value === "object" ? Object.entries(value as object).map(([k, v]) => nodes(v, [...path, Array.isArray(value) ? Number(k) : k])) : [];
  return [{ path, value }, ...children.flat()];
}

/** The mutations one valid spec allows, each as a function of the spec. */
export function mutationsOf(spec: unknown, rules: SchemaRules): Array<{ kind: MutationKind; path: JsonPath; replacement?: unknown; remove?: boolean }> {
  const records = rules.records ?? [];
  const out: Array<{ kind: MutationKind; path: JsonPath; replacement?: unknown; remove?: boolean }> = [];
  for (const { path, value } of nodes(spec)) {
    const pattern = pathPattern(path, records);
    if (path.length > 0) for (const replacement of WRONG_TYPES[typeOf(value)] ?? []) out.push({ kind: "wrong_type", path, replacement });
    if (typeof value === "number") for (const replacement of [-5, 1e9]) out.push({ kind: "out_of_range", path, replacement });
    if (typeOf(value) === "object" && !records.includes(pattern)) out.push({ kind: "unknown_key", path: [...path, UNKNOWN_KEY], replacement: 1 });
    if (rules.required.includes(pattern)) out.push({ kind: "remove_required", path, remove: true });
    if (pattern in rules.patterns) out.push({ kind: "break_pattern", path, replacement: rules.patterns[pattern] });
  }
  return out;
}

/** `spec` with `value` at `path`, or without the key at `path` when `remove`; `spec` itself is left alone. */
export function setAt(spec: unknown, path: JsonPath, value: unknown, remove = false): unknown {
  const copy = structuredClone(spec);
  if (path.length === 0) return value;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** One mutation of one valid spec drawn from `valid`; each kind the spec allows is as likely as the others. */
export function mutationArb(valid: fc.Arbitrary<unknown>, rules: SchemaRules): fc.Arbitrary<Mutation> {
  return valid.chain((spec) => {
    const all = mutationsOf(spec, rules);
    return fc
      .constantFrom(...new Set(all.map((m) => m.kind)))
      .chain((kind) => fc.constantFrom(...all.filter((m) => m.kind === kind)))
      .map((m) => ({ kind: m.kind, path: m.kind === "unknown_key" ? m.path.slice(0, -1) : m.path, spec: setAt(spec, m.path, m.replacement, m.remove) }));
  });
}

/** The contract's rules per schema that a walk of the value cannot see. */
export const RULES = {
  containerGroup: {
    required: [
      "name",
      "containers",
      "containers.*.name",
      "containers.*.image",
      "containers.*.ports.*.port",
      "containers.*.volumeMounts.*.volume",
      "containers.*.volumeMounts.*.mountPath",
      "volumes.*.name",
      "volumes.*.configFile.files",
      "volumes.*.configFile.files.*.path",
      "volumes.*.configFile.files.*.content",
      "volumes.*.disk.diskId",
      "network.mode",
      "network.vxnetId",
    ],
    patterns: {
      "containers.*.name": "Not_A-Label!",
      "containers.*.image": "Upper Case//image",
      "containers.*.registryCredentialId": "rc-TOOLONGID",
      "containers.*.workingDir": "relative/dir",
      "containers.*.volumeMounts.*.mountPath": "relative",
      "containers.*.volumeMounts.*.subPath": "../escape",
      "volumes.*.name": "-bad-",
      "volumes.*.configFile.files.*.path": "/absolute",
      "volumes.*.disk.diskId": "disk-1",
      "network.vxnetId": "vxnet-0",
      "network.privateIp": "300.1.2.3",
      "network.eipId": "eip-",
      "network.securityGroupId": "sg-12",
      imageCacheId: "ic-ABCDEFGH",
    },
    records: ["labels", "containers.*.env", "containers.*.secureEnv"],
  },
  imageCache: { required: ["name", "images"], patterns: { "images.*": "UPPER/Case", "registryCredentialIds.*": "rc-x" } },
  registryCredential: { required: ["server", "username", "password"], patterns: { server: "-bad host-" } },
  disk: { required: ["name"], patterns: {} },
  eip: { required: ["name"], patterns: {} },
  vpc: {
    required: ["name", "portForwardings.*.eipPort", "portForwardings.*.privateIp", "portForwardings.*.privatePort"],
    patterns: { cidr: "10.0.0.1/16", eipId: "eip-1", securityGroupId: "sg-1", "portForwardings.*.privateIp": "10.0.0" },
  },
  vxnet: { required: ["name", "vpcId", "cidr"], patterns: { vpcId: "vpc-12345678", cidr: "10.0.0.0/33" } },
  securityGroup: { required: ["name", "rules.*.priority"], patterns: { "rules.*.ports": "80-", "rules.*.sourceCidr": "0.0.0.0" } },
  accessKey: { required: [], patterns: {} },
} satisfies Record<string, SchemaRules>;
