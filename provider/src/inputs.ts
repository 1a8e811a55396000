import { randomBytes } from "node:crypto";
import { formatPath, parseDuration } from "@eci/sdk";
import { z } from "zod";
import { canonicalize } from "./canonical";
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
    .strictObject({
      create: DurationSchema.default(create).describe("How long a create may wait for the resource to be ready."),
      update: DurationSchema.default(update).describe("How long an update may wait for the resource to be ready again."),
      delete: DurationSchema.default(del).describe("How long a delete may wait for the resource to be gone."),
    })
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
  /**
   * Fills the defaults that the spec's schema derives from other fields (in a transform), on a spec
   * that may hold unknown values: a default derived from an unknown value is unknown.
   */
  derived?: (spec: Record<string, unknown>) => Record<string, unknown>;
}

type Props = Record<string, unknown>;

/**
 * A resource's inputs: `check` validates them with the engine's own rules and returns them canonical
 * (defaults filled, map keys sorted), so `pulumi preview --diff` shows exactly what will change and
 * nothing perpetually. A value not known yet (preview) stays unknown where it is, and everything known
 * around it is canonical all the same. Rules about an unknown value, and rules that span fields while
 * any value is unknown, are checked once the values are known (the `check` of `up`).
 */
export class ResourceInputs<Spec, Own> {
  constructor(readonly shape: InputsShape<Spec, Own>) {}

  check(olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] } {
    const { __provider: _provider, ...given } = news;
    const prefix = typeof given[AUTONAME_KEY] === "string" ? (given[AUTONAME_KEY] as string) : this.shape.autoname;
    const withName = this.shape.autoname && given.name === undefined ? { ...given, name: autoName(olds, prefix as string) } : given;
    const split = this.split(withName);
    const spec = this.shape.spec.safeParse(split.spec);
    const own = this.shape.own.safeParse(split.own);
    const failures = [...checkFailures(spec, split.spec), ...checkFailures(own, split.own)];
    // The marker can pass a rule (it is a valid image reference, say), and a transform would derive from it as if known.
    const known = (result: z.ZodSafeParseResult<unknown>, input: Props) => (result.success && !containsUnknown(input) ? result.data : input);
    return { inputs: this.canonicalInputs(known(spec, split.spec), known(own, split.own), given[AUTONAME_KEY] as string | undefined), failures };
  }

  /** Spec and own inputs in canonical form, as far as they are known (`canonicalize`). */
  canonicalInputs(spec: unknown, own: unknown, autonamePrefix?: string): Props {
    const canonicalSpec = canonicalize(this.shape.spec, spec) as Props;
    const derived = this.shape.derived ? this.shape.derived(canonicalSpec) : canonicalSpec;
    return dropUndefined({ ...derived, ...(canonicalize(this.shape.own, own) as Props), [AUTONAME_KEY]: autonamePrefix });
  }

  /**
   * Old outputs or new inputs as `diff` compares them: canonical, so that a field left out equals its
   * default (a state written before the field existed), and without the outputs that are not inputs.
   */
  comparable(props: Props): Props {
    const { spec, own } = this.split(props);
    return this.canonicalInputs(spec, own);
  }

  /** Inputs rebuilt from the spec the engine returned, for `read`: so a refresh shows real drift. */
  fromEngine(spec: Props, previous: Props): Props {
    const own = this.shape.own.parse(this.split(previous).own);
    return this.canonicalInputs(pick(spec, this.shape.specKeys), own, previous[AUTONAME_KEY] as string | undefined);
  }

  /** Sorts inputs (or outputs) into the spec sent to the engine and the provider's own inputs. */
  split(inputs: Props): { spec: Props; own: Props } {
    const spec: Props = {};
    const own: Props = {};
    for (const [k, v] of Object.entries(inputs)) {
      if (this.shape.ownKeys.includes(k)) own[k] = v;
      else if (this.shape.specKeys.includes(k) || (!k.startsWith("__") && !this.shape.outputKeys.includes(k))) spec[k] = v;
    }
    return { spec, own };
  }
}

/**
 * The broken rules of a parse, as Pulumi's check failures. Skipped: rules about a value not known yet,
 * and, while anything is unknown, the rules that span fields (those carrying a `rule` name, such as
 * "a mount names one of the group's volumes"), which could be judging an unknown value.
 */
function checkFailures(result: z.ZodSafeParseResult<unknown>, input: Props): CheckFailure[] {
  if (result.success) return [];
  const anyUnknown = containsUnknown(input);
  return result.error.issues
    .filter((issue) => !unknownAlong(input, issue.path) && !(anyUnknown && issue.code === "custom" && issue.params?.rule !== undefined))
    .map((issue) => ({ property: formatPath(issue.path) || "(inputs)", reason: issue.message }));
}

function autoName(olds: Record<string, unknown>, prefix: string): string {
  const previous = olds.name;
  if (typeof previous === "string" && olds[AUTONAME_KEY] === prefix && previous.startsWith(`${prefix}-`)) return previous;
  return `${prefix.slice(0, 55)}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

export function pick(record: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

/** Pulumi's Struct cannot hold undefined. */
export function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Outputs that are not inputs, registered empty by a resource class so that they exist on it. */
export function outputSlots(keys: readonly string[]): Record<string, undefined> {
  return Object.fromEntries(keys.map((k) => [k, undefined]));
}
