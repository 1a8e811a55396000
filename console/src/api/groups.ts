import type { ContainerGroup, ContainerGroupSpec, ContainerGroupSpecInput, ContainerSpec, Event, MetricRange, MetricSample, Metrics } from "./contract";
import { CONTAINER_GROUP_SPEC_KEYS, CONTAINER_SPEC_KEYS } from "./contract";
import type { EngineClient } from "./engine-client";
import { eventStreamParser, readText } from "./text-stream";

const BASE = "/v1/container-groups";

export interface GroupFilters {
  status?: string;
  /** `key=value` each; a group must have them all. */
  labels?: string[];
}

export function listGroups(client: EngineClient, filters: GroupFilters, signal?: AbortSignal): Promise<{ items: ContainerGroup[]; total: number }> {
  const query = new URLSearchParams();
  if (filters.status) query.set("status", filters.status);
  for (const label of filters.labels ?? []) query.append("label", label);
  const qs = query.toString();
  return client.get(`${BASE}${qs ? `?${qs}` : ""}`, signal);
}

const groupPath = (id: string) => `${BASE}/${encodeURIComponent(id)}`;
const containerPath = (id: string, container: string) => `${groupPath(id)}/containers/${encodeURIComponent(container)}`;

export const fetchGroup = (client: EngineClient, id: string, signal?: AbortSignal) => client.get<ContainerGroup>(groupPath(id), signal);
/** With `standbyPoolId`, a claim: a ready group of that pool, answered (201) already running. */
export const createGroup = (client: EngineClient, spec: ContainerGroupSpecInput & { standbyPoolId?: string }) => client.json<ContainerGroup>("POST", BASE, spec);
/** An online update: the whole spec, refused with 409 `version_conflict` when someone changed the group since `version`. */
export const updateGroup = (client: EngineClient, id: string, spec: ContainerGroupSpecInput, version: number) => client.json<ContainerGroup>("PUT", groupPath(id), spec, { ifMatch: version });
export const restartGroup = (client: EngineClient, id: string) => client.json<ContainerGroup>("POST", `${groupPath(id)}/restart`);
export const deleteGroup = (client: EngineClient, id: string, version: number) => client.json<ContainerGroup>("DELETE", groupPath(id), undefined, { ifMatch: version });
export const fetchEvents = (client: EngineClient, id: string, signal?: AbortSignal) => client.get<{ items: Event[] }>(`${groupPath(id)}/events`, signal);

export function fetchMetrics(client: EngineClient, id: string, range: MetricRange, container: string | null, signal?: AbortSignal): Promise<Metrics> {
  return client.get(`${groupPath(id)}/metrics?range=${range}${container ? `&container=${encodeURIComponent(container)}` : ""}`, signal);
}

/** New samples as they are taken (server-sent events read with fetch: EventSource cannot send the key). */
export async function followMetrics(client: EngineClient, id: string, container: string | null, onSample: (sample: MetricSample) => void, signal: AbortSignal): Promise<void> {
  const res = await client.fetch(`${groupPath(id)}/metrics?follow=true${container ? `&container=${encodeURIComponent(container)}` : ""}`, { signal });
  await readText(
    res,
    eventStreamParser((name, data) => name === "sample" && onSample(JSON.parse(data) as MetricSample)),
  );
}

export interface LogOptions {
  tail?: number;
  follow: boolean;
  timestamps: boolean;
}

/** A container's output: the tail, then with `follow` each new chunk until the container stops or `signal` aborts. */
export async function readLogs(client: EngineClient, id: string, container: string, options: LogOptions, onText: (text: string) => void, signal: AbortSignal): Promise<void> {
  const query = new URLSearchParams({ follow: String(options.follow), timestamps: String(options.timestamps) });
  if (options.tail !== undefined) query.set("tail", String(options.tail));
  const res = await client.fetch(`${containerPath(id, container)}/logs?${query}`, { signal });
  await readText(res, onText);
}

export function execPath(id: string, container: string): string {
  return `${containerPath(id, container)}/exec?tty=true`;
}

/** A container-group spec as the API reads it back (a group, a standby pool's profile): `secureEnv` by name only. */
export type SpecRead = Omit<ContainerGroupSpec, "containers"> & { containers: Array<Omit<ContainerSpec, "secureEnv"> & { secureEnvNames: string[] }> };

/**
 * The spec to send back from a read (a group's, a standby pool's profile): its spec fields only. `secureEnv` values are never read back,
 * so the caller must give them again (`secureEnv`, by container), or they are gone.
 */
export function specOf(group: SpecRead, secureEnv: Record<string, Record<string, string>> = {}): ContainerGroupSpecInput {
  const spec = pick(group, CONTAINER_GROUP_SPEC_KEYS) as ContainerGroupSpecInput;
  spec.containers = group.containers.map((c) => {
    const container = pick(c, CONTAINER_SPEC_KEYS) as ContainerGroupSpecInput["containers"][number];
    const secrets = secureEnv[c.name];
    return secrets && Object.keys(secrets).length > 0 ? { ...container, secureEnv: secrets } : container;
  });
  return spec;
}

function pick<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => keys.includes(k) && v !== undefined && v !== null)) as Partial<T>;
}
