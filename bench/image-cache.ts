/**
 * Create→running latency of a group whose image is about 150 MB (busybox plus three layers of 50 MiB of
 * random, incompressible data), side by side in one run against a local registry with authentication:
 *   raw     dockerode pulls the image with the credential, then creates and starts one container from it
 *           (no sandbox: the engine's overhead for that is what bench/create-group.ts measures);
 *   cold    a group through the engine's API (a separate `eci-engine` process) that pulls the image;
 *   cached  a group naming an image cache that holds the image, so nothing is pulled; beside it,
 *           `docker run` of the image already present (dockerode creating and starting one container).
 * Every variant starts with the image absent from the daemon (checked by image id, so no layer of it is
 * left to reuse). A cache pins its image with a tag, and layers are shared by content, so while a cache
 * exists no other name for the same image would really be pulled either: each round therefore runs
 * raw, then cold, then creates a cache (timed: a pull and a pin), runs cached from it, and deletes the
 * cache and the image again. The registry's access log proves each round's cold group fetched the
 * manifest and the cached group did not. Medians over the rounds, after one warm-up round.
 * The engine runs as shipped, with a warm sandbox (ECI_WARM_SANDBOXES=1).
 * Usage: npx tsx bench/image-cache.ts [rounds] [--quick]   (goals: cached ≤ 0.25 × cold, ≤ 1.1 × docker run; --quick: one round
 * of a 5 MiB layer without warm-up, nothing recorded)
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import tar from "tar-stream";
import type { ImageCache } from "@eci/sdk";
import { followProgress } from "../engine/src/runtime/build-image";
import { LABELS } from "../engine/src/runtime/labels";
import { TEST_IMAGES, ensureTestImages } from "../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { TestRegistry } from "../test/helpers/registry";
import { type Api, deleteAllGroups, docker } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";

const OPTIONS = benchOptions();
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(0, 5);
const LAYERS = OPTIONS.quick ? 1 : 3;
const LAYER_BYTES = (OPTIONS.quick ? 5 : 50) * 1024 * 1024;
const REPOSITORY = "bench/big:1";
const RAW_LABEL = { "eci.bench": "image-cache" };
// Polling the engine every 10 ms resolves the cached figure well without loading the 2-core machine during pulls.
const POLL_MS = 10;
/** Groups this run created, so their containers can be removed even when the engine could not delete them. */
const createdGroups = new Set<string>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the big image FROM the busybox test image, one `COPY` (so one layer) per random file; returns its id. */
async function buildBigImage(tag: string): Promise<string> {
  const pack = tar.pack();
  const files = Array.from({ length: LAYERS }, (_, i) => `layer${i}`);
  const copies = files.map((f) => `COPY ${f} /data/${f}\n`).join("");
  pack.entry({ name: "Dockerfile" }, `FROM ${TEST_IMAGES.busybox}\n${copies}CMD ["sleep", "3600"]\n`);
  for (const f of files) pack.entry({ name: f }, randomBytes(LAYER_BYTES));
  pack.finalize();
  await followProgress(docker, await docker.buildImage(pack as unknown as NodeJS.ReadableStream, { t: tag, rm: true, forcerm: true }));
  return (await docker.getImage(tag).inspect()).Id;
}

/** Removes the image under every name, then checks it is really gone so the next pull downloads every layer. */
async function removeImage(imageId: string): Promise<void> {
  await docker
    .getImage(imageId)
    .remove({ force: true })
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
  const left = await docker.listImages({ all: true });
  if (left.some((i) => i.Id === imageId)) throw new Error(`image ${imageId} is still on the daemon (a container or a cache still holds it)`);
}

async function rawPullAndRun(registry: TestRegistry, ref: string): Promise<number> {
  const started = performance.now();
  await followProgress(docker, await docker.pull(ref, { authconfig: registry.auth }));
  const pullMs = performance.now() - started;
  return pullMs + (await rawRun(ref));
}

/** `docker run` of an image already present: one container created and started; its time. */
async function rawRun(image: string): Promise<number> {
  const started = performance.now();
  const container = await docker.createContainer({ Image: image, Cmd: ["sleep", "3600"], Labels: RAW_LABEL, HostConfig: { Init: true } });
  await container.start();
  const ms = performance.now() - started;
  await container.remove({ force: true });
  return ms;
}

/** Creates a one-container group, waits until it runs, deletes it and waits until it is gone; returns the create→running time. */
async function engineGroup(api: Api, name: string, ref: string, credentialId: string, imageCacheId?: string): Promise<number> {
  const started = performance.now();
  const group = await api.createGroup({
    name,
    ...(imageCacheId ? { imageCacheId } : {}),
    containers: [{ name: "big", image: ref, command: ["sleep", "3600"], registryCredentialId: credentialId, imagePullPolicy: "IfNotPresent" }],
  });
  createdGroups.add(group.id);
  await untilRunning(api, group.id);
  const ms = performance.now() - started;
  await api.request("DELETE", `/v1/container-groups/${group.id}`);
  while ((await api.request("GET", `/v1/container-groups/${group.id}`)).status !== 404) await sleep(20);
  return ms;
}

async function untilRunning(api: Api, id: string): Promise<void> {
  for (;;) {
    const g = await api.getGroup(id);
    if (g.status === "running") return;
    if (g.status === "failed") throw new Error(`group ${g.name} failed: ${g.statusReason}`);
    await sleep(POLL_MS);
  }
}

/** Creates an image cache holding `ref` and waits until it is available; returns it and the time that took. */
async function createCache(api: Api, ref: string, credentialId: string): Promise<{ cache: ImageCache; ms: number }> {
  const started = performance.now();
  const reply = await api.request<ImageCache>("POST", "/v1/image-caches", { name: "bench", images: [ref], registryCredentialIds: [credentialId], sizeGB: 20 });
  if (reply.status !== 202) throw new Error(`cache create answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  for (;;) {
    const cache = (await api.request<ImageCache>("GET", `/v1/image-caches/${reply.body.id}`)).body;
    if (cache.status === "available") return { cache, ms: performance.now() - started };
    if (cache.status !== "creating") throw new Error(`cache ${cache.id} is ${cache.status}: ${cache.statusReason}`);
    await sleep(POLL_MS);
  }
}

async function deleteCache(api: Api, id: string): Promise<void> {
  await api.request("DELETE", `/v1/image-caches/${id}`);
  while ((await api.request("GET", `/v1/image-caches/${id}`)).status !== 404) await sleep(20);
}

interface Round {
  rawMs: number;
  coldMs: number;
  cachedMs: number;
  runPresentMs: number;
  cacheCreateMs: number;
  cache: ImageCache;
}

/** One round of the three variants; each starts with the image absent and leaves it absent. */
async function round(api: Api, registry: TestRegistry, ref: string, imageId: string, credentialId: string): Promise<Round> {
  const rawMs = await variant("raw", async () => {
    const ms = await rawPullAndRun(registry, ref);
    await removeImage(imageId);
    return ms;
  });
  const coldMs = await variant("cold", async () => {
    const from = registry.log.length;
    const ms = await engineGroup(api, "bench-cold", ref, credentialId);
    if (registry.manifestRequests(REPOSITORY, from).length === 0) throw new Error("the group did not fetch the manifest: it did not pull");
    await removeImage(imageId);
    return ms;
  });
  return variant("cached", async () => {
    const { cache, ms: cacheCreateMs } = await createCache(api, ref, credentialId);
    await docker.getImage(ref).remove(); // untags only: the cache's pin alone keeps the image now
    const runPresentMs = await rawRun(imageId);
    const from = registry.log.length;
    const cachedMs = await engineGroup(api, "bench-cached", ref, credentialId, cache.id);
    const requests = registry.manifestRequests(REPOSITORY, from);
    if (requests.length > 0) throw new Error(`the group contacted the registry: ${requests.join("; ")}`);
    await deleteCache(api, cache.id);
    await removeImage(imageId);
    return { rawMs, coldMs, cachedMs, runPresentMs, cacheCreateMs, cache };
  });
}

/** Names the variant in a failure: Docker's errors come from a callback, with no stack pointing here. */
async function variant<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new Error(`${name} variant: ${(err as Error).message}`, { cause: err });
  }
}

/** Deletes the engine's groups and caches through its API, while it still runs. */
async function deleteThroughEngine(api: Api): Promise<void> {
  await deleteAllGroups(api);
  const { body } = await api.request<{ items: ImageCache[] }>("GET", "/v1/image-caches");
  for (const c of body.items) await deleteCache(api, c.id);
}

/** Once the engine has stopped: whatever containers of this run are left, then the image under every name. */
async function removeLeftovers(imageId: string | undefined): Promise<void> {
  const labels = [...Object.entries(RAW_LABEL).map(([k, v]) => `${k}=${v}`), ...[...createdGroups].map((id) => `${LABELS.group}=${id}`)];
  for (const label of labels) {
    const left = await docker.listContainers({ all: true, filters: { label: [label] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  }
  if (imageId) await removeImage(imageId);
}

function report(rounds: Round[], imageMB: number): void {
  const [rawMs, coldMs, cachedMs, runPresentMs, cacheCreateMs] = (["rawMs", "coldMs", "cachedMs", "runPresentMs", "cacheCreateMs"] as const).map((k) => median(rounds.map((r) => r[k])));
  const compressedMB = (rounds[0].cache.cachedImages[0].compressedSizeBytes ?? 0) / 1e6;
  const ratios = { coldVsRaw: coldMs / rawMs, cachedVsCold: cachedMs / coldMs, cachedVsRaw: cachedMs / rawMs, cachedVsRunPresent: cachedMs / runPresentMs };
  const line = (what: string, ms: number, note = "") => console.log(`  ${what.padEnd(34)}${ms.toFixed(0).padStart(7)} ms${note}`);
  console.log(`Image ${imageMB.toFixed(0)} MB unpacked, ${compressedMB.toFixed(0)} MB downloaded per pull (${LAYERS} random layers + busybox); median of ${ROUNDS} rounds:`);
  line("raw Docker: pull, create, start", rawMs);
  line("engine, cold (pulls)", coldMs, `   ${ratios.coldVsRaw.toFixed(2)}× raw`);
  line("docker run, image present", runPresentMs);
  line(
    "engine, from the image cache",
    cachedMs,
    `   ${ratios.cachedVsCold.toFixed(2)}× cold (goal ≤ 0.25), ${ratios.cachedVsRaw.toFixed(2)}× raw, ${ratios.cachedVsRunPresent.toFixed(2)}× docker run (goal ≤ 1.1)`,
  );
  line("image cache creation (pull + pin)", cacheCreateMs);
  recordResult(OPTIONS, "image-cache", {
    rounds: ROUNDS,
    goal: "cachedVsCold <= 0.25, cachedVsRunPresent <= 1.1",
    image: { layers: LAYERS, sizeMB: imageMB, compressedMB },
    rawMs,
    coldMs,
    cachedMs,
    runPresentMs,
    cacheCreateMs,
    ratios,
  });
}

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-"));
  const registry = await TestRegistry.start();
  let engine: Awaited<ReturnType<typeof startEngineProcess>> | undefined;
  let imageId: string | undefined;
  try {
    const local = `eci-bench/big:${randomBytes(4).toString("hex")}`;
    imageId = await buildBigImage(local);
    const imageMB = (await docker.getImage(imageId).inspect()).Size / 1e6;
    const ref = await registry.push(local, REPOSITORY);
    await removeImage(imageId); // drops the build's tag and its layers: from here on only the registry has them
    engine = await startEngineProcess(dataDir, await freePort(), { ECI_LOG_LEVEL: "error", ECI_WARM_SANDBOXES: "1" });
    const { api } = engine;
    const credential = await api.request("POST", "/v1/registry-credentials", { server: registry.server, username: registry.username, password: registry.password });
    if (credential.status !== 201) throw new Error(`credential create answered ${credential.status}: ${JSON.stringify(credential.body)}`);
    if (!OPTIONS.quick) await round(api, registry, ref, imageId, credential.body.id); // warm-up, not counted
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(api, registry, ref, imageId, credential.body.id));
    report(rounds, imageMB);
  } finally {
    const warn = (err: Error) => console.error(`Clean-up: ${err.message}`);
    if (engine) {
      await deleteThroughEngine(engine.api).catch(warn);
      engine.proc.kill("SIGTERM");
      await exited(engine.proc);
    }
    await removeLeftovers(imageId).catch(warn);
    await registry.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
