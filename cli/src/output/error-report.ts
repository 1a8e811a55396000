import { CommanderError } from "commander";
import { type EciError, type ValidationIssue, ValidationIssueSchema, describeIssues, isEciError } from "@eci/sdk";
import { CliError, EXIT, UsageError } from "../errors";

/** What the CLI prints for a failure, and the exit code it ends with. */
export interface ErrorReport {
  /** Lines for stderr; the first is the message, the rest are indented details. */
  lines: string[];
  exitCode: number;
}

/** One line per broken rule, as the engine and the sdk name them: `containers[0].cpu: Too big: expected number to be <=32 (got 64)`. */
export function issueLines(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => describeIssues([issue]));
}

/**
 * The report of anything a command threw: for an API error, the engine's sentence, its code and each
 * broken field; for a usage error, where to find help; never a stack trace. `keySource` says where the
 * access key came from, for a refused key.
 */
export function errorReport(err: unknown, keySource?: string): ErrorReport {
  if (err instanceof UsageError) return { lines: [err.message, `See '${err.helpOf} --help'.`], exitCode: EXIT.usage };
  if (err instanceof CliError) return { lines: [err.message, ...err.lines.map((l) => `  ${l}`)], exitCode: EXIT.failed };
  if (isEciError(err)) return { lines: apiErrorLines(err, keySource), exitCode: EXIT.failed };
  if (err instanceof CommanderError) return { lines: [], exitCode: err.exitCode === 0 ? EXIT.ok : EXIT.usage };
  return { lines: [err instanceof Error ? err.message : String(err)], exitCode: EXIT.failed };
}

function apiErrorLines(err: EciError, keySource: string | undefined): string[] {
  const issues = issuesOf(err.details);
  let message = engineSentence(err);
  // The engine's sentence of a 422 lists every issue: say it once, one field a line.
  if (issues.length > 0) message = message.replace(`: ${describeIssues(issues)}`, "");
  const lines = [`${message} (${err.code})`, ...issueLines(issues).map((l) => `  ${l}`)];
  if (err.code === "unauthorized" && keySource) lines.push(`  The engine refused the access key from ${keySource}.`);
  if (err.code === "network_error" && /ECONNREFUSED/.test(err.message)) lines.push(`  Is the engine running? Start it with: npx eci-engine`);
  return lines;
}

/** The engine's own sentence, without the method, URL and status the sdk puts before it (kept for failures without an answer). */
function engineSentence(err: EciError): string {
  const prefix = `${err.method} ${err.url}: HTTP ${err.status} ${err.code}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

function issuesOf(details: unknown): ValidationIssue[] {
  if (!Array.isArray(details)) return [];
  return details.every((d) => ValidationIssueSchema.safeParse(d).success) ? (details as ValidationIssue[]) : [];
}
