import type { z } from "zod";
import type { ValidationIssue } from "./errors";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Parses `input` with a contract schema; on failure, one issue per broken rule with its path, rule and value. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): ValidationResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => toValidationIssue(issue, input)) };
}

/** `containers[1].ports[0]` from `["containers", 1, "ports", 0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** One line per issue, as shown to a person: `containers[0].cpu: Too big: expected number to be <=32 (got 64)`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || "(body)"}: ${i.message}${i.value === undefined ? "" : ` (got ${preview(i.value)})`}`).join("; ");
}

function toValidationIssue(issue: z.core.$ZodIssue, input: unknown): ValidationIssue {
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    // A bad record key: report the key itself and the rule it broke, not "Invalid key in record".
    const inner = issue.issues[0] as z.core.$ZodIssue;
    return { path: formatPath(issue.path), rule: ruleOf(inner), value: issue.path[issue.path.length - 1], message: `key ${inner.message}` };
  }
  const value = issue.code === "unrecognized_keys" ? issue.keys : withoutSecrets(issue.path, valueAt(input, issue.path));
  return { path: formatPath(issue.path), rule: ruleOf(issue), value, message: issue.message };
}

/** Fields whose values are secrets: a password, the values of `secureEnv`. */
const SECRET_FIELDS = new Set(["password", "secureEnv"]);
/** What an issue shows in place of a secret. */
export const HIDDEN_VALUE = "(hidden)";

/**
 * The value an issue reports, with secrets hidden: an issue never echoes a password or a `secureEnv`
 * value back (into an answer, and so into a log), wherever it is and whatever broke.
 */
function withoutSecrets(path: readonly PropertyKey[], value: unknown): unknown {
  if (value === undefined) return undefined;
  const at = path.findIndex((key) => typeof key === "string" && SECRET_FIELDS.has(key));
  if (at >= 0) return path.length > at + 1 || typeof value !== "object" || value === null ? HIDDEN_VALUE : hideValues(value);
  return hideSecretFields(value);
}

function hideSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecretFields);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? (v !== null && typeof v === "object" ? hideValues(v) : HIDDEN_VALUE) : hideSecretFields(v)]));
}

/** A map of secrets with its names kept and every value hidden. */
function hideValues(value: object): unknown {
  return Array.isArray(value) ? value.map(() => HIDDEN_VALUE) : Object.fromEntries(Object.keys(value).map((k) => [k, HIDDEN_VALUE]));
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_big":
      return `max:${String(issue.maximum)}`;
    case "too_small":
      return `min:${String(issue.minimum)}`;
    case "invalid_type":
      return `type:${issue.expected}`;
    case "not_multiple_of":
      return `multiple_of:${String(issue.divisor)}`;
    case "invalid_value":
      return `one_of:${issue.values.map(String).join("|")}`;
    case "invalid_format":
      return `format:${issue.format === "regex" && "pattern" in issue ? String(issue.pattern) : issue.format}`;
    case "unrecognized_keys":
      return "known_fields";
    case "custom":
      return typeof issue.params?.rule === "string" ? issue.params.rule : "custom";
    default:
      return issue.code;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
