/** How people read the API's values: kubectl-style ages, binary sizes, money per hour. */

export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${minutes % 60 ? `${minutes % 60}m` : ""}`;
  return `${Math.floor(hours / 24)}d`;
}

/** A local date and time to the second, for tables. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? (Number.isInteger(value) || value >= 10 ? String(Math.round(value)) : value.toFixed(1)) : value >= 100 ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}

export function money(amount: number, currency: string | undefined): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  const text = amount.toFixed(Math.max(digits, decimalsOf(amount, 6)));
  return currency ? `${text} ${currency}` : text;
}

/** Enough decimals to show a price such as 0.0045 exactly, up to `max`. */
function decimalsOf(value: number, max: number): number {
  const text = String(Number(value.toFixed(max)));
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

export function size(cpu: number, memory: number): string {
  return `${cpu} vCPU · ${memory} GiB`;
}
