import type { ErrorCode } from "../errors";

/**
 * Every error the client throws. Detect them with `isEciError` (or by `name`), not `instanceof`:
 * Pulumi's closure serializer can load two copies of this module.
 */
export class EciError extends Error {
  readonly eciError = true;
  /** From the answer's `Retry-After`: on `rate_limited`, once the client's own retries have run out, how long to wait. */
  readonly retryAfterSeconds?: number;

  constructor(
    message: string,
    /** The API's code, or `network_error` / `invalid_response` for failures on the client's side. */
    readonly code: ErrorCode | "network_error" | "invalid_response",
    readonly method: string,
    readonly url: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    readonly details?: unknown,
    /** `retryAfterSeconds`: how long a `rate_limited` answer asked to wait; `cause`: the network error when no answer came. */
    more: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, more.cause === undefined ? undefined : { cause: more.cause });
    this.name = "EciError";
    this.retryAfterSeconds = more.retryAfterSeconds;
  }
}

export function isEciError(err: unknown): err is EciError {
  return typeof err === "object" && err !== null && (err as { eciError?: unknown }).eciError === true;
}

/** True for an API answer with this code (`not_found`, `invalid_state`, …). */
export function hasCode(err: unknown, code: EciError["code"]): err is EciError {
  return isEciError(err) && err.code === code;
}
