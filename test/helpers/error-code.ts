import { EngineError } from "../../engine/src/errors";

/** `"<status> <code>"` of the EngineError that `fn` throws, for unit tests of the engine's services. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof EngineError) return `${err.statusCode} ${err.code}`;
    throw err;
  }
  throw new Error("expected an EngineError");
}
