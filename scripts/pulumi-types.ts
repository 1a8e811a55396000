/**
 * Converts JSON Schema (as `z.toJSONSchema` writes it) into the property and type specs of a Pulumi
 * package schema (https://www.pulumi.com/docs/iac/extending-pulumi/schema/).
 */

/** The keyword `generate-schema.ts` stamps on the JSON Schema of a zod schema that has a type name. */
export const TYPE_NAME_KEY = "x-pulumi-type";

export interface JsonSchema {
  type?: string | string[];
  enum?: Array<string | number>;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  [keyword: string]: unknown;
}

export type PropertySpec = Record<string, unknown>;
export interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required: string[];
}

/**
 * The complex types met while converting, keyed `<pkg>:index:<Name>`. Pulumi has no inline object or
 * enum types, so every one gets a name: the one stamped on it, else its owner's and property's names.
 * The first definition of a name wins, so convert inputs before outputs: a type shared by both must
 * keep its input `required` list (its defaults make more fields required on output).
 */
export class PulumiTypes {
  readonly types: Record<string, Record<string, unknown>> = {};

  constructor(private readonly pkg: string) {}

  /** The properties of a JSON Schema object; `nullable` fields are never `required`, as Pulumi has no null. */
  objectOf(node: JsonSchema, owner: string): ObjectSpec {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const [value, nullable] = withoutNull(child);
      properties[key] = compact({
        ...this.typeOf(value, owner + key[0].toUpperCase() + key.slice(1)),
        description: describe(child, value),
        default: isScalar(child.default) ? child.default : undefined,
      });
      if (node.required?.includes(key) && !nullable) required.push(key);
    }
    return { properties, required };
  }

  /** Sorted, so that schema.json does not reorder when conversion order changes. */
  sortedTypes(): Record<string, Record<string, unknown>> {
    return Object.fromEntries(Object.entries(this.types).sort(([a], [b]) => a.localeCompare(b)));
  }

  private typeOf(node: JsonSchema, fallbackName: string): PropertySpec {
    const named = node[TYPE_NAME_KEY] as string | undefined;
    if (node.oneOf?.every((branch) => branch.type === "object")) return this.typeOf({ ...mergeBranches(node.oneOf), [TYPE_NAME_KEY]: named }, fallbackName);
    if (node.const !== undefined) return this.typeOf({ ...node, const: undefined, enum: [node.const as string] }, fallbackName);
    if (node.enum) return this.enumOf(node, named, fallbackName);
    if (node.type === "object" && node.properties) {
      const token = `${this.pkg}:index:${named ?? fallbackName}`;
      if (!this.types[token]) {
        this.types[token] = {};
        const { properties, required } = this.objectOf(node, named ?? fallbackName);
        Object.assign(this.types[token], compact({ type: "object", properties, required: required.length ? required : undefined }));
      }
      return { $ref: `#/types/${token}` };
    }
    if (node.type === "object" && typeof node.additionalProperties === "object") {
      return { type: "object", additionalProperties: this.typeOf(node.additionalProperties, fallbackName) };
    }
    if (node.type === "array" && node.items) return { type: "array", items: this.typeOf(node.items, fallbackName) };
    if (typeof node.type === "string" && ["string", "integer", "number", "boolean"].includes(node.type)) return { type: node.type };
    throw new Error(`${fallbackName}: no Pulumi type for the JSON Schema ${JSON.stringify(node)}`);
  }

  /** An unnamed enum reuses a defined one with the same values, so `protocol` is one type, not one per owner. */
  private enumOf(node: JsonSchema, named: string | undefined, fallbackName: string): PropertySpec {
    const values = (node.enum ?? []).map((value) => ({ value }));
    const same = Object.entries(this.types).find(([, t]) => JSON.stringify(t.enum) === JSON.stringify(values));
    const token = named ? `${this.pkg}:index:${named}` : (same?.[0] ?? `${this.pkg}:index:${fallbackName}`);
    this.types[token] ??= { type: node.type, enum: values };
    return { $ref: `#/types/${token}` };
  }
}

/**
 * A discriminated union of objects (zod's `discriminatedUnion`) as one object, since Pulumi types
 * cannot be unions: every branch's properties, the discriminator an enum of the branches' values,
 * required only what every branch requires. `check` still applies the branch's own rules.
 */
function mergeBranches(branches: JsonSchema[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const branch of branches) {
    for (const [key, prop] of Object.entries(branch.properties ?? {})) {
      const seen = properties[key];
      properties[key] = seen && prop.const !== undefined ? { ...seen, const: undefined, enum: [...(seen.enum ?? [seen.const]), prop.const] as string[] } : (seen ?? prop);
    }
  }
  const required = branches.map((b) => b.required ?? []).reduce((all, r) => all.filter((k) => r.includes(k)));
  return { type: "object", properties, required };
}

/** `type: ["string", "null"]` and `anyOf: [X, {type: "null"}]` (zod's `.nullable()`) become X. */
function withoutNull(node: JsonSchema): [JsonSchema, boolean] {
  if (Array.isArray(node.type) && node.type.includes("null")) {
    const rest = node.type.filter((t) => t !== "null");
    return [{ ...node, type: rest.length === 1 ? rest[0] : rest }, true];
  }
  const others = node.anyOf?.filter((branch) => branch.type !== "null");
  if (node.anyOf && others?.length === 1 && others.length < node.anyOf.length) return [others[0], true];
  return [node, false];
}

/** The zod description, then the limits Pulumi cannot express, so a user reads them before `check` refuses. */
function describe(outer: JsonSchema, value: JsonSchema): string | undefined {
  const limits = [
    range(value.minLength, value.maxLength, " characters"),
    value.exclusiveMinimum !== undefined ? `above ${String(value.exclusiveMinimum)}` : undefined,
    range(bounded(value.minimum), bounded(value.maximum), ""),
    range(value.minItems, value.maxItems, " items"),
  ].filter(Boolean);
  const text = [outer.description, limits.length ? `Limits: ${limits.join(", ")}.` : undefined].filter(Boolean).join(" ");
  return text || undefined;
}

function range(min: unknown, max: unknown, unit: string): string | undefined {
  if (min !== undefined && max !== undefined) return `${String(min)}–${String(max)}${unit}`;
  if (min !== undefined) return `at least ${String(min)}${unit}`;
  if (max !== undefined) return `at most ${String(max)}${unit}`;
  return undefined;
}

/** zod writes the safe-integer bounds on every `.int()`: they say nothing to a user. */
function bounded(n: unknown): unknown {
  return typeof n === "number" && Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n;
}

/** Pulumi allows only scalar defaults; `{}` and `[]` defaults are what an omitted map or list means anyway. */
function isScalar(v: unknown): boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

export function compact<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
