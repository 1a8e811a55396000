import type { FastifyInstance, FastifyRequest } from "fastify";
import { MAX_CONFIG_BYTES } from "@eci/sdk";
import { EngineError } from "./errors";

/**
 * The largest request body, in bytes: 2 MiB. A group spec may carry a config-file volume of 1 MiB
 * (`MAX_CONFIG_BYTES`), and JSON adds a byte for each newline, quote or backslash of that text; twice
 * the content leaves room for the escapes of any ordinary text and for the rest of the spec.
 */
export const BODY_LIMIT_BYTES = 2 * MAX_CONFIG_BYTES;

/** How deep objects and arrays may nest in a body. The deepest valid spec nests 6 levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Replaces fastify's JSON parser with one that refuses bodies nested deeper than `MAX_JSON_DEPTH`
 * before parsing them: validation, error messages and logging all recurse into the parsed value, and
 * 10,000 levels overflow the stack. Counting brackets in the text is one loop, with no recursion, so
 * the check itself cannot overflow. The text is then parsed by fastify's own parser, which keeps its
 * protection against `__proto__` and `constructor` keys.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(new EngineError("malformed_request", `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, { rule: `max_depth:${MAX_JSON_DEPTH}` }), undefined);
      return;
    }
    parse(req, body as string, done);
  });
}

/** Whether brackets outside strings open more than `max` levels at some point of `text`. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The answer to a body over `BODY_LIMIT_BYTES`; its size is known when the client declared it. */
export function bodyTooLarge(req: FastifyRequest): EngineError {
  const declared = Number(req.headers["content-length"]);
  const size = Number.isFinite(declared) && declared > BODY_LIMIT_BYTES ? ` (it has ${declared} bytes)` : "";
  return new EngineError("payload_too_large", `The request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes (${BODY_LIMIT_BYTES / 1024 / 1024} MiB)${size}`, {
    limitBytes: BODY_LIMIT_BYTES,
    ...(size ? { sizeBytes: declared } : {}),
  });
}
