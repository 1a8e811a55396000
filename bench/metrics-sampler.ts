/**
 * What the metrics sampler costs with many idle groups: the CPU of the engine process (an `eci-engine`
 * process, as a user runs it) over the same window with sampling on and with it off (ECI_METRICS_INTERVAL_MS=0),
 * the engine restarted between the two on the same data directory and the same running groups, in turns.
 * The daemon's CPU (dockerd, containerd and its shims, from /proc) is reported beside it; the daemon is
 * shared with whatever else runs on the machine, so only the engine's figure is the sampler's alone.
 * Then, on the same containers, one sampler round in this process with each way to read them, side by
 * side: the cgroup files against Docker's one-shot stats API, CPU here and in the daemon.
 * Usage: npx tsx bench/metrics-sampler.ts [groups] [seconds] [rounds] [--quick]
 *   (goal: sampling on − off < 1 % of a core with 100 groups; --quick: 3 groups, one round of 3 s, nothing asserted or recorded)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemClock } from "../engine/src/clock";
import { silentLogger } from "../engine/src/logger";
import { MetricHistory } from "../engine/src/metrics/metric-history";
import { MetricsSampler } from "../engine/src/metrics/metrics-sampler";
import { DockerStatsSource } from "../engine/src/runtime/docker-stats-source";
import { chooseStatsSource } from "../engine/src/runtime/choose-stats-source";
import type { StatsSource } from "../engine/src/runtime/stats-source";
import { SqliteStore } from "../engine/src/store/sqlite-store";
import { ensureTestImages } from "../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { type Api, deleteAllGroups, docker } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";
import { createIdleGroups, untilAllRunning } from "./lib/idle-groups";
import { cpuSeconds, pidsNamed } from "./lib/proc-cpu";

const OPTIONS = benchOptions();
const GROUPS = OPTIONS.quick ? 3 : OPTIONS.number(0, 100);
const SECONDS = OPTIONS.quick ? 3 : OPTIONS.number(1, 60);
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(2, 3);
/** The product's default interval; quick runs sample every second so that a round does sample. */
const INTERVAL_MS = OPTIONS.quick ? 1_000 : 10_000;
/** After a start the engine adopts every group and the sampler learns every container: not counted. */
const SETTLE_MS = OPTIONS.quick ? 2_000 : 25_000;
const DAEMONS = { dockerd: ["dockerd"], containerd: ["containerd", "containerd-shim", "containerd-shim-runc-v2"] };

const allRunning = (api: Api) => untilAllRunning(api, GROUPS, { healthy: false, timeoutMs: 180_000 });

interface Window {
  sampling: boolean;
  enginePercent: number;
  dockerdPercent: number;
  containerdPercent: number;
}

/** The engine as an operator runs it (the default 5-s resync, not the tests' 1 s), with room for every group. */
function engineEnv(sampling: boolean): NodeJS.ProcessEnv {
  return { ECI_LOG_LEVEL: "error", ECI_RESYNC_INTERVAL_MS: "5000", ECI_QUOTA_STANDARD_GROUPS: String(GROUPS), ECI_METRICS_INTERVAL_MS: sampling ? String(INTERVAL_MS) : "0" };
}

async function measure(dataDir: string, port: number, sampling: boolean): Promise<Window> {
  const { proc, api } = await startEngineProcess(dataDir, port, engineEnv(sampling));
  try {
    await allRunning(api);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const pids = { engine: [proc.pid as number], dockerd: pidsNamed(DAEMONS.dockerd), containerd: pidsNamed(DAEMONS.containerd) };
    const before = { engine: cpuSeconds(pids.engine), dockerd: cpuSeconds(pids.dockerd), containerd: cpuSeconds(pids.containerd) };
    const started = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const seconds = (performance.now() - started) / 1000;
    const percent = (key: keyof typeof pids) => ((cpuSeconds(pids[key]) - before[key]) / seconds) * 100;
    const window = { sampling, enginePercent: percent("engine"), dockerdPercent: percent("dockerd"), containerdPercent: percent("containerd") };
    if (sampling) {
      const [group] = (await api.request("GET", "/v1/container-groups")).body.items;
      const metrics = await api.request("GET", `/v1/container-groups/${group.id}/metrics?range=6h`);
      if (metrics.status !== 200 || metrics.body.points.length === 0) throw new Error(`sampling on, but no metrics: ${JSON.stringify(metrics.body)}`);
    }
    return window;
  } finally {
    proc.kill("SIGTERM");
    await exited(proc);
  }
}

/**
 * CPU milliseconds of one sampler round (list, read every container, rates, store) in this process and in
 * the daemon, over `rounds` rounds after a first one (in which the cgroup source learns each container's paths).
 */
async function roundCost(source: StatsSource, groupIds: string[], store: SqliteStore, rounds: number) {
  const sampler = new MetricsSampler(new MetricHistory(store.metrics, systemClock), () => groupIds, systemClock, silentLogger);
  sampler.start(source, 0);
  await sampler.sample();
  const daemon = pidsNamed([...DAEMONS.dockerd, ...DAEMONS.containerd]);
  const daemonBefore = cpuSeconds(daemon);
  const processBefore = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < rounds; round++) await sampler.sample();
  const used = process.cpuUsage(processBefore);
  const processMs = (used.user + used.system) / 1000 / rounds;
  return {
    source: source.kind,
    containers: (await source.listRunning()).length,
    processMsPerRound: processMs,
    daemonMsPerRound: ((cpuSeconds(daemon) - daemonBefore) * 1000) / rounds,
    wallMsPerRound: (performance.now() - started) / rounds,
    enginePercentAt10s: processMs / 100,
  };
}

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-metrics-"));
  const port = await freePort();
  const groupIds: string[] = [];
  try {
    const { proc, api } = await startEngineProcess(dataDir, port, engineEnv(false));
    try {
      groupIds.push(...(await createIdleGroups(api, GROUPS)));
      await allRunning(api);
    } finally {
      proc.kill("SIGTERM");
      await exited(proc);
    }
    const windows: Window[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const sampling of [false, true]) {
        const w = await measure(dataDir, port, sampling);
        windows.push(w);
        console.log(`sampling ${sampling ? "on " : "off"}: engine ${w.enginePercent.toFixed(2)} % of a core, dockerd ${w.dockerdPercent.toFixed(2)} %, containerd + shims ${w.containerdPercent.toFixed(2)} % (${SECONDS} s, ${GROUPS} groups)`);
      }
    }
    const med = (sampling: boolean, key: keyof Omit<Window, "sampling">) => median(windows.filter((w) => w.sampling === sampling).map((w) => w[key]));
    const cost = { enginePercent: med(true, "enginePercent") - med(false, "enginePercent"), dockerdPercent: med(true, "dockerdPercent") - med(false, "dockerdPercent"), containerdPercent: med(true, "containerdPercent") - med(false, "containerdPercent") };
    console.log(`sampler cost (median on − median off): engine ${cost.enginePercent.toFixed(2)} % of a core (goal < 1 %), dockerd ${cost.dockerdPercent.toFixed(2)} %, containerd + shims ${cost.containerdPercent.toFixed(2)} %`);
    const [container] = await docker.listContainers({ filters: { label: [`eci.group=${groupIds[0]}`] } });
    const engineId = container.Labels["eci.engine"];
    const store = new SqliteStore(path.join(dataDir, "rounds.db"));
    const sources = [];
    // The files only where the engine would read them (cgroup v1, the daemon's machine); the stats API always.
    const chosen = await chooseStatsSource(docker, engineId, systemClock, silentLogger);
    for (const source of chosen.kind === "cgroup" ? [chosen, new DockerStatsSource(docker, engineId)] : [chosen]) {
      const c = await roundCost(source, groupIds, store, OPTIONS.quick ? 1 : 5);
      sources.push(c);
      console.log(
        `one round with ${c.source} reads of ${c.containers} containers: ${c.processMsPerRound.toFixed(1)} ms CPU in the sampler (${c.enginePercentAt10s.toFixed(2)} % of a core every 10 s), ${c.daemonMsPerRound.toFixed(1)} ms in the daemon, ${c.wallMsPerRound.toFixed(0)} ms long`,
      );
    }
    store.close();
    recordResult(OPTIONS, "metrics-sampler", { groups: GROUPS, intervalMs: INTERVAL_MS, windowSeconds: SECONDS, rounds: ROUNDS, goal: "engine on - off < 1 % of a core", cost, windows, sources });
  } finally {
    const { proc, api } = await startEngineProcess(dataDir, port, engineEnv(false));
    await deleteAllGroups(api);
    proc.kill("SIGTERM");
    await exited(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
