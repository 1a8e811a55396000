import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * A salted scrypt hash of a write-only input, kept in outputs instead of the value, so that `diff`
 * still sees a change of it while the state never holds it (not even encrypted). Format:
 * `scrypt:<salt>:<hash>`, both base64url.
 */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt:${salt.toString("base64url")}:${scryptSync(password, salt, 32).toString("base64url")}`;
}

/** Whether `password` is the one `hash` was made from; false for anything that is not such a hash. */
export function matchesHash(password: string, hash: unknown): boolean {
  if (typeof hash !== "string") return false;
  const [scheme, salt, digest] = hash.split(":");
  if (scheme !== "scrypt" || !salt || !digest) return false;
  const expected = Buffer.from(digest, "base64url");
  const actual = scryptSync(password, Buffer.from(salt, "base64url"), expected.length);
  return expected.length > 0 && timingSafeEqual(expected, actual);
}
