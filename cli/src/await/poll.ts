export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => (clearTimeout(timer), signal?.removeEventListener("abort", done), resolve());
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};

export interface PollOptions<T, R> {
  /** Looks at the subject once (a request); an error it throws ends the poll. */
  observe: () => Promise<T>;
  /** Decides on one observation: an answer ends the poll with it, undefined polls on. May print what is new. */
  settle: (observed: T) => R | undefined;
  intervalMs: number;
  /** No deadline when omitted: the poll runs until it settles or `signal` aborts. */
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

export type PollResult<T, R> = { settled: true; value: R } | { settled: false; reason: "timeout" | "aborted"; last: T | undefined };

/**
 * The one polling primitive of the CLI (`wait`, `delete --wait`, `events -w`): observe, settle or sleep,
 * until an answer, the deadline (one last look is taken at it) or an abort (Ctrl-C).
 */
export async function poll<T, R>(options: PollOptions<T, R>): Promise<PollResult<T, R>> {
  const clock = options.clock ?? systemClock;
  const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : clock.now() + options.timeoutMs;
  let last: T | undefined;
  for (;;) {
    if (options.signal?.aborted) return { settled: false, reason: "aborted", last };
    last = await options.observe();
    const value = options.settle(last);
    if (value !== undefined) return { settled: true, value };
    const left = deadline - clock.now();
    if (left <= 0) return { settled: false, reason: "timeout", last };
    await clock.sleep(Math.min(options.intervalMs, left), options.signal);
  }
}
