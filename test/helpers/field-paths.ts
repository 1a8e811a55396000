import type { z } from "zod";
import { defOf, isRecord, unionOption } from "../../provider/src/canonical";

/** A place in a value: its path, and its pattern with list indexes as `[]` and map keys as `{}` (`containers[].env{}`). */
export interface FieldNode {
  path: Array<string | number>;
  pattern: string;
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** Every field a schema declares, at any depth, as patterns; each option of a union adds its own fields. */
export function fieldPatterns(schema: z.ZodType, prefix = ""): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case "default":
    case "optional":
    case "nullable":
    case "readonly":
      return fieldPatterns(def.innerType as z.ZodType, prefix);
    case "pipe":
      return fieldPatterns(def.in as z.ZodType, prefix);
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) => [join(prefix, key), ...fieldPatterns(field, join(prefix, key))]);
    case "array":
      return [`${prefix}[]`, ...fieldPatterns(def.element as z.ZodType, `${prefix}[]`)];
    case "record":
      return [`${prefix}{}`, ...fieldPatterns(def.valueType as z.ZodType, `${prefix}{}`)];
    case "union":
      return [...new Set((def.options as z.ZodType[]).flatMap((option) => fieldPatterns(option, prefix)))];
    default:
      return [];
  }
}

/** Every place that `value` fills in `schema`, at any depth: each field, list element and map value. */
export function valueNodes(schema: z.ZodType, value: unknown, at: FieldNode = { path: [], pattern: "" }): FieldNode[] {
  const def = defOf(schema);
  const below = (inner: z.ZodType, key: string | number, pattern: string): FieldNode[] => {
    const node = { path: [...at.path, key], pattern };
    return [node, ...valueNodes(inner, (value as Record<string | number, unknown>)[key], node)];
  };
  switch (def.type) {
    case "default":
    case "optional":
    case "nullable":
    case "readonly":
      return value === undefined ? [] : valueNodes(def.innerType as z.ZodType, value, at);
    case "pipe":
      return valueNodes(def.in as z.ZodType, value, at);
    case "object":
      if (!isRecord(value)) return [];
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) => (value[key] === undefined ? [] : below(field, key, join(at.pattern, key))));
    case "array":
      return Array.isArray(value) ? value.flatMap((_v, i) => below(def.element as z.ZodType, i, `${at.pattern}[]`)) : [];
    case "record":
      return isRecord(value) ? Object.keys(value).flatMap((key) => below(def.valueType as z.ZodType, key, `${at.pattern}{}`)) : [];
    case "union": {
      const option = unionOption(schema, value);
      return option ? valueNodes(option, value, at) : [];
    }
    default:
      return [];
  }
}

/** A deep copy of `value` with `replacement` at `path`. */
export function setAt<T>(value: T, path: Array<string | number>, replacement: unknown): T {
  if (path.length === 0) return replacement as T;
  const [key, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[key] = setAt(copy[key], rest, replacement);
  return copy as T;
}
