/** How many times, and how patiently, the client sends a request again after a failure that allows it. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 turns retrying off. */
  maxRetries: number;
  /** The first back-off; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  /** The longest back-off; a `Retry-After` longer than this is not waited for (the 429 is thrown instead). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 250, maxDelayMs: 30_000 };

/** An attempt that failed, as far as retrying it is concerned. */
export interface FailedAttempt {
  method: string;
  /** The HTTP status; 0 when no answer came. */
  status: number;
  /** From the answer's `Retry-After`. */
  retryAfterSeconds?: number;
  /** When no answer came: the network error's code, such as `ECONNRESET`. */
  networkCode?: string;
}

/** Methods whose repetition does what one request does (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** The connection was refused: the request never left. */
const NOT_SENT = new Set(["ECONNREFUSED"]);
/** The connection dropped before an answer: the engine may have acted on the request. */
const DROPPED = new Set(["ECONNRESET", "EPIPE"]);

/**
 * How long to wait before sending a failed request again, or undefined to give up. A 429 was refused
 * before anything happened and a refused connection carried nothing, so any method is retried; a
 * dropped connection is retried only for idempotent methods, since a POST might have been done already.
 * Timeouts, TLS failures and other answers are not retried. The wait doubles from `baseDelayMs`, half of
 * it random so that clients refused together do not come back together, and comes on top of the
 * `Retry-After` the engine asked for.
 */
export function retryDelayMs(failure: FailedAttempt, retriesSoFar: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (retriesSoFar >= policy.maxRetries || !isRetryable(failure)) return undefined;
  const retryAfterMs = (failure.retryAfterSeconds ?? 0) * 1000;
  if (retryAfterMs > policy.maxDelayMs) return undefined;
  const backoffMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesSoFar);
  return retryAfterMs + backoffMs * (0.5 + random() / 2);
}

function isRetryable({ method, status, networkCode }: FailedAttempt): boolean {
  if (status === 429) return true;
  if (status !== 0 || networkCode === undefined) return false;
  return NOT_SENT.has(networkCode) || (DROPPED.has(networkCode) && IDEMPOTENT.has(method.toUpperCase()));
}
