import { randomBytes } from "node:crypto";
import { CONTAINER_GROUP_SPEC_KEYS, CONTAINER_SPEC_KEYS, type ContainerGroup, type ContainerGroupSpec, ContainerGroupSpecSchema, formatPath, idSchema } from "@eci/sdk";
import { z } from "zod";
import { parseDuration } from "./duration";
import { containsUnknown, unknownAlong } from "./unknowns";

export const DEFAULT_TIMEOUT = "10m";

const DurationSchema = z.string().refine((v) => parseDuration(v) !== undefined, "must be a duration such as 90s, 10m or 1h");

/** Inputs of the provider itself, not sent to the engine. */
export const ProviderInputsSchema = z.object({
  waitFor: z
    .enum(["healthy", "running", "none"])
    .default("healthy")
    .describe("What create and update wait for: `healthy` (a succeeded batch group also counts), `running`, or `none`."),
  timeouts: z
    .strictObject({ create: DurationSchema.default(DEFAULT_TIMEOUT), update: DurationSchema.default(DEFAULT_TIMEOUT), delete: DurationSchema.default(DEFAULT_TIMEOUT) })
    .default({ create: DEFAULT_TIMEOUT, update: DEFAULT_TIMEOUT, delete: DEFAULT_TIMEOUT })
    .describe("How long create, update and delete may wait (`90s`, `10m`, `1h`); Pulumi's customTimeouts do not reach dynamic providers."),
  adoptId: idSchema("cg").optional().describe("Adopt this existing group instead of creating one (`pulumi import` does not work for dynamic resources)."),
});
export type ProviderInputs = z.infer<typeof ProviderInputsSchema>;
const PROVIDER_KEYS = ["waitFor", "timeouts", "adoptId"] as const;

/** The resource's name, passed by the resource class so that `check` can generate a name. */
export const AUTONAME_KEY = "__autonamePrefix";

/** Canonical inputs of a ContainerGroup: the group spec with its defaults, and the provider's own inputs. */
export type ContainerGroupInputs = ContainerGroupSpec & ProviderInputs & { [AUTONAME_KEY]?: string };

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Validates inputs with the engine's own rules and returns them canonical (defaults filled, map keys
 * sorted), so `pulumi preview --diff` shows exactly what will change and nothing perpetually. Values
 * not known yet (preview) are let through: their rules are checked when they are known.
 */
export function checkContainerGroup(olds: Record<string, unknown>, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const { __provider: _provider, ...given } = news;
  const prefix = typeof given[AUTONAME_KEY] === "string" ? (given[AUTONAME_KEY] as string) : "group";
  const withName = { ...given, name: given.name ?? autoName(olds, prefix) };
  const split = splitInputs(withName);
  const failures: CheckFailure[] = [];
  const spec = ContainerGroupSpecSchema.safeParse(split.spec);
  const own = ProviderInputsSchema.safeParse(split.provider);
  for (const [result, input] of [
    [spec, split.spec],
    [own, split.provider],
  ] as const) {
    if (result.success) continue;
    for (const issue of result.error.issues) {
      if (unknownAlong(input, issue.path)) continue;
      failures.push({ property: formatPath(issue.path) || "(inputs)", reason: issue.message });
    }
  }
  if (failures.length > 0 || !spec.success || !own.success || containsUnknown(withName)) {
    const defaults = own.success ? own.data : {};
    return { inputs: dropUndefined({ ...defaults, ...withName }), failures };
  }
  return { inputs: canonicalInputs(spec.data, own.data, given[AUTONAME_KEY] as string | undefined), failures };
}

export function canonicalInputs(spec: ContainerGroupSpec, own: ProviderInputs, autonamePrefix?: string): Record<string, unknown> {
  return dropUndefined({
    ...spec,
    labels: sortKeys(spec.labels),
    containers: spec.containers.map((c) => ({ ...c, env: sortKeys(c.env) })),
    ...own,
    [AUTONAME_KEY]: autonamePrefix,
  });
}

/** The spec part of inputs (or of outputs, whose containers also carry their states), as the engine takes it. */
export function specOf(inputs: Record<string, unknown>): ContainerGroupSpec {
  const { spec } = splitInputs(inputs);
  const containers = (spec.containers as Array<Record<string, unknown>> | undefined)?.map((c) => pick(c, CONTAINER_SPEC_KEYS));
  return { ...spec, containers } as ContainerGroupSpec;
}

/** Inputs rebuilt from a group the engine returned, for `read`: so a refresh shows real drift. */
export function inputsFromGroup(group: ContainerGroup, previous: Record<string, unknown>): Record<string, unknown> {
  const own = ProviderInputsSchema.parse(splitInputs(previous).provider);
  return canonicalInputs(specOf(pick(group, CONTAINER_GROUP_SPEC_KEYS)), own, previous[AUTONAME_KEY] as string | undefined);
}

function splitInputs(inputs: Record<string, unknown>): { spec: Record<string, unknown>; provider: Record<string, unknown> } {
  const spec: Record<string, unknown> = {};
  const provider: Record<string, unknown> = {};
  const specKeys: readonly string[] = CONTAINER_GROUP_SPEC_KEYS;
  for (const [k, v] of Object.entries(inputs)) {
    if ((PROVIDER_KEYS as readonly string[]).includes(k)) provider[k] = v;
    else if (specKeys.includes(k) || !k.startsWith("__") && !OUTPUT_KEYS.includes(k)) spec[k] = v;
  }
  return { spec, provider };
}

/** Outputs that are not inputs; they come back in `olds` and must not be mistaken for spec fields. */
export const OUTPUT_KEYS = ["status", "healthStatus", "statusReason", "privateIp", "cpu", "memory", "ports", "createdAt"];

function autoName(olds: Record<string, unknown>, prefix: string): string {
  const previous = olds.name;
  if (typeof previous === "string" && olds[AUTONAME_KEY] === prefix && previous.startsWith(`${prefix}-`)) return previous;
  return `${prefix.slice(0, 55)}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

function pick(record: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Pulumi's Struct cannot hold undefined. */
export function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
