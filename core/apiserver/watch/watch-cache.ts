import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { CompactedError, type Store, type StoreEvent } from '../../store/store.js';
import { registryRoot } from '../storage/object-storage.js';

/** A change to one API object, decoded once and shared by every watcher. */
export interface ObjectEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The store key, e.g. `/registry/core/pods/default/web`. */
  key: string;
  object: KubeObject;
  /** The object before the change (for MODIFIED and DELETED), used to filter by selectors. */
  prev?: KubeObject;
  revision: number;
}

/** Receives events for one key prefix, in revision order. */
export interface CacheSubscriber {
  readonly prefix: string;
  onEvent(event: ObjectEvent): void;
  /** Called when the cache stops (server shutdown or a broken store watch). */
  onClose(): void;
}

/**
 * The apiserver's watch cache: one store watch over every object, decoded once, kept in a
 * bounded window of recent events so that watchers can resume from a recent resourceVersion
 * without 410, and fanned out to subscribers by key prefix.
 */
export class WatchCache {
  private readonly window: ObjectEvent[] = [];
  private head = 0;
  private readonly subscribers = new Set<CacheSubscriber>();
  private latest = 0;
  private oldest = 0;
  private readonly abort = new AbortController();
  private readonly revisionWaiters: Array<{ revision: number; resolve: () => void }> = [];
  private running?: Promise<void>;
  private lastError?: string;

  constructor(
    private readonly store: Store,
    private readonly capacity = 50_000,
  ) {}

  /** Starts following the store from its current revision. */
  async start(): Promise<void> {
    this.latest = await this.store.currentRevision();
    this.oldest = this.latest;
    this.running = this.follow();
  }

  /** Why the cache is not following the store right now (its last error), or undefined when it is. */
  get problem(): string | undefined {
    return this.lastError;
  }

  /** The newest revision the cache has seen. */
  get revision(): number {
    return this.latest;
  }

  /** The oldest revision from which a watch can resume (events after it are all kept). */
  get oldestResumable(): number {
    return this.oldest;
  }

  /** Resolves once the cache has seen `revision` (so a read-your-write watch misses nothing). */
  waitFor(revision: number): Promise<void> {
    if (revision <= this.latest) return Promise.resolve();
    return new Promise((resolve) => this.revisionWaiters.push({ revision, resolve }));
  }

  /**
   * Subscribes to the events under `subscriber.prefix` with a revision above `fromRevision`:
   * first those kept in the window, then live ones. Returns false if `fromRevision` is too old.
   */
  subscribe(subscriber: CacheSubscriber, fromRevision: number): { ok: boolean; unsubscribe: () => void } {
    if (fromRevision < this.oldest) return { ok: false, unsubscribe: () => undefined };
    for (const e of this.eventsAfter(fromRevision)) {
      if (e.key.startsWith(subscriber.prefix)) subscriber.onEvent(e);
    }
    this.subscribers.add(subscriber);
    return { ok: true, unsubscribe: () => this.subscribers.delete(subscriber) };
  }

  /** Stops following the store and closes every subscriber. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => undefined);
    for (const s of this.subscribers) s.onClose();
    this.subscribers.clear();
  }

  private *eventsAfter(revision: number): Iterable<ObjectEvent> {
    const n = this.window.length;
    // The window is a ring ordered by revision; find the first event after `revision` by binary search.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < n; i++) yield this.at(i);
  }

  private at(i: number): ObjectEvent {
    return this.window[(this.head + i) % this.window.length]!;
  }

  private push(e: ObjectEvent): void {
    if (this.window.length < this.capacity) {
      this.window.push(e);
    } else {
      this.oldest = this.window[this.head]!.revision;
      this.window[this.head] = e;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /**
   * Follows the store until stopped. A broken store watch is resumed from the last revision seen;
   * if that revision was compacted meanwhile, the window restarts empty and every watcher is
   * closed (clients re-watch and get 410 if they are too far behind).
   */
  private async follow(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        for await (const ev of this.store.watch(registryRoot, this.latest, signal)) {
          const e = toObjectEvent(ev);
          this.push(e);
          this.latest = ev.revision;
          this.lastError = undefined;
          for (const s of this.subscribers) if (e.key.startsWith(s.prefix)) s.onEvent(e);
          this.releaseWaiters();
        }
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof CompactedError) {
          this.latest = await this.store.currentRevision().catch(() => this.latest);
          this.window.length = 0;
          this.head = 0;
          this.oldest = this.latest;
          for (const s of [...this.subscribers]) s.onClose();
          this.subscribers.clear();
        }
        this.lastError = `not following the store: ${(err as Error)?.message ?? String(err)}`;
        this.onError?.(err);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Called when the store watch breaks (for logging); the cache resumes by itself. */
  onError?: (err: unknown) => void;

  private releaseWaiters(): void {
    for (let i = this.revisionWaiters.length - 1; i >= 0; i--) {
      const w = this.revisionWaiters[i]!;
      if (w.revision <= this.latest) {
        this.revisionWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}

function toObjectEvent(ev: StoreEvent): ObjectEvent {
  const object = JSON.parse(ev.kv.value) as KubeObject;
  object.metadata.resourceVersion = String(ev.revision);
  let prev: KubeObject | undefined;
  if (ev.prev) {
    prev = JSON.parse(ev.prev.value) as KubeObject;
    prev.metadata.resourceVersion = String(ev.prev.modRevision);
  }
  const type = ev.type === 'create' ? 'ADDED' : ev.type === 'update' ? 'MODIFIED' : 'DELETED';
  return { type, key: ev.kv.key, object, prev, revision: ev.revision };
}
