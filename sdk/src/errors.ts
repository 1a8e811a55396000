import { z } from "zod";

/**
 * The closed set of error codes the engine answers with, each mapped to exactly one HTTP status.
 * Clients branch on `code`, never on the message.
 */
export const ERROR_STATUS = {
  malformed_request: 400,
  unauthorized: 401,
  quota_exceeded: 403,
  not_found: 404,
  invalid_state: 409,
  pending_without_ip: 409,
  container_not_started: 409,
  in_use: 409,
  last_access_key: 409,
  version_conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  immutable_field: 422,
  rate_limited: 429,
  internal: 500,
  runtime_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** One broken rule: where (`path`, e.g. `containers[1].cpu`), which rule, the value given, and a sentence. */
export const ValidationIssueSchema = z.object({
  path: z.string(),
  rule: z.string(),
  value: z.unknown().optional(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

/** The body of every error response. `details` holds `ValidationIssue[]` for 422 answers. */
export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
