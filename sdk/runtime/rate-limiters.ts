import { systemClock, type Clock } from './clock.js';

/** Decides how long an item waits before its next retry (client-go's workqueue.RateLimiter). */
export interface RateLimiter {
  /** The delay in ms before `item` may be processed again; counts one more retry of it. */
  when(item: string): number;
  /** Clears the retry history of `item` (after a success). */
  forget(item: string): void;
  /** How many retries of `item` are counted. */
  numRequeues(item: string): number;
}

/** Per-item exponential backoff: base * 2^failures, capped (client-go: 5 ms doubling to 1000 s). */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(item: string): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    const delay = this.baseMs * 2 ** n;
    return Number.isFinite(delay) ? Math.min(delay, this.maxMs) : this.maxMs;
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (client-go's BucketRateLimiter over golang.org/x/time/rate): `burst`
 * tokens, refilled at `qps`; each call reserves a token and waits until it is available.
 */
export class BucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item?: string): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_item?: string): void {}

  numRequeues(_item?: string): number {
    return 0;
  }
}

/** The largest delay of several limiters (every limiter counts each call). */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(item: string): number {
    return Math.max(...this.limiters.map((l) => l.when(item)));
  }

  forget(item: string): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: string): number {
    return Math.max(...this.limiters.map((l) => l.numRequeues(item)));
  }
}

/** controller-runtime's default: per-item 5 ms doubling to 1000 s, and an overall 10 qps with burst 100. */
export function defaultControllerRateLimiter(clock: Clock = systemClock): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialFailureRateLimiter(5, 1_000_000),
    new BucketRateLimiter(10, 100, clock),
  );
}
