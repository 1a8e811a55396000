/** A duration as events and reasons show it: `500ms`, `2.5s`, `3.5 minutes`. */
export function formatDuration(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 6_000) / 10} minutes`;
  return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`;
}
