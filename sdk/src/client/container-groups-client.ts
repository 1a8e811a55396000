import type { Readable } from "node:stream";
import { z } from "zod";
import { type ContainerGroup, ContainerGroupListSchema, ContainerGroupSchema, type ContainerGroupSpecInput, type GroupStatus } from "../schemas/container-group";
import { type Event, EventListSchema } from "../schemas/event";
import { type MetricRange, type Metrics, MetricsSchema } from "../schemas/metrics";
import type { ExecOptions, ExecSession } from "./exec-session";
import { type HttpClient, writeHeaders } from "./http-client";
import type { WriteOptions } from "./resource-client";

export interface ListFilters {
  status?: GroupStatus;
  /** Label equality filters; all must match. */
  labels?: Record<string, string>;
}

export interface LogOptions {
  tail?: number;
  /** Unix seconds or an RFC 3339 time. */
  since?: number | string;
  timestamps?: boolean;
}

/** `/v1/container-groups`. Calls that change a group return it as the engine answered, usually in a transitional status. */
export class ContainerGroupsClient {
  constructor(private readonly http: HttpClient) {}

  /** With `standbyPoolId`, claims a ready group of that pool (its profile's spec; config files, name, labels and description may differ): the answer is already `running`. */
  async create(spec: ContainerGroupSpecInput & { standbyPoolId?: string }): Promise<ContainerGroup> {
    return (await this.http.request("post", "/v1/container-groups", { body: spec, schema: ContainerGroupSchema })).data;
  }

  async list(filters: ListFilters = {}): Promise<{ items: ContainerGroup[]; total: number }> {
    const label = Object.entries(filters.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    return (await this.http.request("get", "/v1/container-groups", { query: { status: filters.status, label }, schema: ContainerGroupListSchema })).data;
  }

  async get(id: string): Promise<ContainerGroup> {
    return (await this.http.request("get", `/v1/container-groups/${encodeURIComponent(id)}`, { schema: ContainerGroupSchema })).data;
  }

  /** Replaces the spec: an online update (`updating`), or a metadata change applied at once. A stale `ifMatch` rejects with `version_conflict`. */
  async update(id: string, spec: ContainerGroupSpecInput, options: WriteOptions = {}): Promise<ContainerGroup> {
    return (await this.http.request("put", `/v1/container-groups/${encodeURIComponent(id)}`, { body: spec, schema: ContainerGroupSchema, headers: writeHeaders(options) })).data;
  }

  async restart(id: string): Promise<ContainerGroup> {
    return (await this.http.request("post", `/v1/container-groups/${encodeURIComponent(id)}/restart`, { body: {}, schema: ContainerGroupSchema })).data;
  }

  /** Starts the deletion (`deleting`). A stale `ifMatch` rejects with `version_conflict`. */
  async delete(id: string, options: WriteOptions = {}): Promise<ContainerGroup> {
    return (await this.http.request("delete", `/v1/container-groups/${encodeURIComponent(id)}`, { schema: ContainerGroupSchema, headers: writeHeaders(options) })).data;
  }

  async events(id: string): Promise<Event[]> {
    return (await this.http.request("get", `/v1/container-groups/${encodeURIComponent(id)}/events`, { schema: EventListSchema })).data.items;
  }

  /**
   * CPU, memory, network and block I/O of the group (or of one `container` of it) over `range`
   * (default `6h`): at most about 1,000 points, each with the min/avg/max of its bucket.
   * Rejects with `not_found` for an unknown group or container.
   */
  async metrics(id: string, options: { range?: MetricRange; container?: string } = {}): Promise<Metrics> {
    return (await this.http.request("get", `/v1/container-groups/${encodeURIComponent(id)}/metrics`, { query: { ...options }, schema: MetricsSchema })).data;
  }

  async logs(id: string, container: string, options: LogOptions = {}): Promise<string> {
    const path = `/v1/container-groups/${encodeURIComponent(id)}/containers/${encodeURIComponent(container)}/logs`;
    return (await this.http.request("get", path, { query: { ...options }, responseType: "text", schema: z.string() })).data;
  }

  /**
   * A terminal in a running container: an interactive `sh` with a TTY, or `sh -c <command>`. Rejects
   * with `invalid_state` (naming the container's state) when the container is not running.
   *
   * @example
   *   const session = await eci.containerGroups.exec(id, "app", { command: "cat /etc/hostname", tty: false });
   *   session.stdout.pipe(process.stdout);
   *   const { exitCode } = await session.exit;
   */
  exec(id: string, container: string, options: ExecOptions = {}): Promise<ExecSession> {
    const path = `/v1/container-groups/${encodeURIComponent(id)}/containers/${encodeURIComponent(container)}/exec`;
    return this.http.openExec(path, { tty: options.tty === undefined ? undefined : String(options.tty), command: options.command });
  }

  /** The container's output as it is written, until the stream is destroyed or the container stops. */
  async followLogs(id: string, container: string, options: LogOptions = {}): Promise<Readable> {
    const path = `/v1/container-groups/${encodeURIComponent(id)}/containers/${encodeURIComponent(container)}/logs`;
    return (await this.http.request("get", path, { query: { ...options, follow: true }, responseType: "stream" })).data as Readable;
  }
}
