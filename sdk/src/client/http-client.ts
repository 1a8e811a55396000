import https from "node:https";
import type { Readable } from "node:stream";
import axios, { type AxiosInstance, type AxiosResponse, type Method } from "axios";
import type { z } from "zod";
import { describeIssues, validate } from "../validation";
import { type ClientOptions, resolveClientOptions } from "./client-options";
import { EciError, isEciError } from "./errors";
import { ExecSession } from "./exec-session";
import { errorFromAnswer, errorFromNetwork, networkCodeOf } from "./request-errors";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from "./retry-policy";

export interface RequestOptions<S extends z.ZodType> {
  body?: unknown;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** Headers of this request only, such as `if-match`. */
  headers?: Record<string, string>;
  /** The schema of the answer; every answer is parsed with it. */
  schema?: S;
  /** `stream` for endless answers (followed logs). */
  responseType?: "json" | "text" | "stream";
}

/**
 * JSON over HTTP(S) with the access key, errors turned into `EciError`s that name the method and URL.
 * Failed requests are repeated as `retryDelayMs` allows (see `ClientOptions.maxRetries`).
 */
export class HttpClient {
  private readonly http: AxiosInstance;
  readonly endpoint: string;
  private readonly accessKey: string;
  private readonly ca?: string | Buffer;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveClientOptions(options);
    this.endpoint = resolved.endpoint;
    this.accessKey = resolved.accessKey;
    this.ca = resolved.ca;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: resolved.maxRetries };
    this.http = axios.create({
      baseURL: resolved.endpoint,
      timeout: resolved.timeoutMs,
      headers: { authorization: `Bearer ${resolved.accessKey}` },
      validateStatus: () => true,
      paramsSerializer: { indexes: null },
      httpsAgent: resolved.ca ? new https.Agent({ ca: resolved.ca, keepAlive: true }) : undefined,
    });
  }

  async request<S extends z.ZodType>(method: Method, path: string, options: RequestOptions<S> = {}): Promise<{ status: number; data: z.output<S> }> {
    const verb = method.toUpperCase();
    const res = await this.withRetries(verb, () => this.send(verb, path, options));
    if (!options.schema) return { status: res.status, data: res.data };
    const parsed = validate(options.schema, res.data);
    if (!parsed.ok) {
      const url = `${this.endpoint}${path}`;
      throw new EciError(`${verb} ${url} answered with an unexpected body: ${describeIssues(parsed.issues)}`, "invalid_response", verb, url, res.status, parsed.issues);
    }
    return { status: res.status, data: parsed.value };
  }

  /** Opens the terminal WebSocket at `path` (`ws://` or `wss://` after the endpoint's scheme), with the access key. */
  openExec(path: string, query: Record<string, string | undefined>): Promise<ExecSession> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const url = `${this.endpoint.replace(/^http/, "ws")}${path}${params.size > 0 ? `?${params}` : ""}`;
    return this.withRetries("GET", () => ExecSession.open(url, this.accessKey, { ca: this.ca }));
  }

  /** One attempt: the answer, or the `EciError` of a failure or of an answer of 400 or more. */
  private async send(verb: string, path: string, options: RequestOptions<z.ZodType>): Promise<AxiosResponse> {
    const url = `${this.endpoint}${path}`;
    let res: AxiosResponse;
    try {
      res = await this.http.request({
        method: verb,
        url: path,
        data: options.body,
        params: options.query,
        headers: options.headers,
        responseType: options.responseType ?? "json",
        timeout: options.responseType === "stream" ? 0 : undefined,
      });
    } catch (err) {
      throw errorFromNetwork(verb, url, err);
    }
    if (res.status < 400) return res;
    // A refused stream still holds its connection open.
    if (options.responseType === "stream") (res.data as Readable).destroy();
    throw errorFromAnswer(verb, url, res.status, res.data, res.headers["retry-after"]);
  }

  private async withRetries<T>(method: string, attempt: () => Promise<T>): Promise<T> {
    for (let retries = 0; ; retries++) {
      try {
        return await attempt();
      } catch (err) {
        if (!isEciError(err)) throw err;
        const delayMs = retryDelayMs({ method, status: err.status, retryAfterSeconds: err.retryAfterSeconds, networkCode: networkCodeOf(err) }, retries, this.retryPolicy);
        if (delayMs === undefined) throw retries === 0 ? err : afterRetries(err, retries);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}

/** The request headers of a write's options: `If-Match` with the version quoted, as an ETag is. */
export function writeHeaders(options: { ifMatch?: number }): Record<string, string> | undefined {
  return options.ifMatch === undefined ? undefined : { "if-match": `"${options.ifMatch}"` };
}

/** The last failure, saying it was not the first: a caller who waited seconds for an error learns why. */
function afterRetries(err: EciError, retries: number): EciError {
  const more = { retryAfterSeconds: err.retryAfterSeconds, cause: err.cause };
  return new EciError(`${err.message} (after ${retries} ${retries === 1 ? "retry" : "retries"})`, err.code, err.method, err.url, err.status, err.details, more);
}
