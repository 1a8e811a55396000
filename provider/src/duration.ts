/** `10m0s`-style text for a duration, as Pulumi prints timeouts. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${s % 60}s`;
}
