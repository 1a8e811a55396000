import { randomBytes } from "node:crypto";
import { formatPath } from "@eci/sdk";
import { z } from "zod";
import { parseDuration } from "./duration";
import { containsUnknown, unknownAlong } from "./unknowns";

/** The resource's name, passed by the resource class so that `check` can generate a name. */
export const AUTONAME_KEY = "__autonamePrefix";

export interface CheckFailure {
  property: string;
  reason: string;
}

const DurationSchema = z.string().refine((v) => parseDuration(v) !== undefined, "must be a duration such as 90s, 10m or 1h");

/** The `timeouts` input with the resource's defaults. */
export function timeoutsSchema(defaults: { create: string; update: string; delete: string }) {
  const { create, update, delete: del } = defaults;
  const said = create === update && update === del ? `${create} each` : `create ${create}, update ${update}, delete ${del}`;
  return z
    .strictObject({ create: DurationSchema.default(create), update: DurationSchema.default(update), delete: DurationSchema.default(del) })
    .default(defaults)
    .describe(`How long create, update and delete may wait (\`90s\`, \`10m\`, \`1h\`; default ${said}); Pulumi's customTimeouts do not reach dynamic providers.`);
}

/** How a resource's inputs are made of: the engine's spec, the provider's own inputs, and the outputs that come back in `olds`. */
export interface InputsShape<Spec, Own> {
  /** The engine's schema of the spec: the same rules the engine applies. */
  spec: z.ZodType<Spec>;
  specKeys: readonly string[];
  /** Inputs of the provider itself (how it waits), never sent to the engine. */
  own: z.ZodType<Own>;
  ownKeys: readonly string[];
  /** Outputs that are not inputs: they come back in `olds` and must not be mistaken for spec fields. */
  outputKeys: readonly string[];
  /** Generate `name` from the resource name when it is not given, with this prefix if the class passed none. */
  autoname?: string;
  /** Puts a valid spec in canonical form (map keys sorted, derived defaults filled). */
  canonical?: (spec: Spec) => Spec;
}

/**
 * A resource's inputs: `check` validates them with the engine's own rules and returns them canonical
 * (defaults filled, map keys sorted), so `pulumi preview --diff` shows exactly what will change and
 * nothing perpetually. Values not known yet (preview) are let through: their rules are checked when
 * they are known.
 */
export class ResourceInputs<Spec, Own> {
  constructor(readonly shape: InputsShape<Spec, Own>) {}

  check(olds: Record<string, unknown>, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const { __provider: _provider, ...given } = news;
    const prefix = typeof given[AUTONAME_KEY] === "string" ? (given[AUTONAME_KEY] as string) : this.shape.autoname;
    const withName = this.shape.autoname && given.name === undefined ? { ...given, name: autoName(olds, prefix as string) } : given;
    const split = this.split(withName);
    const failures: CheckFailure[] = [];
    const spec = this.shape.spec.safeParse(split.spec);
    const own = this.shape.own.safeParse(split.own);
    for (const [result, input] of [
      [spec, split.spec],
      [own, split.own],
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
    return { inputs: this.canonicalInputs(spec.data, own.data, given[AUTONAME_KEY] as string | undefined), failures };
  }

  canonicalInputs(spec: Spec, own: Own, autonamePrefix?: string): Record<string, unknown> {
    return dropUndefined({ ...(this.shape.canonical ? this.shape.canonical(spec) : spec), ...own, [AUTONAME_KEY]: autonamePrefix });
  }

  /** Inputs rebuilt from the spec the engine returned, for `read`: so a refresh shows real drift. */
  fromEngine(spec: Record<string, unknown>, previous: Record<string, unknown>): Record<string, unknown> {
    const own = this.shape.own.parse(this.split(previous).own);
    return this.canonicalInputs(pick(spec, this.shape.specKeys) as Spec, own, previous[AUTONAME_KEY] as string | undefined);
  }

  /** Sorts inputs (or outputs) into the spec sent to the engine and the provider's own inputs. */
  split(inputs: Record<string, unknown>): { spec: Record<string, unknown>; own: Record<string, unknown> } {
    const spec: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs)) {
      if (this.shape.ownKeys.includes(k)) own[k] = v;
      else if (this.shape.specKeys.includes(k) || (!k.startsWith("__") && !this.shape.outputKeys.includes(k))) spec[k] = v;
    }
    return { spec, own };
  }
}

function autoName(olds: Record<string, unknown>, prefix: string): string {
  const previous = olds.name;
  if (typeof previous === "string" && olds[AUTONAME_KEY] === prefix && previous.startsWith(`${prefix}-`)) return previous;
  return `${prefix.slice(0, 55)}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

export function pick(record: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Pulumi's Struct cannot hold undefined. */
export function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Outputs that are not inputs, registered empty by a resource class so that they exist on it. */
export function outputSlots(keys: readonly string[]): Record<string, undefined> {
  return Object.fromEntries(keys.map((k) => [k, undefined]));
}
