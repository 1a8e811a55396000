/**
 * What an engine costs when nothing happens: N groups running and healthy, no API calls, and the CPU of
 * the engine process (an `eci-engine` process with the product's defaults) and of dockerd over a window,
 * read from /proc. Then the same window with the engine paused (SIGSTOP): what dockerd uses by itself
 * for the same containers, so that dockerd's figure minus this baseline is what the engine causes.
 * Windows alternate (engine running, engine paused) for each round; the medians are reported. The daemon
 * is shared (another session's tests, say): a window in which Docker reported events of containers that
 * are not this engine's is left out of the medians, unless every window was.
 * Usage: npx tsx bench/idle-engine.ts [groups] [seconds] [rounds] [--quick]
 *   (goal: engine < 2 % of a core and dockerd caused by the engine < 2 % with 100 groups over 60 s;
 *    --quick: 3 groups, one round of 3 s, nothing asserted or recorded)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_CONFIG } from "../engine/src/config";
import { ensureTestImages } from "../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { type Api, deleteAllGroups, docker } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";
import { createIdleGroups, untilAllRunning } from "./lib/idle-groups";
import { cpuPercentsOver, pidsNamed } from "./lib/proc-cpu";

const OPTIONS = benchOptions();
const GROUPS = OPTIONS.quick ? 3 : OPTIONS.number(0, 100);
const SECONDS = OPTIONS.quick ? 3 : OPTIONS.number(1, 60);
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(2, 3);
/** Once every group is healthy, the engine finishes what its start and the creates left (first metrics, billing): not counted. */
const SETTLE_MS = OPTIONS.quick ? 1_000 : 15_000;
const GOAL_PERCENT = 2;
const allHealthy = (api: Api) => untilAllRunning(api, GROUPS, { healthy: true, timeoutMs: 300_000 });

/** Counts Docker's events of containers that are not this engine's: another client of the daemon at work. */
async function watchForeignEvents(engineId: string): Promise<{ count: () => number; stop: () => void }> {
  const stream = (await docker.getEvents({ filters: { type: ["container"] } })) as NodeJS.ReadableStream & { destroy(): void };
  let foreign = 0;
  let buffered = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (buffered + chunk.toString("utf8")).split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) {
      if ((JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } }).Actor?.Attributes?.["eci.engine"] !== engineId) foreign++;
    }
  });
  return { count: () => foreign, stop: () => stream.destroy() };
}

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-idle-"));
  // The product's defaults (the helper's tests resync every second), with room for every group.
  const env = { ECI_LOG_LEVEL: "error", ECI_RESYNC_INTERVAL_MS: String(DEFAULT_CONFIG.resyncIntervalMs), ECI_QUOTA_STANDARD_GROUPS: String(GROUPS) };
  const { proc, api } = await startEngineProcess(dataDir, await freePort(), env);
  const resume = () => proc.kill("SIGCONT");
  try {
    const groupIds = await createIdleGroups(api, GROUPS);
    await allHealthy(api);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const engine = [proc.pid as number];
    const dockerd = pidsNamed(["dockerd"]);
    const [own] = await docker.listContainers({ filters: { label: [`eci.group=${groupIds[0]}`] } });
    const foreign = await watchForeignEvents(own.Labels["eci.engine"]);
    const windows: Array<{ enginePercent: number; dockerdPercent: number; dockerdPausedPercent: number; disturbed: boolean }> = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const before = foreign.count();
        const running = await cpuPercentsOver({ engine, dockerd }, SECONDS);
        proc.kill("SIGSTOP");
        const paused = await cpuPercentsOver({ dockerd }, SECONDS);
        resume();
        const w = { enginePercent: running.engine, dockerdPercent: running.dockerd, dockerdPausedPercent: paused.dockerd, disturbed: foreign.count() > before };
        windows.push(w);
        console.log(
          `round ${round + 1}: engine ${w.enginePercent.toFixed(2)} % of a core, dockerd ${w.dockerdPercent.toFixed(2)} % (engine paused: ${w.dockerdPausedPercent.toFixed(2)} %) over ${SECONDS} s${w.disturbed ? "; another client used Docker meanwhile: left out" : ""}`,
        );
      }
    } finally {
      foreign.stop();
    }
    const counted = windows.some((w) => !w.disturbed) ? windows.filter((w) => !w.disturbed) : windows;
    const enginePercent = median(counted.map((w) => w.enginePercent));
    const dockerdByEnginePercent = median(counted.map((w) => w.dockerdPercent - w.dockerdPausedPercent));
    console.log(
      `${GROUPS} idle groups: engine ${enginePercent.toFixed(2)} % of a core (goal < ${GOAL_PERCENT} %), dockerd caused by the engine ${dockerdByEnginePercent.toFixed(2)} % (goal < ${GOAL_PERCENT} %); medians of ${counted.length} round(s)`,
    );
    // The groups are still healthy: an idle engine that stopped supervising would be cheap, and wrong.
    await allHealthy(api);
    recordResult(OPTIONS, "idle-engine", {
      groups: GROUPS,
      windowSeconds: SECONDS,
      rounds: ROUNDS,
      resyncIntervalMs: DEFAULT_CONFIG.resyncIntervalMs,
      goal: `engine < ${GOAL_PERCENT} % of a core, dockerd caused by the engine < ${GOAL_PERCENT} %`,
      enginePercent,
      dockerdByEnginePercent,
      windows,
    });
  } finally {
    resume();
    await deleteAllGroups(api);
    proc.kill("SIGTERM");
    await exited(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
