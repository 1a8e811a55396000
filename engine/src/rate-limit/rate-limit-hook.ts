import type { FastifyReply, FastifyRequest } from "fastify";
import { EngineError } from "../errors";
import type { RateLimiter } from "./rate-limiter";

/**
 * An `onRequest` hook that spends one token of the presented access key per request, and answers 429
 * `rate_limited` with `Retry-After` (whole seconds, at least 1) when the key has none left. Register it
 * after authentication: only a valid key spends tokens, and a terminal's WebSocket counts once, for
 * its upgrade request.
 */
export function rateLimitHook(limiter: RateLimiter): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const { requestsPerSecond, burst } = limiter.limit;
  return async (req, reply) => {
    // The bucket is the access key's id (`ak-…`), set by authentication: the limiter holds no secrets.
    if (!req.accessKeyId) return;
    const waitMs = limiter.take(req.accessKeyId);
    if (waitMs === undefined) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    reply.header("retry-after", String(retryAfterSeconds));
    throw new EngineError(
      "rate_limited",
      `Too many requests with this access key (at most ${requestsPerSecond} a second, ${burst} at once); retry in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
  };
}
