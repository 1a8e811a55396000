import { ERROR_STATUS, type ErrorCode, type ValidationIssue, describeIssues, validate } from "@eci/sdk";
import type { z } from "zod";

/** An error meant for the API's caller: a code from the contract, a sentence a person can act on, and details. */
export class EngineError extends Error {
  override readonly name = "EngineError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }

  static validation(issues: ValidationIssue[]): EngineError {
    return new EngineError("validation_failed", `Invalid request: ${describeIssues(issues)}`, issues);
  }

  static notFound(kind: string, id: string): EngineError {
    return new EngineError("not_found", `${kind} ${id} does not exist`);
  }

  static invalidState(subject: string, state: string, operation: string): EngineError {
    return new EngineError("invalid_state", `${subject} is ${state}; ${operation} is not possible until it leaves that state`, { state });
  }
}

/** The body parsed with a contract schema, or a 422 naming every broken rule. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = validate(schema, body);
  if (!result.ok) throw EngineError.validation(result.issues);
  return result.value;
}
