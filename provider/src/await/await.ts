import { formatDuration } from "../duration";

/** One step of a readiness checklist: a pure function of what was observed. */
export type Condition<T> = (observed: T) => ConditionResult;

export interface ConditionResult {
  ok: boolean;
  /** What this condition waits for, such as "group to be running". */
  description: string;
  /** Why it is not satisfied yet. */
  message?: string;
  /** The wait cannot succeed any more (the group failed, say): stop now with this reason. */
  fatal?: boolean;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    }),
};

export interface AwaitOptions<T> {
  /** The subject, for messages: `ContainerGroup web (cg-1a2b3c4d)`. */
  subject: string;
  /** Observes the subject; may throw to stop the wait. */
  observe: () => Promise<T>;
  /** Checked in order; the wait ends when all are satisfied. */
  conditions: Condition<T>[];
  timeoutMs: number;
  /** The pause between observations while the wait is young (`fastForMs`); after that it grows by half each time up to `maxIntervalMs`. */
  intervalMs?: number;
  fastForMs?: number;
  maxIntervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Receives a line each time the progress message changes (never twice the same). */
  onProgress?: (line: string) => void;
  /** More about the last observation for a failure message (container reasons, latest warnings); `said` is the message so far. */
  explain?: (last: T, said: string) => Promise<string>;
}

/** The wait ended without the conditions being satisfied; `last` is the last observation. */
export class AwaitError<T> extends Error {
  constructor(
    message: string,
    readonly last: T | undefined,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = "AwaitError";
  }
}

/**
 * The one polling primitive: observes, runs the conditions in order, stops at the first unmet one,
 * reports progress only when it changes, and fails with what was awaited, for how long and why it is
 * stuck when the deadline passes or a condition turns fatal.
 */
export async function awaitConditions<T>(options: AwaitOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  let lastLine = "";
  let last: T | undefined;
  let pending: ConditionResult | undefined;
  // 100 ms at first: fast enough to see a group start, and 10 requests a second per resource, half the engine's default rate limit.
  let intervalMs = options.intervalMs ?? 100;
  for (;;) {
    last = await options.observe();
    pending = options.conditions.map((c) => c(last as T)).find((r) => !r.ok);
    if (!pending) return last;
    const line = `${options.subject}: waiting for ${pending.description}${pending.message ? `: ${pending.message}` : ""}`;
    if (line !== lastLine) options.onProgress?.(line);
    lastLine = line;
    const elapsed = clock.now() - started;
    if (pending.fatal || elapsed >= options.timeoutMs) {
      const why = pending.message ? `: ${pending.message}` : "";
      const head = pending.fatal
        ? `${options.subject} will not become ${pending.description} (after ${formatDuration(elapsed)})${why}`
        : `${options.subject} was not ${pending.description} after ${formatDuration(options.timeoutMs)}${why}`;
      const extra = options.explain ? await options.explain(last, head).catch(() => "") : "";
      throw new AwaitError(`${head}${extra ? `; ${extra}` : ""}`, last, !pending.fatal);
    }
    await clock.sleep(Math.min(intervalMs, Math.max(0, options.timeoutMs - elapsed)), options.signal);
    // Most groups settle within a second or two: look often then, and less as the wait grows long.
    if (clock.now() - started >= (options.fastForMs ?? 2000)) intervalMs = Math.min(intervalMs * 1.5, options.maxIntervalMs ?? 2000);
  }
}
