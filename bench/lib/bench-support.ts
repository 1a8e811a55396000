import { writeFileSync } from "node:fs";
import path from "node:path";

/**
 * How a benchmark was asked to run. `--quick` is one small round that `.ci/run` runs after the tests,
 * so a benchmark that breaks fails CI: it measures and prints as usual, asserts nothing about time and
 * records nothing. Other arguments are the benchmark's own (rounds, seconds…), in order.
 */
export interface BenchOptions {
  quick: boolean;
  /** The positional argument at `index` as a number, or `fallback` when it is not given. */
  number(index: number, fallback: number): number;
}

export function benchOptions(argv = process.argv.slice(2)): BenchOptions {
  const quick = argv.includes("--quick");
  const positional = argv.filter((a) => !a.startsWith("--"));
  return {
    quick,
    number: (index, fallback) => {
      if (positional[index] === undefined) return fallback;
      const value = Number(positional[index]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`argument ${index + 1} must be a positive number, not ${positional[index]}`);
      return value;
    },
  };
}

/** Writes `bench/results/<name>.json`, unless the run was quick (one small round proves it runs; it measures nothing worth keeping). */
export function recordResult(options: BenchOptions, name: string, result: object): void {
  if (options.quick) {
    console.log("Quick run: results not recorded");
    return;
  }
  const out = path.join(__dirname, "..", "results", `${name}.json`);
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a benchmark's main; a failure prints its error and exits non-zero, so CI's quick runs fail. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
