/** Finding a secret wherever it may have been written: whole, escaped, encoded, or a piece of it. */
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * A random secret that no code would write by chance: a random core first (a letter, so that JSON.parse
 * reads it, unquoted, as a bad token), then what it is; quotes, a backslash and a slash make its
 * JSON-escaped form differ from it.
 */
export const marker = (what: string) => `s${randomBytes(12).toString("hex")}-${what}"\\/`;
/** The random part of a secret: the core of a marker, or an access key without its `eci_` prefix. */
const randomPart = (secret: string) => (secret.startsWith("eci_") ? secret.slice(4) : secret.slice(0, 25));
/**
 * How long a piece of a secret's random part may not appear anywhere: as long as the excerpt a JSON.parse
 * error quotes (10 characters), and still too long to occur by chance.
 */
export const FRAGMENT = 10;

/**
 * The forms a secret takes when it is written somewhere: as is, JSON-escaped, and base64-encoded at
 * each of the three alignments it may have inside longer base64 text (a registry auth header, say).
 */
export function secretForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const base64 = [0, 1, 2].map((shift) => {
    const encoded = Buffer.from(`${"x".repeat(shift)}${secret}`).toString("base64");
    // Drop the characters that depend on what comes before or after the secret.
    const start = Math.ceil((shift * 4) / 3) + (shift === 0 ? 0 : 1);
    const end = encoded.replace(/=+$/, "").length - 2;
    return encoded.slice(start, end);
  });
  return [...new Set([secret, escaped, ...base64])];
}

/**
 * Where in `haystack` (text or bytes) `secret` occurs, whole in any of its forms or as a piece of
 * `FRAGMENT` characters of its random part (an error quoting a few characters of it), as short
 * descriptions; empty when nowhere.
 */
export function occurrences(secret: string, haystack: string | Buffer, where: string): string[] {
  const bytes = typeof haystack === "string" ? Buffer.from(haystack, "utf8") : haystack;
  const core = randomPart(secret);
  const pieces = Array.from({ length: core.length - FRAGMENT + 1 }, (_, i) => core.slice(i, i + FRAGMENT));
  const forms = [...secretForms(secret).map((form, i) => ({ form, how: i === 0 ? "whole" : form === JSON.stringify(secret).slice(1, -1) ? "JSON-escaped" : "base64" })), ...pieces.map((form) => ({ form, how: "a piece" }))];
  for (const { form, how } of forms) {
    const at = bytes.indexOf(Buffer.from(form, "utf8"));
    if (at >= 0) return [`${where} at byte ${at} (${how}: ...${bytes.subarray(Math.max(0, at - 40), at + form.length + 40).toString("utf8")}...)`];
  }
  return [];
}

/** Every file under `dir`, read as bytes, by path relative to it. */
export function filesUnder(dir: string, base = dir): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) for (const [k, v] of filesUnder(full, base)) files.set(k, v);
    else files.set(path.relative(base, full), readFileSync(full));
  }
  return files;
}
