/**
 * Kubernetes' WebSocket exec framing (`v5.channel.k8s.io`, and `v4.channel.k8s.io` without the close
 * signal), as the engine's terminal speaks it (SPEC §2): every message is binary and starts with its
 * channel. Pure functions on bytes (no Node Buffer), shared by the engine, the sdk and a browser.
 */
export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;
export type ExecProtocol = (typeof EXEC_PROTOCOLS)[number];

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255 } as const;

/** The subprotocol that carries the key where a client cannot set headers (a browser), as Kubernetes accepts it. */
export const BEARER_PROTOCOL_PREFIX = "base64url.bearer.authorization.k8s.io.";

export function bearerProtocol(key: string): string {
  let binary = "";
  for (const byte of encoder.encode(key)) binary += String.fromCharCode(byte);
  return `${BEARER_PROTOCOL_PREFIX}${btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** The key carried by an offered subprotocol list (`Sec-WebSocket-Protocol`), if any. */
export function keyFromProtocols(header: string | undefined): string | undefined {
  const offered = (header ?? "").split(",").map((p) => p.trim());
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  if (!bearer) return undefined;
  const base64 = bearer.slice(BEARER_PROTOCOL_PREFIX.length).replace(/-/g, "+").replace(/_/g, "/");
  try {
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))) || undefined;
  } catch {
    return undefined;
  }
}

/** The newest exec protocol among those offered, if any. */
export function pickExecProtocol(offered: Iterable<string>): ExecProtocol | undefined {
  const set = new Set(offered);
  return EXEC_PROTOCOLS.find((p) => set.has(p));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function frame(channel: number, data: Uint8Array | string = new Uint8Array(0)): Uint8Array {
  const payload = typeof data === "string" ? encoder.encode(data) : data;
  const message = new Uint8Array(payload.length + 1);
  message[0] = channel;
  message.set(payload, 1);
  return message;
}

/** A message split into its channel and payload; `undefined` for an empty message. */
export function unframe(message: Uint8Array): { channel: number; data: Uint8Array } | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0], data: message.subarray(1) };
}

export function resizeFrame(cols: number, rows: number): Uint8Array {
  return frame(CHANNEL.resize, JSON.stringify({ Width: cols, Height: rows }));
}

/** The JSON of a status or resize payload. */
export function decodeText(data: Uint8Array): string {
  return decoder.decode(data);
}

/** A resize message's size, or `undefined` when it is not `{Width, Height}` with positive integers. */
export function parseResize(data: Uint8Array): { cols: number; rows: number } | undefined {
  try {
    const { Width, Height } = JSON.parse(decoder.decode(data)) as { Width?: unknown; Height?: unknown };
    const ok = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0 && (n as number) < 10_000;
    return ok(Width) && ok(Height) ? { cols: Width, rows: Height } : undefined;
  } catch {
    return undefined;
  }
}

/** Kubernetes' `Status` object on the status channel: how the command ended. */
export interface ExecStatus {
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  reason?: string;
  message?: string;
  details?: { causes: Array<{ reason: string; message: string }> };
}

export function exitStatus(exitCode: number): ExecStatus {
  if (exitCode === 0) return { metadata: {}, status: "Success" };
  return {
    metadata: {},
    status: "Failure",
    reason: "NonZeroExitCode",
    message: `command terminated with non-zero exit code: ${exitCode}`,
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  };
}

export function failureStatus(message: string): ExecStatus {
  return { metadata: {}, status: "Failure", reason: "InternalError", message };
}

/** The exit code a status reports: 0 for success, the `ExitCode` cause for a non-zero exit, null when the command did not end by exiting. */
export function exitCodeOf(status: ExecStatus): number | null {
  if (status.status === "Success") return 0;
  const cause = status.details?.causes.find((c) => c.reason === "ExitCode");
  return cause ? Number(cause.message) : null;
}
