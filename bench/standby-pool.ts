/**
 * Claim→running of a group from a standby pool (SPEC §8), against the raw Docker API creating and
 * starting the same containers (a sandbox, then the members in parallel), side by side in one run. A
 * claim's answer is already `running`, so its time is the one request's. Sizes of 1, 2 and 5 containers;
 * the pool refills between rounds, not timed.
 * Usage: npx tsx bench/standby-pool.ts [rounds] [--quick]   (goal: claim ≤ 0.1 × raw; --quick: one round of one size, nothing recorded)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ContainerGroup, ContainerGroupSpecInput, StandbyPool } from "@eci/sdk";
import { TEST_IMAGES, ensureTestImages } from "../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { type Api, docker } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";
import { rawGroup, removeEngineGroup, removeRaw } from "./lib/raw-group";

const OPTIONS = benchOptions();
const SIZES = OPTIONS.quick ? [2] : [1, 2, 5];
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(0, 9);
const IMAGE = TEST_IMAGES.busybox;

function profile(members: number): ContainerGroupSpecInput {
  return { name: `bench-${members}`, containers: Array.from({ length: members }, (_, i) => ({ name: `c${i}`, image: IMAGE, command: ["sleep", "3600"] })) };
}

async function waitForFullPool(api: Api, id: string): Promise<void> {
  for (;;) {
    const pool = (await api.request<StandbyPool>("GET", `/v1/standby-pools/${id}`)).body;
    if (pool.readyCount === pool.maxReadyCapacity) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function claim(api: Api, poolId: string, members: number): Promise<{ ms: number; id: string }> {
  const started = performance.now();
  const reply = await api.request<ContainerGroup>("POST", "/v1/container-groups", { ...profile(members), standbyPoolId: poolId });
  const ms = performance.now() - started;
  if (reply.status !== 201 || reply.body.status !== "running") throw new Error(`the claim answered ${reply.status} ${reply.body.status}: ${JSON.stringify(reply.body)}`);
  return { ms, id: reply.body.id };
}

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-"));
  const { proc, api } = await startEngineProcess(dataDir, await freePort(), { ECI_LOG_LEVEL: "error" });
  try {
    const rows: Array<{ containers: number; rawMs: number; claimMs: number; ratio: number }> = [];
    for (const size of SIZES) {
      const pool = (await api.request<StandbyPool>("POST", "/v1/standby-pools", { name: `bench-${size}`, profile: profile(size), maxReadyCapacity: 1 })).body;
      const raw: number[] = [];
      const claims: number[] = [];
      await removeRaw((await rawGroup(size, IMAGE)).ids); // warm-up, not counted
      for (let round = 0; round < ROUNDS; round++) {
        const r = await rawGroup(size, IMAGE);
        raw.push(r.ms);
        await removeRaw(r.ids);
        await waitForFullPool(api, pool.id);
        const c = await claim(api, pool.id, size);
        claims.push(c.ms);
        await removeEngineGroup(api, c.id);
      }
      await api.request("DELETE", `/v1/standby-pools/${pool.id}`);
      // Its pooled groups go with it; the quota shows when they are gone.
      while ((await api.request("GET", "/v1/quotas")).body.standardGroups.used > 0) await new Promise((r) => setTimeout(r, 20));
      const row = { containers: size, rawMs: median(raw), claimMs: median(claims), ratio: median(claims) / median(raw) };
      rows.push(row);
      console.log(`${size} container(s): raw Docker create+start ${row.rawMs.toFixed(0)} ms, claim from a standby pool ${row.claimMs.toFixed(1)} ms, ratio ${row.ratio.toFixed(3)}× (median of ${ROUNDS})`);
    }
    recordResult(OPTIONS, "standby-pool", { rounds: ROUNDS, goal: "ratio <= 0.1", rows });
  } finally {
    proc.kill("SIGTERM");
    await exited(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
