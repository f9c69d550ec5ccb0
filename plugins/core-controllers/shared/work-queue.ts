import type { Clock, Timer } from '../../../sdk/plugins/clock.js';

/** What processing one key asks for next. */
export interface ProcessResult {
  /** Process the key again after this many milliseconds (success; the failure backoff resets). */
  requeueAfterMs?: number;
}

/** How a WorkQueue runs. */
export interface WorkQueueOptions {
  readonly clock: Clock;
  /** Processes one key; throwing requeues it with per-key exponential backoff. */
  readonly process: (key: string) => Promise<ProcessResult | void>;
  /** Keys processed at once (default 4); one key is never processed twice at the same time. */
  readonly concurrency?: number;
  /** First retry delay after a failure (default 5 ms, as client-go's default controller rate limiter). */
  readonly baseDelayMs?: number;
  /** Longest retry delay (default 60 s). */
  readonly maxDelayMs?: number;
  /** Told about each failure (for logging). */
  readonly onError?: (key: string, err: unknown) => void;
}

/**
 * A work queue of string keys with client-go's rules: a key waiting is queued once however often
 * it is added; a key being processed is not processed again at the same time, and is processed
 * once more afterwards when it was added meanwhile; failures retry with per-key exponential backoff.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, Timer>();
  private readonly idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: WorkQueueOptions) {}

  /** Queues `key` now. */
  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.pending.add(key);
    this.pump();
  }

  /** Queues `key` after `ms` (an earlier pending delay of the same key is kept when sooner). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    if (this.timers.has(key)) return;
    this.timers.set(
      key,
      this.options.clock.setTimer(ms, () => {
        this.timers.delete(key);
        this.add(key);
      }),
    );
  }

  /** Keys waiting or being processed. */
  get length(): number {
    return this.pending.size + this.processing.size;
  }

  /** Resolves when nothing is waiting or being processed (delayed keys do not count). */
  idle(): Promise<void> {
    if (this.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops processing new keys and cancels delayed ones. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.pending.clear();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 4;
    while (!this.stopped && this.processing.size < limit && this.pending.size > 0) {
      const key = this.pending.values().next().value as string;
      this.pending.delete(key);
      this.processing.add(key);
      void this.run(key);
    }
    if (this.length === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async run(key: string): Promise<void> {
    let retryIn: number | undefined;
    try {
      const result = await this.options.process(key);
      this.failures.delete(key);
      retryIn = result?.requeueAfterMs;
    } catch (err) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.options.onError?.(key, err);
      retryIn = Math.min((this.options.baseDelayMs ?? 5) * 2 ** (n - 1), this.options.maxDelayMs ?? 60_000);
    }
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.pending.add(key);
    else if (retryIn !== undefined) this.addAfter(key, retryIn);
    this.pump();
  }
}
