const TONES: Record<string, string> = {
  running: "ok",
  healthy: "ok",
  available: "ok",
  ready: "ok",
  filling: "busy",
  active: "ok",
  associated: "ok",
  "in-use": "info",
  succeeded: "done",
  pending: "busy",
  creating: "busy",
  updating: "busy",
  restarting: "busy",
  checking: "busy",
  waiting: "busy",
  created: "busy",
  deleting: "off",
  terminated: "off",
  failed: "bad",
  unhealthy: "bad",
  Warning: "bad",
  Normal: "off",
};

/** A status as a coloured word: the word carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONES[status] ?? "off"}`}>{status}</span>;
}
