import { hasCode } from "@eci/sdk";
import { humanDuration } from "../duration";
import { CliError } from "../errors";
import { type Clock, poll } from "./poll";

/** A look at a resource (null once it no longer exists), judged for one target. */
export type Verdict =
  | { state: "met"; said: string }
  | { state: "waiting"; progress: string }
  | { state: "impossible"; why: string };

/** How often a wait looks: twice a second, a tenth of the engine's default rate limit. */
export const WAIT_INTERVAL_MS = 500;

export interface AwaitVerdictOptions<T> {
  /** `group/cg-1a2b3c4d`, for messages. */
  subject: string;
  /** `running`, `deleted`, for messages. */
  target: string;
  /** The resource, or null once it is gone (see `orGone`). */
  fetch: () => Promise<T | null>;
  judge: (observed: T | null) => Verdict;
  timeoutMs: number;
  /** Receives a line each time the progress changes (never the same line twice). */
  onProgress: (line: string) => void;
  clock?: Clock;
}

/**
 * Waits until `judge` says the target is met, and answers what it said. A target that can no longer be
 * met, or the deadline, is a `CliError` saying what was awaited, for how long, and what was seen last.
 */
export async function awaitVerdict<T>(options: AwaitVerdictOptions<T>): Promise<string> {
  let lastProgress = "";
  const result = await poll({
    observe: options.fetch,
    intervalMs: WAIT_INTERVAL_MS,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    settle: (observed) => {
      const verdict = options.judge(observed);
      if (verdict.state !== "waiting") return verdict;
      if (verdict.progress !== lastProgress) options.onProgress(`${options.subject}: ${verdict.progress}`);
      lastProgress = verdict.progress;
      return undefined;
    },
  });
  if (!result.settled) {
    throw new CliError(`Timed out after ${humanDuration(options.timeoutMs)} waiting for ${options.subject} to be ${options.target}`, [`last seen: ${lastProgress}`]);
  }
  if (result.value.state === "impossible") throw new CliError(`${options.subject} will not become ${options.target}: ${result.value.why}`);
  return result.value.said;
}

/** The resource, or null when the engine answers `not_found`. */
export async function orGone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (hasCode(err, "not_found")) return null;
    throw err;
  }
}

/** The verdict of a deletion of any kind: met once the resource is gone. */
export function gone(observed: object | null): Verdict {
  if (observed === null) return { state: "met", said: "deleted" };
  const { status } = observed as { status?: unknown };
  return { state: "waiting", progress: typeof status === "string" ? status : "still there" };
}
