import type { FastifyReply, FastifyRequest } from "fastify";
import { EngineError } from "../errors";

// `3`, `"3"` or a weak `W/"3"`: clients echo the ETag they got, some unquote it, some mark it weak.
const VERSION_TAG = /^(?:W\/)?("?)([1-9][0-9]{0,14})\1$/;

/**
 * The version a request's `If-Match` names (SPEC §7 "Versions"), or undefined without the header (and
 * for `*`, which any existing resource matches). Anything else is refused (400) naming the header, so
 * a caller who meant to guard a write never gets an unguarded one.
 */
export function ifMatchOf(req: FastifyRequest): number | undefined {
  const raw = req.headers["if-match"];
  if (raw === undefined || raw.trim() === "*") return undefined;
  const match = VERSION_TAG.exec(raw.trim());
  if (!match) {
    throw new EngineError("malformed_request", `The If-Match header must name one version of the resource, such as "3" (the ETag of its read), not ${JSON.stringify(raw)}`, {
      header: "If-Match",
      value: raw,
    });
  }
  return Number(match[2]);
}

/** Answers a resource with its version as the ETag, so a client can send it back as `If-Match`. */
export function sendVersioned<T extends { version: number }>(reply: FastifyReply, resource: T, status = 200): FastifyReply {
  return reply.code(status).header("etag", `"${resource.version}"`).send(resource);
}
