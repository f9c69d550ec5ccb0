import { CompactedError, type StoreEvent } from './store.js';

/** Replays the history of events under a prefix with revisions in (from, to]. Must be synchronous. */
export type Replay = (prefix: string, from: number, to: number) => StoreEvent[];

interface Listener {
  prefix: string;
  push(events: readonly StoreEvent[]): void;
}

/**
 * Fans committed events out to watches in one process. A new watch first replays history from
 * the driver, then follows live events, with no gap and no duplicate at the boundary (the replay
 * is synchronous, so no commit can slip between it and the subscription).
 */
export class WatchHub {
  private readonly listeners = new Set<Listener>();

  /** Delivers the events of one commit (in revision order) to the watches whose prefix matches. */
  publish(events: readonly StoreEvent[]): void {
    if (events.length === 0 || this.listeners.size === 0) return;
    for (const l of this.listeners) l.push(events);
  }

  /** An async iterable of the events under `prefix` after `fromRevision`, until `signal` aborts. */
  watch(
    prefix: string,
    fromRevision: number,
    signal: AbortSignal,
    current: () => number,
    compacted: () => number,
    replay: Replay,
  ): AsyncIterable<StoreEvent> {
    const hub = this;
    return {
      [Symbol.asyncIterator](): AsyncIterator<StoreEvent> {
        const queue: StoreEvent[] = [];
        let wake: (() => void) | undefined;
        let done = false;
        let failure: Error | undefined;
        let last = fromRevision;
        const listener: Listener = {
          prefix,
          push(events) {
            for (const e of events) {
              if (e.revision > last && e.kv.key.startsWith(prefix)) {
                queue.push(e);
                last = e.revision;
              }
            }
            wake?.();
          },
        };
        const finish = () => {
          done = true;
          hub.listeners.delete(listener);
          wake?.();
        };
        if (signal.aborted) done = true;
        else {
          signal.addEventListener('abort', finish, { once: true });
          if (fromRevision < compacted()) {
            failure = new CompactedError(fromRevision, compacted());
          } else {
            const now = current();
            if (fromRevision < now) {
              for (const e of replay(prefix, fromRevision, now)) queue.push(e);
              last = Math.max(last, now);
            }
            hub.listeners.add(listener);
          }
        }
        return {
          async next(): Promise<IteratorResult<StoreEvent>> {
            for (;;) {
              if (failure) {
                const f = failure;
                failure = undefined;
                finish();
                throw f;
              }
              if (queue.length > 0) return { value: queue.shift()!, done: false };
              if (done) return { value: undefined, done: true };
              await new Promise<void>((r) => (wake = r));
              wake = undefined;
            }
          },
          async return(): Promise<IteratorResult<StoreEvent>> {
            signal.removeEventListener('abort', finish);
            finish();
            return { value: undefined, done: true };
          },
        };
      },
    };
  }
}
