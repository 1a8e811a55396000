/** A number with at most `decimals` decimals and no trailing zeros: `0.098`, `2`, `0.25`. */
export function decimal(value: number, decimals = 4): string {
  return String(Number(value.toFixed(decimals)));
}

/** GiB as a group's size reads: `4Gi`, `0.5Gi`. */
export function gibibytes(value: number): string {
  return `${decimal(value, 3)}Gi`;
}

/** Bytes in binary units as kubectl shows memory: `512Ki`, `12Mi`, `2Gi` (whole numbers, rounded). */
export function bytes(value: number): string {
  const units = ["", "Ki", "Mi", "Gi", "Ti"];
  let unit = 0;
  let scaled = value;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${Math.round(scaled)}${units[unit]}`;
}

/** CPU cores as kubectl top shows them: millicores, `250m`. */
export function millicores(cores: number): string {
  return `${Math.round(cores * 1000)}m`;
}

/** A cell for something absent, as kubectl prints it. */
export const NONE = "<none>";

/** `k=v,k2=v2`, or `<none>`. */
export function labelList(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? NONE : entries.map(([k, v]) => `${k}=${v}`).join(",");
}
