/**
 * Create→running latency of a group of 1, 2 and 5 containers: through the engine's API (a separate
 * `eci-engine` process, polled until the group is `running`) against the raw Docker API creating and
 * starting the same containers (a sandbox, then the members in parallel), side by side in one run.
 * Two engines: one as shipped, which keeps a sandbox running ahead of demand (`ECI_WARM_SANDBOXES=1`;
 * creates here are spaced, so each finds one ready), and one without (`0`): every step of a cold create.
 * Usage: npx tsx bench/create-group.ts [rounds] [--quick]   (goal: engine ≤ 1.05 × raw; --quick: one round of one size, nothing recorded)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_IMAGES, ensureTestImages } from "../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { type Api, docker } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";
import { rawGroup, removeEngineGroup, removeRaw } from "./lib/raw-group";

const OPTIONS = benchOptions();
const SIZES = OPTIONS.quick ? [2] : [1, 2, 5];
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(0, 9);
const IMAGE = TEST_IMAGES.busybox;

async function engineGroup(api: Api, members: number): Promise<{ ms: number; id: string }> {
  const started = performance.now();
  const group = await api.createGroup({
    name: `bench-${members}`,
    containers: Array.from({ length: members }, (_, i) => ({ name: `c${i}`, image: IMAGE, command: ["sleep", "3600"] })),
  });
  for (;;) {
    const g = await api.getGroup(group.id);
    if (g.status === "running") return { ms: performance.now() - started, id: group.id };
    if (g.status === "failed") throw new Error(`group failed: ${g.statusReason}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const engines = await Promise.all(
    (["1", "0"] as const).map(async (warmSandboxes) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-"));
      return { dataDir, ...(await startEngineProcess(dataDir, await freePort(), { ECI_LOG_LEVEL: "error", ECI_WARM_SANDBOXES: warmSandboxes })) };
    }),
  );
  const [warm, cold] = engines;
  try {
    const rows: Array<{ containers: number; rawMs: number; engineMs: number; ratio: number; coldEngineMs: number; coldRatio: number }> = [];
    for (const size of SIZES) {
      const raw: number[] = [];
      const eng: number[] = [];
      const coldEng: number[] = [];
      await removeRaw((await rawGroup(size, IMAGE)).ids); // warm-up, not counted
      for (const e of engines) await removeEngineGroup(e.api, (await engineGroup(e.api, size)).id);
      for (let round = 0; round < ROUNDS; round++) {
        const r = await rawGroup(size, IMAGE);
        raw.push(r.ms);
        await removeRaw(r.ids);
        for (const [e, times] of [[warm, eng], [cold, coldEng]] as const) {
          const g = await engineGroup(e.api, size);
          times.push(g.ms);
          await removeEngineGroup(e.api, g.id);
        }
      }
      const rawMs = median(raw);
      const row = { containers: size, rawMs, engineMs: median(eng), ratio: median(eng) / rawMs, coldEngineMs: median(coldEng), coldRatio: median(coldEng) / rawMs };
      rows.push(row);
      console.log(
        `${size} container(s): raw Docker ${rawMs.toFixed(0)} ms, engine ${row.engineMs.toFixed(0)} ms (${row.ratio.toFixed(2)}×), ` +
          `engine without a warm sandbox ${row.coldEngineMs.toFixed(0)} ms (${row.coldRatio.toFixed(2)}×) (median of ${ROUNDS})`,
      );
    }
    recordResult(OPTIONS, "create-group", { rounds: ROUNDS, goal: "ratio <= 1.05", rows });
  } finally {
    for (const e of engines) {
      e.proc.kill("SIGTERM");
      await exited(e.proc);
      rmSync(e.dataDir, { recursive: true, force: true });
    }
  }
}

runBench(main);

