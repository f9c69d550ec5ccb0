import { EventQueue } from './event-queue.js';
import { compareKeys } from './key-range.js';
import { FutureRevisionError, readRevision } from './revision-check.js';
import {
  CompactedError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type WriteResult,
} from './store.js';
import { WatchHub } from './watch-hub.js';

/** One version of a key: its value from `revision` on, or a deletion when `kv` is absent. */
interface Version {
  readonly revision: number;
  readonly kv: KeyValue | undefined;
}

/**
 * A store kept entirely in memory: a log of events plus the version history of every key.
 * For tests and `memory://`; nothing survives the process.
 */
export class MemoryStore implements Store {
  private revision = 0;
  private compacted = 0;
  private closed = false;
  private readonly history = new Map<string, Version[]>();
  private log: StoreEvent[] = [];
  private readonly hub = new WatchHub();

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    return this.compacted;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    this.ensureOpen();
    const at = readRevision(revision, this.compacted, this.revision);
    return { kv: this.valueAt(key, at), revision: at };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.ensureOpen();
    const at = readRevision(options.revision, this.compacted, this.revision);
    const after = options.after;
    const keys: string[] = [];
    for (const key of this.history.keys()) {
      if (key.startsWith(prefix) && (after === undefined || compareKeys(key, after) > 0)) keys.push(key);
    }
    keys.sort(compareKeys);
    const live: KeyValue[] = [];
    for (const key of keys) {
      const kv = this.valueAt(key, at);
      if (kv) live.push(kv);
    }
    const limit = options.limit && options.limit > 0 ? options.limit : live.length;
    const kvs = live.slice(0, limit);
    const remaining = live.length - kvs.length;
    return { kvs, revision: at, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<{ count: number; revision: number }> {
    this.ensureOpen();
    let count = 0;
    for (const [key, versions] of this.history) if (key.startsWith(prefix) && versions.at(-1)!.kv) count++;
    return { count, revision: this.revision };
  }

  async create(key: string, value: string): Promise<WriteResult> {
    this.ensureOpen();
    const current = this.latest(key);
    if (current) return { ok: false, reason: 'exists', current, revision: this.revision };
    const revision = ++this.revision;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.record(key, kv, { type: 'create', kv, revision });
    return { ok: true, kv, revision };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    this.ensureOpen();
    const prev = this.latest(key);
    if (!prev) return { ok: false, reason: 'not-found', revision: this.revision };
    if (prev.modRevision !== expectedModRevision)
      return { ok: false, reason: 'conflict', current: prev, revision: this.revision };
    const revision = ++this.revision;
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: revision };
    this.record(key, kv, { type: 'update', kv, prev, revision });
    return { ok: true, kv, revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<WriteResult> {
    this.ensureOpen();
    const prev = this.latest(key);
    if (!prev) return { ok: false, reason: 'not-found', revision: this.revision };
    if (expectedModRevision !== undefined && prev.modRevision !== expectedModRevision)
      return { ok: false, reason: 'conflict', current: prev, revision: this.revision };
    const revision = ++this.revision;
    this.record(key, undefined, { type: 'delete', kv: { ...prev, modRevision: revision }, prev, revision });
    return { ok: true, kv: prev, revision };
  }

  async *watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncGenerator<StoreEvent, void, undefined> {
    this.ensureOpen();
    if (fromRevision < this.compacted) throw new CompactedError(fromRevision, this.compacted);
    if (signal.aborted) return;
    const queue = new EventQueue<StoreEvent>();
    // Replay and subscription happen in the same tick, so no write can fall between them.
    for (let i = this.firstLogIndexAfter(fromRevision); i < this.log.length; i++) {
      const ev = this.log[i]!;
      if (ev.kv.key.startsWith(prefix)) queue.push(ev);
    }
    const unsubscribe = this.hub.subscribe(prefix, queue);
    const onAbort = () => queue.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // A watch from a revision not reached yet starts once the store gets past it.
      if (fromRevision < this.revision) yield* queue.drain();
      else for await (const ev of queue.drain()) if (ev.revision > fromRevision) yield ev;
    } finally {
      signal.removeEventListener('abort', onAbort);
      unsubscribe();
    }
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen();
    if (revision <= this.compacted) return;
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    this.compacted = revision;
    this.log = this.log.slice(this.firstLogIndexAfter(revision));
    for (const [key, versions] of this.history) {
      let keepFrom = 0;
      for (let i = versions.length - 1; i >= 0; i--) {
        if (versions[i]!.revision <= revision) {
          keepFrom = versions[i]!.kv ? i : i + 1;
          break;
        }
      }
      if (keepFrom >= versions.length) this.history.delete(key);
      else if (keepFrom > 0) this.history.set(key, versions.slice(keepFrom));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.closeAll();
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  private latest(key: string): KeyValue | undefined {
    return this.history.get(key)?.at(-1)?.kv;
  }

  private valueAt(key: string, revision: number): KeyValue | undefined {
    const versions = this.history.get(key);
    if (!versions) return undefined;
    for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.revision <= revision) return versions[i]!.kv;
    return undefined;
  }

  private record(key: string, kv: KeyValue | undefined, event: StoreEvent): void {
    const versions = this.history.get(key);
    const version = { revision: event.revision, kv };
    if (versions) versions.push(version);
    else this.history.set(key, [version]);
    this.log.push(event);
    this.hub.publish([event]);
  }

  /** Index of the first logged event with a revision greater than `revision`. */
  private firstLogIndexAfter(revision: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]!.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
