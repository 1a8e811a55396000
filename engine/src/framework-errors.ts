import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

const MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: "The URL's path is not valid: a '%' must start an escape such as %2F",
  FST_ERR_MAX_PARAM_LENGTH: "A segment of the URL's path is longer than 100 characters: no id is that long",
};

/**
 * fastify answers a URL it cannot route (a broken percent-escape, a path segment over its 100
 * characters) before any hook or error handler runs, with a body of its own (`FST_ERR_BAD_URL`, a
 * 414): this answers the contract's 400 `malformed_request` instead, so clients see one error shape.
 */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  void reply.code(400).send({ code: "malformed_request", message: MESSAGES[error.code] ?? "The request's URL cannot be routed" });
}
