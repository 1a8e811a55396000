/**
 * Runs `work` with a signal that aborts on Ctrl-C (SIGINT) or SIGTERM, so a command that follows
 * something (`logs -f`, `events -w`) stops cleanly and exits 0 instead of being killed mid-write.
 */
export async function untilInterrupted<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
  }
}
