/** Timing of CrashLoopBackOff and ImagePullBackOff (kubelet's defaults). */
export interface BackoffTimings {
  /** First delay (kubelet: 10 s). */
  readonly initialMs: number;
  /** Cap (kubelet: 5 min). */
  readonly maxMs: number;
  /** A container that ran at least this long starts afresh (kubelet: 10 min). */
  readonly resetAfterMs: number;
}

export const defaultBackoffTimings: BackoffTimings = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

/**
 * Per-key exponential backoff as kubelet applies it to restarts: the first failure restarts at
 * once, the next ones wait 10 s, 20 s, 40 s ... up to 5 min; a run of at least 10 min resets it.
 * Pure bookkeeping over the times it is given (no timers), so tests drive it with plain numbers.
 */
export class RestartBackoff {
  private readonly entries = new Map<string, { nextDelayMs: number; restartAtMs: number; lastDelayMs: number }>();

  constructor(private readonly timings: BackoffTimings = defaultBackoffTimings) {}

  /**
   * Records that the container `key` finished at `finishedAtMs` after running `ranForMs`, and
   * returns when it may restart. Call it once per exit.
   */
  recordExit(key: string, finishedAtMs: number, ranForMs: number): number {
    let e = this.entries.get(key);
    if (e && ranForMs >= this.timings.resetAfterMs) {
      this.entries.delete(key);
      e = undefined;
    }
    if (!e) {
      this.entries.set(key, { nextDelayMs: this.timings.initialMs, restartAtMs: finishedAtMs, lastDelayMs: 0 });
      return finishedAtMs;
    }
    const delay = e.nextDelayMs;
    e.restartAtMs = finishedAtMs + delay;
    e.lastDelayMs = delay;
    e.nextDelayMs = Math.min(delay * 2, this.timings.maxMs);
    return e.restartAtMs;
  }

  /** The delay the last `recordExit` imposed (0 for an immediate restart); 0 for an unknown key. */
  currentDelayMs(key: string): number {
    return this.entries.get(key)?.lastDelayMs ?? 0;
  }

  /** Milliseconds from `nowMs` until `key` may restart (0 when it may restart now). */
  remainingMs(key: string, nowMs: number): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.restartAtMs - nowMs) : 0;
  }

  /** Forgets a key (the pod went away). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key with this prefix (a pod's containers). */
  forgetPrefix(prefix: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

/** Human text of a delay as kubelet prints it in "back-off 20s restarting failed container". */
export function formatDelay(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const r = s % 60;
  return r === 0 ? `${m}m0s` : `${m}m${r}s`;
}
