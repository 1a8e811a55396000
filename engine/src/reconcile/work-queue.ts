import type { Logger } from "../logger";

export interface ReconcileResult {
  /** Run again after this long even if nothing changes (a back-off deadline, say). */
  requeueAfterMs?: number;
}

export type ReconcileHandler = (key: string, signal: AbortSignal) => Promise<ReconcileResult>;

/**
 * A keyed work queue in the manner of controller-runtime: a key is handled by one worker at a time,
 * adding a key that is already waiting is a no-op (the earlier deadline wins), adding one that is
 * being handled runs it again afterwards, and a failed pass is retried with exponential back-off.
 */
export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly readySet = new Set<string>();
  private readonly scheduled = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly running = new Map<string, AbortController>();
  private readonly rerunAt = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private stopped = false;
  private idle?: () => void;

  constructor(
    private readonly handler: ReconcileHandler,
    private readonly options: { concurrency: number; logger: Logger; errorBackoffBaseMs?: number; errorBackoffMaxMs?: number },
  ) {}

  add(key: string, delayMs = 0): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(0, delayMs);
    if (this.running.has(key)) {
      const previous = this.rerunAt.get(key);
      if (previous === undefined || at < previous) this.rerunAt.set(key, at);
      return;
    }
    if (this.readySet.has(key)) return;
    const pending = this.scheduled.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    this.scheduled.delete(key);
    if (delayMs <= 0) {
      this.enqueue(key);
      return;
    }
    const timer = setTimeout(() => {
      this.scheduled.delete(key);
      this.enqueue(key);
    }, delayMs);
    timer.unref();
    this.scheduled.set(key, { at, timer });
  }

  /** Aborts the pass running for `key`, if any; the key runs again at once. */
  interrupt(key: string): void {
    const controller = this.running.get(key);
    if (!controller) return;
    controller.abort(new Error(`reconcile of ${key} interrupted`));
    this.rerunAt.set(key, Date.now());
  }

  /** Stops taking work and waits for the passes in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
    this.ready.length = 0;
    this.readySet.clear();
    if (this.running.size === 0) return;
    await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private enqueue(key: string): void {
    if (this.readySet.has(key)) return;
    this.ready.push(key);
    this.readySet.add(key);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      this.readySet.delete(key);
      void this.run(key);
    }
  }

  private async run(key: string): Promise<void> {
    const controller = new AbortController();
    this.running.set(key, controller);
    let next: number | undefined;
    try {
      next = (await this.handler(key, controller.signal)).requeueAfterMs;
      this.failures.delete(key);
    } catch (err) {
      if (!controller.signal.aborted) {
        const failures = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, failures);
        next = Math.min((this.options.errorBackoffBaseMs ?? 200) * 2 ** (failures - 1), this.options.errorBackoffMaxMs ?? 30_000);
        this.options.logger.warn({ err, key, retryInMs: next }, "Failed to reconcile; retrying");
      }
    } finally {
      this.running.delete(key);
      const rerun = this.rerunAt.get(key);
      this.rerunAt.delete(key);
      if (rerun !== undefined) this.add(key, rerun - Date.now());
      if (next !== undefined) this.add(key, next);
      if (this.stopped && this.running.size === 0) this.idle?.();
      this.pump();
    }
  }
}
