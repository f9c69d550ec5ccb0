import type { StoreEvent } from './store.js';
import type { EventQueue } from './event-queue.js';

interface Subscription {
  readonly prefix: string;
  readonly queue: EventQueue<StoreEvent>;
}

/** In-process fan-out of committed events to the live watches of one store. */
export class WatchHub {
  private readonly subscriptions = new Set<Subscription>();

  /** Registers `queue` for events under `prefix`; returns the function that unregisters it. */
  subscribe(prefix: string, queue: EventQueue<StoreEvent>): () => void {
    const sub = { prefix, queue };
    this.subscriptions.add(sub);
    return () => this.subscriptions.delete(sub);
  }

  /** Delivers committed events (in revision order) to every matching subscription. */
  publish(events: readonly StoreEvent[]): void {
    if (this.subscriptions.size === 0) return;
    for (const ev of events) {
      for (const sub of this.subscriptions) if (ev.kv.key.startsWith(sub.prefix)) sub.queue.push(ev);
    }
  }

  /** Ends every live watch (used on close). */
  closeAll(): void {
    for (const sub of this.subscriptions) sub.queue.close();
    this.subscriptions.clear();
  }

  /** How many watches are live. */
  get size(): number {
    return this.subscriptions.size;
  }
}
