import axios, { type AxiosInstance, type Method } from "axios";
import type { z } from "zod";
import { ErrorBodySchema } from "../errors";
import { describeIssues, validate } from "../validation";
import { type ClientOptions, resolveClientOptions } from "./client-options";
import { EciError } from "./errors";

export interface RequestOptions<S extends z.ZodType> {
  body?: unknown;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** The schema of the answer; every answer is parsed with it. */
  schema?: S;
  /** `stream` for endless answers (followed logs). */
  responseType?: "json" | "text" | "stream";
}

/** JSON over HTTP with the access key, errors turned into `EciError`s that name the method and URL. */
export class HttpClient {
  private readonly http: AxiosInstance;
  readonly endpoint: string;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveClientOptions(options);
    this.endpoint = resolved.endpoint;
    this.http = axios.create({
      baseURL: resolved.endpoint,
      timeout: resolved.timeoutMs,
      headers: { authorization: `Bearer ${resolved.accessKey}` },
      validateStatus: () => true,
      paramsSerializer: { indexes: null },
    });
  }

  async request<S extends z.ZodType>(method: Method, path: string, options: RequestOptions<S> = {}): Promise<{ status: number; data: z.output<S> }> {
    const url = `${this.endpoint}${path}`;
    const verb = method.toUpperCase();
    let res;
    try {
      res = await this.http.request({
        method,
        url: path,
        data: options.body,
        params: options.query,
        responseType: options.responseType ?? "json",
        timeout: options.responseType === "stream" ? 0 : undefined,
      });
    } catch (err) {
      throw new EciError(`${verb} ${url} failed: ${(err as Error).message}`, "network_error", verb, url, 0);
    }
    if (res.status >= 400) {
      const body = validate(ErrorBodySchema, res.data);
      if (!body.ok) throw new EciError(`${verb} ${url} answered HTTP ${res.status}`, "invalid_response", verb, url, res.status, res.data);
      throw new EciError(`${verb} ${url}: HTTP ${res.status} ${body.value.code}: ${body.value.message}`, body.value.code, verb, url, res.status, body.value.details);
    }
    if (!options.schema) return { status: res.status, data: res.data };
    const parsed = validate(options.schema, res.data);
    if (!parsed.ok) {
      throw new EciError(`${verb} ${url} answered with an unexpected body: ${describeIssues(parsed.issues)}`, "invalid_response", verb, url, res.status, parsed.issues);
    }
    return { status: res.status, data: parsed.value };
  }
}
