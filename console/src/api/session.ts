/** The access key lives in sessionStorage only (SPEC §9): it is gone when the browser session ends. */
const STORAGE_KEY = "eci.accessKey";
/** The id of that key, once the console knows it (see `sessionKeyOf`): the Access keys page marks it. */
const STORAGE_KEY_ID = "eci.accessKeyId";

export function readKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function readKeyId(): string | null {
  return sessionStorage.getItem(STORAGE_KEY_ID);
}

/** Keeps the key, and its id when known (a key typed at login is not: the API does not say which key a request used). */
export function saveKey(key: string, id?: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  if (id) saveKeyId(id);
  else sessionStorage.removeItem(STORAGE_KEY_ID);
}

export function saveKeyId(id: string): void {
  sessionStorage.setItem(STORAGE_KEY_ID, id);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(STORAGE_KEY_ID);
}
