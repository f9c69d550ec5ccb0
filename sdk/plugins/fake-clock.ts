import { sleepOn, type Clock, type Timer } from './clock.js';

/** A clock that moves only when told to, for tests of backoff, grace periods and windows. */
export class FakeClock implements Clock {
  private current: number;
  private readonly timers: Array<{ at: number; seq: number; callback: () => void; done: boolean }> = [];
  private seq = 0;

  /** Starts at `startMs` (default 2025-01-01T00:00:00Z). */
  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, callback: () => void): Timer {
    const t = { at: this.current + Math.max(0, ms), seq: this.seq++, callback, done: false };
    this.timers.push(t);
    return {
      cancel: () => {
        t.done = true;
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Timers not yet fired nor cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.done).length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order (timers they set that fall inside
   * the window fire too). Awaits a microtask turn after each so promise chains can react.
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.done && t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      due.done = true;
      this.current = Math.max(this.current, due.at);
      due.callback();
      await new Promise<void>((r) => setImmediate(r));
    }
    this.current = end;
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]!.done) this.timers.splice(i, 1);
  }
}
