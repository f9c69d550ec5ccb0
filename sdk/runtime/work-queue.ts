import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';

/** Hooks a work queue calls for its metrics. */
export interface WorkQueueObserver {
  /** An item was added (deduplicated adds are not counted). */
  onAdd?(): void;
  /** A retry was scheduled through the rate limiter. */
  onRetry?(): void;
  /** The number of items ready to be processed changed. */
  onDepth?(depth: number): void;
  /** An item left the queue for processing after waiting `waitMs`. */
  onGet?(waitMs: number): void;
}

/** Options of a work queue. */
export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter;
  observer?: WorkQueueObserver;
}

/**
 * A keyed work queue with client-go's rules:
 * - dedup: a key added several times before it is processed is processed once;
 * - per-key serialisation: a key being processed is not handed out again until `done`; adds in
 *   the meantime mark it dirty and it is queued again at `done`;
 * - `addRateLimited` waits as long as the rate limiter says (per-item exponential backoff and
 *   an overall token bucket by default), `forget` resets the item's backoff;
 * - `addAfter` waits a fixed delay (the earliest pending delay of a key wins).
 */
export class WorkQueue {
  private queue: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly addedAt = new Map<string, number>();
  private readonly waiting = new Map<string, { at: number; timer: TimerHandle }>();
  private getters: Array<(key: string | undefined) => void> = [];
  private shuttingDown = false;
  private readonly clock: Clock;
  readonly rateLimiter: RateLimiter;
  private readonly observer: WorkQueueObserver;

  constructor(options: WorkQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter(this.clock);
    this.observer = options.observer ?? {};
  }

  /** Items ready to be processed (not those in flight or waiting for a delay). */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Whether `key` is being processed now. */
  isProcessing(key: string): boolean {
    return this.processing.has(key);
  }

  /** Whether `key` waits for a delay (addAfter or addRateLimited). */
  isWaiting(key: string): boolean {
    return this.waiting.has(key);
  }

  /** Adds a key (no-op when it is already queued, or when shutting down). */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    this.observer.onAdd?.();
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Adds a key after `delayMs` (at once when <= 0). A pending earlier delay of the key is kept. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = this.clock.now() + delayMs;
    const pending = this.waiting.get(key);
    if (pending && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.clock.setTimer(delayMs, () => {
      this.waiting.delete(key);
      this.add(key);
    });
    this.waiting.set(key, { at, timer });
  }

  /** Adds a key after the rate limiter's delay for it (a retry). */
  addRateLimited(key: string): void {
    if (this.shuttingDown) return;
    this.observer.onRetry?.();
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Forgets the retry history of a key (call after it was processed successfully). */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** How often `key` has been retried since it was last forgotten. */
  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * The next key to process; waits while the queue is empty. Resolves undefined once the queue
   * shuts down (or `signal` aborts). The caller must call `done(key)` when finished.
   */
  get(signal?: AbortSignal): Promise<string | undefined> {
    if (this.length > 0) return Promise.resolve(this.take());
    if (this.shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const getter = (key: string | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(key);
      };
      const onAbort = () => {
        this.getters = this.getters.filter((g) => g !== getter);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.getters.push(getter);
    });
  }

  /** Marks a key finished; if it was added meanwhile it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
  }

  /** Stops handing out keys; waiting getters resolve undefined; pending delays are cancelled. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }

  private push(key: string): void {
    const getter = this.getters.shift();
    if (getter) {
      this.markTaken(key);
      getter(key);
      return;
    }
    this.queue.push(key);
    this.observer.onDepth?.(this.length);
  }

  private take(): string {
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.observer.onDepth?.(this.length);
    this.markTaken(key);
    return key;
  }

  private markTaken(key: string): void {
    this.dirty.delete(key);
    this.processing.add(key);
    const at = this.addedAt.get(key);
    this.addedAt.delete(key);
    if (at !== undefined) this.observer.onGet?.(this.clock.now() - at);
  }
}
