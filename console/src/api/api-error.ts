import type { ValidationIssue } from "./contract";

/** An answer of the engine that is not a success, or no answer at all (`status` 0, code `network_error`). */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** The broken rules of a 422, each with the field path it concerns. */
  get issues(): ValidationIssue[] {
    return Array.isArray(this.details) ? this.details.filter(isIssue) : [];
  }
}

function isIssue(value: unknown): value is ValidationIssue {
  return typeof value === "object" && value !== null && typeof (value as ValidationIssue).path === "string" && typeof (value as ValidationIssue).message === "string";
}

/** A sentence for any error: the engine's message, or what went wrong on the way. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
