import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user + system, from /proc/<pid>/stat) used so far by these processes. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile (a shim of a container of another user of the daemon).
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** Ids of the processes whose command name (/proc/<pid>/comm) is one of these. */
export function pidsNamed(names: string[]): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return names.includes(readFileSync(`/proc/${d}/comm`, "utf8").trim());
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The share of one core (in %) each set of processes uses over the same `seconds`, measured from /proc. */
export async function cpuPercentsOver<K extends string>(processes: Record<K, number[]>, seconds: number): Promise<Record<K, number>> {
  const keys = Object.keys(processes) as K[];
  const before = keys.map((k) => cpuSeconds(processes[k]));
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  return Object.fromEntries(keys.map((k, i) => [k, ((cpuSeconds(processes[k]) - before[i]) / elapsed) * 100])) as Record<K, number>;
}
