import { ApiError } from "./api-error";
import { EXEC_PROTOCOLS, bearerProtocol } from "./contract";

/** How many times a request refused with 429 is sent again: the engine did nothing with it. */
const RATE_LIMIT_RETRIES = 3;

/**
 * The engine's API from the page that it served: same origin, `Authorization: Bearer <key>`. Errors
 * come back as `ApiError` with the contract's code and message; a 401 also ends the session.
 */
export class EngineClient {
  constructor(
    private readonly key: string,
    private readonly onUnauthorized: (message: string) => void,
  ) {}

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>("GET", path, undefined, { signal });
  }

  /** A request with a JSON body (or none); `ifMatch` sends the version the caller last saw. */
  async json<T>(method: string, path: string, body?: unknown, options: { ifMatch?: number; signal?: AbortSignal } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = `"${options.ifMatch}"`;
    const res = await this.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  /** The raw answer of a successful request (for streams: logs, live metrics). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.key}` } });
      } catch (err) {
        if ((err as Error).name === "AbortError") throw err;
        throw new ApiError(0, "network_error", `Cannot reach the engine: ${(err as Error).message}`);
      }
      if (res.ok) return res;
      const error = await errorOf(res);
      if (res.status === 401) this.onUnauthorized(error.message);
      if (res.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        const seconds = Math.min(Number(res.headers.get("retry-after")) || 1, 10);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      throw error;
    }
  }

  /** The terminal's WebSocket URL and subprotocols: a browser cannot set headers there, so the key goes as one. */
  execSocket(path: string): { url: string; protocols: string[] } {
    const url = new URL(path, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return { url: url.href, protocols: [...EXEC_PROTOCOLS, bearerProtocol(this.key)] };
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { code?: string; message?: string; details?: unknown };
    if (typeof body.code === "string" && typeof body.message === "string") return new ApiError(res.status, body.code, body.message, body.details);
  } catch {
    // not the contract's JSON: a proxy's page, say
  }
  return new ApiError(res.status, "http_error", `The engine answered ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ""}`);
}
