export const ACCESS_KEYS = "/v1/access-keys";

/**
 * Which listed key this browser session uses. The API does not say which key a request came with, so
 * the console knows it only when it switched to a key it created (`knownId`), or when the account has
 * a single key: the list was read with the session's key, so that one is it. Undefined otherwise.
 */
export function sessionKeyOf(keys: ReadonlyArray<{ id: string }>, knownId: string | undefined): string | undefined {
  if (knownId && keys.some((k) => k.id === knownId)) return knownId;
  return keys.length === 1 ? keys[0].id : undefined;
}
