import type { z } from "zod";
import { UNKNOWN } from "./unknowns";

type Def = {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
};

/** The zod definition of a schema; the walkers below read only these fields of it. */
export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** The fields of an object schema, once `default`, `optional`, `pipe` and the like are unwrapped; `undefined` for other schemas. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(schema);
  if (def.type === "object") return def.shape;
  const inner = def.innerType ?? def.in;
  return inner ? objectShape(inner) : undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * `value` in canonical form as far as it is known: every default of `schema` filled where its field is
 * left out, map keys sorted, at any depth, while a value not known yet (the preview's unknown marker)
 * stays where it is, and what below it cannot be known stays absent. A value of the wrong shape is
 * kept as it is, so that nothing is lost and validation reports it. Transforms are not applied: what
 * they derive is the resource's own business (`InputsShape.derived`). Idempotent.
 */
export function canonicalize(schema: z.ZodType, value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN;
  const def = defOf(schema);
  switch (def.type) {
    case "default":
      return value === undefined ? structuredClone(def.defaultValue) : canonicalize(def.innerType as z.ZodType, value);
    case "optional":
    case "nullable":
    case "readonly":
      return value === undefined || value === null ? value : canonicalize(def.innerType as z.ZodType, value);
    case "pipe":
      return canonicalize(def.in as z.ZodType, value);
    case "object":
      return isRecord(value) ? canonicalObject(def.shape as Record<string, z.ZodType>, value) : value;
    case "array":
      return Array.isArray(value) ? value.map((v) => canonicalize(def.element as z.ZodType, v)) : value;
    case "record":
      return isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonicalize(def.valueType as z.ZodType, value[k])])) : value;
    case "union": {
      const option = unionOption(schema, value);
      return option ? canonicalize(option, value) : value;
    }
    default:
      return value;
  }
}

function canonicalObject(shape: Record<string, z.ZodType>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const v = canonicalize(field, value[key]);
    if (v !== undefined) out[key] = v;
  }
  // Keys the schema does not know are kept: validation names them, and nothing the user wrote is dropped.
  for (const [key, v] of Object.entries(value)) if (!(key in shape) && v !== undefined) out[key] = v;
  return out;
}

/** The option of a discriminated union that `value` is, by its discriminator; `undefined` while the discriminator is not known or matches none. */
export function unionOption(union: z.ZodType, value: unknown): z.ZodType | undefined {
  const { options = [], discriminator } = defOf(union);
  if (!discriminator || !isRecord(value)) return undefined;
  return options.find((option) => {
    const literal = objectShape(option)?.[discriminator];
    return literal !== undefined && ((defOf(literal) as { values?: unknown[] }).values ?? []).includes(value[discriminator]);
  });
}
