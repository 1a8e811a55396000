import net from "node:net";
import { expect } from "chai";
import { type ContainerGroupSpecInput, type MetricSample, MetricSampleSchema, type Metrics, MetricsSchema } from "@eci/sdk";
import { systemClock } from "../../engine/src/clock";
import { CgroupStatsSource } from "../../engine/src/runtime/cgroup-stats-source";
import { DockerStatsSource } from "../../engine/src/runtime/docker-stats-source";
import type { StatsTarget } from "../../engine/src/runtime/stats-source";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type Api, type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const INTERVAL_MS = 500;
const MiB = 1024 ** 2;
/** A string of 64 MiB that awk keeps while it waits. */
const HOLD_64_MB = `awk 'BEGIN { s = sprintf("%${64 * MiB}s", ""); system("sleep 3600") }'`;

async function metrics(api: Api, id: string, query = ""): Promise<Metrics> {
  const reply = await api.request("GET", `/v1/container-groups/${id}/metrics${query}`);
  if (reply.status !== 200) throw new Error(`metrics answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return MetricsSchema.parse(reply.body);
}

const samplesIn = (m: Metrics) => m.points.reduce((n, p) => n + p.samples, 0);

/** The range answer once it holds at least `count` samples (of the group, or of `container`). */
function waitForSamples(api: Api, id: string, count: number, container?: string): Promise<Metrics> {
  const query = `?range=6h${container ? `&container=${container}` : ""}`;
  return waitFor(`${count} samples of ${container ?? "group"} ${id}`, async () => {
    const m = await metrics(api, id, query);
    return samplesIn(m) >= count ? m : undefined;
  });
}

async function runningGroup(api: Api, spec: ContainerGroupSpecInput): Promise<string> {
  const group = await api.createGroup(spec);
  await api.waitForStatus(group.id, "running");
  return group.id;
}

describe("monitoring", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine({ metricsIntervalMs: INTERVAL_MS });
  });
  after(async () => t?.close());

  it("shows a busy loop in a group limited to 0.25 vCPU using about a quarter of a core, never more than the limit allows", async () => {
    const id = await runningGroup(t.api, { name: "spin", containers: [{ name: "spin", image: TEST_IMAGES.busybox, command: ["sh", "-c", "while :; do :; done"], cpu: 0.25 }] });
    for (const container of [undefined, "spin"]) {
      const m = await waitForSamples(t.api, id, 8, container);
      const average = m.points.reduce((sum, p) => sum + p.avg.cpuCores * p.samples, 0) / samplesIn(m);
      const peak = Math.max(...m.points.map((p) => p.max.cpuCores));
      expect(average, `${container ?? "group"} average`).to.be.within(0.15, 0.3);
      // CFS hands out 25 ms per 100 ms period: a 500 ms sample can catch at most 6 periods' worth.
      expect(peak, `${container ?? "group"} peak`).to.be.at.most(0.25 * 1.3);
    }
  });

  it("shows a container holding 64 MB using at least that much memory, with its own limit and the group's", async () => {
    const id = await runningGroup(t.api, { name: "hold", containers: [{ name: "hold", image: TEST_IMAGES.busybox, command: ["sh", "-c", HOLD_64_MB], memory: 0.25 }] });
    const held = (container?: string) =>
      waitFor(`${container ?? "group"} to show 64 MB`, async () => {
        const m = await metrics(t.api, id, container ? `?container=${container}` : "");
        const last = m.points.at(-1);
        return last && last.max.memoryBytes >= 64 * MiB ? last : undefined;
      });
    const container = await held("hold");
    expect(container.max.memoryLimitBytes).to.equal(256 * MiB);
    const group = await held();
    expect(group.max.memoryLimitBytes).to.equal(512 * MiB); // the group's normalized size: 0.25 vCPU, 0.5 GiB
  });

  it("reads the same counters from the cgroup files as from Docker's stats API, its fallback", async () => {
    const id = await runningGroup(t.api, { name: "twice", containers: [{ name: "hold", image: TEST_IMAGES.busybox, command: ["sh", "-c", HOLD_64_MB], memory: 0.25 }] });
    const files = new CgroupStatsSource(docker, t.engine.engineId, systemClock);
    const api = new DockerStatsSource(docker, t.engine.engineId);
    const targets = (await files.listRunning()).filter((c) => c.groupId === id);
    expect(targets.map((c) => c.role).sort()).to.deep.equal(["infra", "work"]);
    const work = targets.find((c) => c.role === "work") as StatsTarget;
    await waitFor("the 64 MB to be held", async () => ((await files.read(work))?.memoryBytes ?? 0) >= 64 * MiB || undefined);
    for (const target of targets) {
      // The API answers after its next collection, up to a second later: its reading falls between two of the files'.
      const [before, fromApi, after] = [await files.read(target), await api.read(target), await files.read(target)];
      if (!before || !fromApi || !after) throw new Error(`no reading of ${target.role} ${target.id}`);
      expect(fromApi.memoryLimitBytes, target.role).to.equal(before.memoryLimitBytes);
      const [low, high] = [Math.min(before.memoryBytes, after.memoryBytes), Math.max(before.memoryBytes, after.memoryBytes)];
      expect(fromApi.memoryBytes, `${target.role} memory`).to.be.within(low * 0.95, high * 1.05);
      // Network is the sandbox's only (members share its namespace; the API reports it for them too, the files do not).
      const counters = ["cpuNs", "readBytes", "writeBytes", ...(target.role === "infra" ? (["rxBytes", "txBytes"] as const) : [])] as const;
      for (const counter of counters) {
        expect(fromApi[counter], `${target.role} ${counter}`).to.be.within(before[counter], after[counter]);
      }
    }
  });

  it("shows 10 MiB sent to a group as at least 10 MB received by the group", async () => {
    const id = await runningGroup(t.api, {
      name: "sink",
      containers: [{ name: "sink", image: TEST_IMAGES.busybox, command: ["sh", "-c", "while :; do nc -l -p 9000 > /dev/null; done"], ports: [{ port: 9000 }] }],
    });
    const { hostPort } = (await t.api.getGroup(id)).ports[0];
    await waitForSamples(t.api, id, 1);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(hostPort, "127.0.0.1", () => socket.end(Buffer.alloc(10 * MiB, 7)));
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    // Bytes received = each sample's rate times the interval it covers. That is exact only to about 1 %
    // (a round's reads start a few ms late, or early), so 10 MiB sent must show at least 10 MB = 10^7 bytes.
    const received = (m: Metrics) => m.points.reduce((sum, p) => sum + (p.avg.networkRxBytesPerSecond ?? 0) * p.samples * (INTERVAL_MS / 1000), 0);
    await waitFor("10 MB received by the group", async () => (received(await metrics(t.api, id)) >= 10e6 ? true : undefined), {
      last: async () => received(await metrics(t.api, id)),
    });
    const perContainer = await metrics(t.api, id, "?container=sink");
    expect(perContainer.points[0].avg, "a container's series has no network: the group's namespace is shared").to.not.have.property("networkRxBytesPerSecond");
  });

  it("streams each new sample as a server-sent event with follow=true", async () => {
    const id = await runningGroup(t.api, { name: "follow", containers: [{ name: "idle", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    const openedAt = Date.now();
    const sample = await firstSample(t.api, `/v1/container-groups/${id}/metrics?follow=true&container=idle`);
    expect(sample.container).to.equal("idle");
    expect(Date.parse(sample.time)).to.be.at.least(openedAt - 1000);
    expect(sample.values.memoryBytes).to.be.above(0);
  });

  it("deletes a group's samples and roll-ups with the group", async () => {
    const id = await runningGroup(t.api, { name: "gone", containers: [{ name: "idle", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    await waitForSamples(t.api, id, 2);
    const stored = () => [0, 60_000].flatMap((level) => t.engine.store.metrics.readLevel(level, 0, Number.MAX_SAFE_INTEGER)).filter((r) => r.groupId === id);
    expect(stored()).to.not.be.empty;
    expect((await t.api.request("DELETE", `/v1/container-groups/${id}`)).status).to.equal(202);
    await waitFor(`group ${id} to be deleted`, async () => ((await t.api.request("GET", `/v1/container-groups/${id}`)).status === 404 ? true : undefined));
    expect(stored()).to.deep.equal([]);
    expect((await t.api.request("GET", `/v1/container-groups/${id}/metrics`)).status).to.equal(404);
  });

  it("answers 404 for another account's group and for an unknown container, and 422 naming the field for a bad range", async () => {
    const id = await runningGroup(t.api, { name: "mine", containers: [{ name: "idle", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    const otherKey = t.addAccount("other").key;
    const path = `/v1/container-groups/${id}/metrics`;
    expect((await t.api.request("GET", path, undefined, otherKey)).body.code).to.equal("not_found");
    expect((await t.api.request("GET", `${path}?follow=true`, undefined, otherKey)).status).to.equal(404);
    const unknown = await t.api.request("GET", `${path}?container=nope`);
    expect([unknown.status, unknown.body.code]).to.deep.equal([404, "not_found"]);
    const bad = await t.api.request("GET", `${path}?range=3h`);
    expect(bad.status).to.equal(422);
    expect(bad.body.details.map((d: { path: string }) => d.path)).to.deep.equal(["range"]);
  });
});

describe("monitoring across an engine restart", () => {
  let t: TestEngine | undefined;
  after(async () => t?.close());

  it("keeps the samples taken before the restart and goes on sampling after it", async () => {
    t = await startTestEngine({ metricsIntervalMs: INTERVAL_MS });
    const id = await runningGroup(t.api, { name: "survivor", containers: [{ name: "idle", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    const before = await waitForSamples(t.api, id, 3);
    await t.engine.close();
    t = await startTestEngine({ metricsIntervalMs: INTERVAL_MS }, t.dataDir);
    const after = await metrics(t.api, id);
    expect(after.points[0].time).to.equal(before.points[0].time);
    expect(samplesIn(after)).to.be.at.least(samplesIn(before));
    await waitForSamples(t.api, id, samplesIn(after) + 2);
  });
});

/** The first `sample` event of a followed metrics stream. */
async function firstSample(api: Api, path: string): Promise<MetricSample> {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.key}` }, signal: AbortSignal.timeout(15_000) });
  expect(res.headers.get("content-type")).to.equal("text/event-stream");
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended without a sample: ${text}`);
      text += decoder.decode(value, { stream: true });
      const event = /event: sample\ndata: (.*)\n\n/.exec(text);
      if (event) return MetricSampleSchema.parse(JSON.parse(event[1]));
    }
  } finally {
    await reader.cancel();
  }
}
