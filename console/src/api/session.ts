/** The access key lives in sessionStorage only (SPEC §9): it is gone when the browser session ends. */
const STORAGE_KEY = "eci.accessKey";

export function readKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
