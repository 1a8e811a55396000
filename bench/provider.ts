/**
 * The provider's cost, measured side by side in one run against one engine process:
 *  1. one group through the Pulumi provider protocol (Check + Create over gRPC to the SDK's own provider
 *     server, waiting until healthy) against the same group through the sdk directly (create, then poll
 *     every 50 ms until running and healthy); goal ≤ 1.1×;
 *  2. 20 groups created through the provider concurrently against one; goal ≤ 3×. For scale, the same
 *     ratio for raw Docker calls creating the same containers is printed too.
 * Usage: npx tsx bench/provider.ts [rounds] [--quick]   (--quick: one round, 3 groups at once, nothing recorded)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EciClient } from "@eci/sdk";
import { ensureTestImages } from "../scripts/build-test-images";
import { PULUMI_VERSIONS, captureProgram, installFixture, resourceInputs } from "../test/e2e/helpers/pulumi-install";
import { ProviderServer } from "../test/e2e/helpers/provider-server";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { docker } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";

const OPTIONS = benchOptions();
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(0, 7);
const MANY = OPTIONS.quick ? 3 : 20;
const URN = "urn:pulumi:bench::eci-fixture::pulumi-nodejs:dynamic/eci:ContainerGroup::web";

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const dir = installFixture(PULUMI_VERSIONS[0]);
  // The fixture also registers a credential and a cache; the group is the one measured.
  const program = resourceInputs(captureProgram(dir), "ContainerGroup");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-"));
  const { proc, api } = await startEngineProcess(dataDir, await freePort(), { ECI_LOG_LEVEL: "error", ECI_QUOTA_STANDARD_GROUPS: "50" });
  const server = await ProviderServer.start(dir);
  await server.configure({ "eci:endpoint": api.url, "eci:accessKey": api.key });
  const eci = new EciClient({ endpoint: api.url, accessKey: api.key });
  const created: Array<{ id: string; props: Record<string, unknown>; inputs: Record<string, unknown> }> = [];

  async function viaProvider(): Promise<number> {
    const started = performance.now();
    const { inputs } = await server.check(URN, {}, program);
    const { id, props } = await server.create(URN, inputs);
    const ms = performance.now() - started;
    created.push({ id, props, inputs });
    return ms;
  }

  async function viaSdk(): Promise<number> {
    const started = performance.now();
    const { inputs } = await server.check(URN, {}, program); // the same spec, not timed differently: check is local
    const { __autonamePrefix: _p, __provider: _s, waitFor: _w, timeouts: _t, ...spec } = inputs;
    const ms0 = performance.now() - started;
    const t = performance.now();
    const group = await eci.containerGroups.create(spec as never);
    for (;;) {
      const g = await eci.containerGroups.get(group.id);
      if (g.status === "running" && g.healthStatus === "healthy") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - t + ms0;
    await eci.containerGroups.delete(group.id);
    await waitGone(group.id);
    return ms;
  }

  async function waitGone(id: string): Promise<void> {
    while ((await eci.containerGroups.get(id).catch(() => null)) !== null) await new Promise((r) => setTimeout(r, 50));
  }

  async function cleanup(): Promise<void> {
    await Promise.all(created.splice(0).map((c) => server.delete(c.id, URN, c.props, c.inputs)));
  }

  try {
    await viaProvider().then(cleanup); // warm-up: the provider loads its code on the first call
    await viaSdk();
    const provider: number[] = [];
    const sdk: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      provider.push(await viaProvider());
      await cleanup();
      sdk.push(await viaSdk());
    }
    const single = { providerMs: median(provider), sdkMs: median(sdk), ratio: median(provider) / median(sdk) };
    console.log(`1 group: provider ${single.providerMs.toFixed(0)} ms, sdk ${single.sdkMs.toFixed(0)} ms, ratio ${single.ratio.toFixed(2)}× (median of ${ROUNDS}; goal ≤ 1.1)`);

    const started = performance.now();
    await Promise.all(Array.from({ length: MANY }, () => viaProvider()));
    const manyMs = performance.now() - started;
    await cleanup();
    const many = { groups: MANY, providerMs: manyMs, oneGroupMs: single.providerMs, ratio: manyMs / single.providerMs };
    console.log(`${MANY} groups at once through the provider: ${manyMs.toFixed(0)} ms, ${many.ratio.toFixed(2)}× one group (goal ≤ 3 for 20)`);
    const raw = await rawRatio();
    console.log(`for scale, raw Docker creating the same containers: ${MANY} groups at once ${raw.manyMs.toFixed(0)} ms, ${raw.ratio.toFixed(2)}× one group (${raw.oneMs.toFixed(0)} ms)`);
    recordResult(OPTIONS, "provider", { rounds: ROUNDS, single, many, rawDocker: raw });
  } finally {
    await cleanup().catch(() => {});
    server.stop();
    proc.kill("SIGTERM");
    await exited(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A sandbox, an init container run to completion, then two members: the fixture's group, with raw dockerode calls. */
async function rawGroup(): Promise<string[]> {
  const [sandbox] = await docker.listImages({ filters: { reference: ["eci/sandbox"] } });
  const infra = await docker.createContainer({ Image: sandbox.Id, HostConfig: { Init: true, ShmSize: 16 << 20, IpcMode: "shareable", PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } }, ExposedPorts: { "8080/tcp": {} } });
  await infra.start();
  const member = (cmd: string[]) => docker.createContainer({ Image: "eci-test/busybox:1", Cmd: cmd, HostConfig: { Init: true, NetworkMode: `container:${infra.id}`, IpcMode: `container:${infra.id}` } });
  const init = await member(["sh", "-c", "echo hi > /dev/shm/index.html"]);
  await init.start();
  await init.wait();
  const work = await Promise.all([member(["httpd", "-f", "-p", "8080", "-h", "/dev/shm"]), member(["sleep", "3600"])]);
  await Promise.all(work.map((c) => c.start()));
  return [init.id, ...work.map((c) => c.id), infra.id];
}

async function rawRatio(): Promise<{ oneMs: number; manyMs: number; ratio: number }> {
  const remove = async (ids: string[]) => {
    await Promise.all(ids.slice(0, -1).map((id) => docker.getContainer(id).remove({ force: true })));
    await docker.getContainer(ids[ids.length - 1]).remove({ force: true });
  };
  const ones: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const ids = await rawGroup();
    ones.push(performance.now() - t);
    await remove(ids);
  }
  const t = performance.now();
  const groups = await Promise.all(Array.from({ length: MANY }, rawGroup));
  const manyMs = performance.now() - t;
  await Promise.all(groups.map(remove));
  return { oneMs: median(ones), manyMs, ratio: manyMs / median(ones) };
}

runBench(main);
