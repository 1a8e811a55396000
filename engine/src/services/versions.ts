import { EngineError } from "../errors";

/** The version a resource starts at (SPEC §7 "Versions"). */
export const FIRST_VERSION = 1;

/**
 * Refuses (409 `version_conflict`) a write whose `If-Match` names another version than the resource
 * has: checked before anything else, so a stale writer learns first that it is stale.
 */
export function checkVersion(subject: string, expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw versionConflict(subject, expected, current);
}

/**
 * After a compare-and-write of the store: nothing if it wrote; otherwise the conflict with the version
 * the resource has now, or `not_found` when it is gone.
 */
export function ensureWritten(written: boolean, subject: string, expected: number | undefined, now: () => { version: number } | undefined): void {
  if (written) return;
  const current = now();
  if (!current || expected === undefined) throw new EngineError("not_found", `${subject} does not exist`);
  throw versionConflict(subject, expected, current.version);
}

function versionConflict(subject: string, expected: number, current: number): EngineError {
  return new EngineError(
    "version_conflict",
    `${subject} is at version ${current}, not version ${expected} that If-Match names: it changed since you read it; read it again and decide on the change`,
    { expected, current },
  );
}
