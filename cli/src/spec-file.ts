import { readFileSync } from "node:fs";
import { parse } from "yaml";
import {
  type ContainerGroupSpec,
  ContainerGroupSpecSchema,
  type StandbyPoolSpec,
  StandbyPoolIdSchema,
  StandbyPoolSpecSchema,
  type ValidationIssue,
  validate,
} from "@eci/sdk";
import { CliError } from "./errors";
import { issueLines } from "./output/error-report";

/** The `kind` of a file that declares a standby pool; a file without `kind` (or `kind: ContainerGroup`) is a group. */
export const POOL_KIND = "StandbyPool";
const GROUP_KIND = "ContainerGroup";

/**
 * What a spec file declares: what it says (less `kind`, and for a group less `standbyPoolId`, which only
 * a create takes), and the same with the defaults filled and every rule checked.
 */
export type SpecFile =
  | { kind: "group"; input: unknown; spec: ContainerGroupSpec; standbyPoolId?: string }
  | { kind: "pool"; input: unknown; spec: StandbyPoolSpec };

/**
 * Reads a YAML or JSON file (`-` for stdin) and checks it with the contract's schema before anything is
 * sent, so a mistake is reported with its field path (`containers[0].cpu`) and no request is made.
 */
export function readSpecFile(file: string, readStdin: () => string = () => readFileSync(0, "utf8")): SpecFile {
  const name = file === "-" ? "stdin" : file;
  let text: string;
  try {
    text = file === "-" ? readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`Cannot read ${name}: ${(err as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw new CliError(`${name} is neither YAML nor JSON: ${(err as Error).message.split("\n")[0].replace(/:$/, "")}`);
  }
  return parseSpecDocument(document, name);
}

/** A parsed document as a group or a standby pool, by its `kind`, checked with that kind's schema. */
export function parseSpecDocument(document: unknown, name: string): SpecFile {
  if (document === null || document === undefined) throw new CliError(`${name} is empty: it should hold a container group spec, or a standby pool's with kind: ${POOL_KIND}`);
  if (typeof document !== "object" || Array.isArray(document)) throw new CliError(`${name} should hold a mapping of a spec's fields, not ${Array.isArray(document) ? "a list" : "a single value"}`);
  const { kind = GROUP_KIND, ...fields } = document as Record<string, unknown>;
  if (kind === POOL_KIND) {
    const parsed = validate(StandbyPoolSpecSchema, fields);
    if (!parsed.ok) throw invalid(name, "standby pool", parsed.issues);
    return { kind: "pool", input: fields, spec: parsed.value };
  }
  if (kind !== GROUP_KIND) throw new CliError(`${name} has kind ${JSON.stringify(kind)}: apply takes a container group (no kind, or kind: ${GROUP_KIND}) or kind: ${POOL_KIND}`);
  const { standbyPoolId, ...input } = fields;
  const parsed = validate(ContainerGroupSpecSchema, input);
  const poolId = standbyPoolId === undefined ? undefined : validate(StandbyPoolIdSchema, standbyPoolId);
  if (!parsed.ok || (poolId && !poolId.ok)) {
    const issues = [...(parsed.ok ? [] : parsed.issues), ...(poolId && !poolId.ok ? poolId.issues.map((i) => ({ ...i, path: "standbyPoolId" })) : [])];
    throw invalid(name, "container group", issues);
  }
  return { kind: "group", input, spec: parsed.value, ...(poolId ? { standbyPoolId: poolId.value } : {}) };
}

function invalid(name: string, what: string, issues: readonly ValidationIssue[]): CliError {
  return new CliError(`${name} is not a valid ${what} spec:`, issueLines(issues));
}
