import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { pino } from "pino";
import type { ContainerGroup, ContainerGroupSpecInput, Event } from "@eci/sdk";
import { DEFAULT_CONFIG, Engine, type EngineConfig, type EngineOptions } from "../../engine/src";
import { silentLogger } from "../../engine/src/logger";
import { iptablesUnavailable, removeIptablesRules } from "../../engine/src/network/iptables-data-path";
import { LABELS } from "../../engine/src/runtime/labels";
import { AccountService } from "../../engine/src/services/account-service";
import { ensureTestImages } from "../../scripts/build-test-images";
import { waitFor } from "./wait-for";

export const docker = new Docker();

export interface Reply<T = any> {
  status: number;
  body: T;
}

/** A tiny HTTP client for the engine's API, as any client would use it: JSON over HTTP with the access key. */
export class Api {
  constructor(
    readonly url: string,
    readonly key: string,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, key = this.key): Promise<Reply<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: res.status, body: json as T };
  }

  async createGroup(spec: ContainerGroupSpecInput): Promise<ContainerGroup> {
    const reply = await this.request<ContainerGroup>("POST", "/v1/container-groups", spec);
    if (reply.status !== 202) throw new Error(`create answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async getGroup(id: string): Promise<ContainerGroup> {
    const reply = await this.request<ContainerGroup>("GET", `/v1/container-groups/${id}`);
    if (reply.status !== 200) throw new Error(`get ${id} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async events(id: string): Promise<Event[]> {
    return (await this.request<{ items: Event[] }>("GET", `/v1/container-groups/${id}/events`)).body.items;
  }

  async logs(id: string, container: string, query = ""): Promise<string> {
    const reply = await this.request<string>("GET", `/v1/container-groups/${id}/containers/${container}/logs${query}`);
    if (reply.status !== 200) throw new Error(`logs answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** Waits until the group satisfies `ok`; the timeout error shows the group's last status and events. */
  async waitForGroup(id: string, what: string, ok: (g: ContainerGroup) => boolean, timeoutMs = 30_000): Promise<ContainerGroup> {
    let last: ContainerGroup | undefined;
    return waitFor(
      `group ${id} ${what}`,
      async () => {
        last = await this.getGroup(id);
        return ok(last) ? last : undefined;
      },
      {
        timeoutMs,
        last: async () => ({
          status: last?.status,
          statusReason: last?.statusReason,
          health: last?.healthStatus,
          containers: last?.containers.map((c) => `${c.name}:${c.state}/${c.reason}/${c.exitCode}/r${c.restartCount}`),
          events: (await this.events(id).catch(() => [])).slice(-5).map((e) => `${e.reason}: ${e.message}`),
        }),
      },
    );
  }

  waitForStatus(id: string, status: ContainerGroup["status"], timeoutMs?: number): Promise<ContainerGroup> {
    return this.waitForGroup(id, `to be ${status}`, (g) => g.status === status, timeoutMs);
  }
}

/**
 * Settings that keep tests quick: short back-offs and frequent resyncs. The rate limit is out of reach:
 * `Api` polls every 50 ms, often several waits at once, and does not retry a 429 (the limit has its own test).
 * No warm sandboxes, so that every container of an engine is a group's (test/integration/warm-sandboxes.test.ts has them).
 */
export const TEST_TUNING: Partial<EngineConfig> = {
  warmSandboxes: 0,
  restartBackoffBaseMs: 300,
  restartBackoffMaxMs: 2_000,
  healthyAfterMs: 500,
  resyncIntervalMs: 1_000,
  rateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
};

export interface TestEngine {
  engine: Engine;
  api: Api;
  dataDir: string;
  /** Another account of this engine, made as `eci-engine accounts create` makes it: a client with its key. */
  addAccount(name: string): Api;
  /** Deletes every group (of every account added), checks that Docker holds none of this engine's containers, stops the engine and removes its disks' volumes and VPCs' networks. */
  close(): Promise<void>;
}

/**
 * A real engine on the local Docker daemon, listening on a free loopback port, with its own data directory
 * (and a clock of the test's, if given; and an `Api` of the test's, such as one that trusts a test CA).
 */
export async function startTestEngine(
  overrides: Partial<EngineConfig> = {},
  dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-test-")),
  options: Pick<EngineOptions, "clock" | "docker"> & { api?: (url: string, key: string) => Api } = {},
): Promise<TestEngine> {
  const { api: makeApi = (url: string, key: string) => new Api(url, key), ...engineOptions } = options;
  await ensureTestImages(docker);
  // ECI_TEST_LOG=FILE appends every test engine's debug log to FILE, to tell why a flaky test failed.
  const logger = process.env.ECI_TEST_LOG ? pino({ level: "debug" }, pino.destination({ dest: process.env.ECI_TEST_LOG, append: true, sync: true })) : undefined;
  const engine = new Engine({ ...DEFAULT_CONFIG, ...TEST_TUNING, ...overrides, dataDir, listen: { host: "127.0.0.1", port: 0 } }, { docker, logger, ...engineOptions });
  await engine.start();
  const address = await engine.app.listen({ host: "127.0.0.1", port: 0 });
  const key = readFileSync(path.join(dataDir, "access-key"), "utf8").trim();
  const api = makeApi(address, key);
  const accounts = [api];
  return {
    engine,
    api,
    dataDir,
    addAccount: (name) => {
      const added = makeApi(address, new AccountService(engine.store, silentLogger, engine.config.quotas, { now: () => Date.now() }).createAccount(name).key);
      accounts.push(added);
      return added;
    },
    close: async () => {
      try {
        for (const each of accounts) await deleteAllGroups(each);
        // A pool's groups are not listed: they are gone once the store has no group left.
        await waitFor("every group of every account to be deleted", () => (engine.store.listGroupIds().length === 0 ? true : undefined), { timeoutMs: 60_000 });
      } finally {
        await engine.close();
        await removeEngineContainers(engine.engineId);
        await removeEngineVolumesAndNetworks(engine.engineId);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Deletes the account's standby pools (and so their groups) and its groups, and waits until no group is listed. */
export async function deleteAllGroups(api: Api): Promise<void> {
  const pools = await api.request<{ items: Array<{ id: string }> }>("GET", "/v1/standby-pools");
  for (const p of pools.body.items) await api.request("DELETE", `/v1/standby-pools/${p.id}`);
  const { body } = await api.request<{ items: ContainerGroup[] }>("GET", "/v1/container-groups");
  for (const g of body.items) {
    await waitFor(`group ${g.id} to accept deletion`, async () => {
      const reply = await api.request("DELETE", `/v1/container-groups/${g.id}`);
      return reply.status === 202 || reply.status === 404 || (reply.status === 409 && reply.body.details?.state === "deleting") ? true : undefined;
    });
  }
  await waitFor("every group to be deleted", async () => ((await api.request("GET", "/v1/container-groups")).body.total === 0 ? true : undefined));
}

/** Docker containers of one engine, found by label as the engine finds them. */
export async function engineContainers(engineId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABELS.engine}=${engineId}`] } });
}

async function removeEngineContainers(engineId: string): Promise<void> {
  const left = await engineContainers(engineId);
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  if (left.length > 0) throw new Error(`engine ${engineId} left ${left.length} containers behind: ${left.map((c) => c.Names[0]).join(", ")}`);
}

/** The Docker volumes of an engine's disks, the networks of its VPCs and its kernel rules: they outlive groups (the rules outlive the engine), so tests remove them at the end. */
export async function removeEngineVolumesAndNetworks(engineId: string): Promise<void> {
  if (iptablesUnavailable() === undefined) removeIptablesRules(engineId);
  const label = [`${LABELS.engine}=${engineId}`];
  const { Volumes } = await docker.listVolumes({ filters: { label } });
  await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove().catch(() => {})));
  const networks = await docker.listNetworks({ filters: { label } });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => {})));
}
