import { pino, type Logger } from 'pino';
import type { KubeObject } from '../api/kube-object.js';
import { GoneError } from '../client/api-error.js';
import type { KubeClient } from '../client/kube-client.js';
import type { ResourceDescriptor } from '../client/resource-descriptor.js';
import { sleep, systemClock, type Clock, type TimerHandle } from '../runtime/clock.js';
import { compileLabelSelector } from './label-selector-string.js';
import { keyOfObject, namespaceIndex, ObjectCache, objectKey, type IndexFunc } from './object-cache.js';
import { compareResourceVersions } from './resource-version.js';

/** What an informer lists and watches. */
export interface InformerSelector {
  /** Only this namespace (namespaced kinds); all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Tuning of an informer; every field has a default. */
export interface InformerOptions<T extends KubeObject = KubeObject> extends InformerSelector {
  /** Custom indexers besides the built-in `namespace` index. */
  indexers?: Record<string, IndexFunc<T>>;
  clock?: Clock;
  logger?: Logger;
  /** Page size of the initial list and relists (default 500). */
  pageSize?: number;
  /** No event or bookmark for this long restarts the watch (default 180 s). */
  idleTimeoutMs?: number;
  /** No event or bookmark for this long makes the informer not ready (default 2/3 of idleTimeoutMs). */
  lagThresholdMs?: number;
  /** Reconnection backoff after errors: initial delay, cap, and jitter fraction (default 800 ms, 30 s, 0.5). */
  backoff?: { initialMs?: number; maxMs?: number; jitter?: number };
  /** Server-side timeout of each watch, randomised in [min, 2*min) like client-go's reflector (default 300 s). */
  minWatchTimeoutSeconds?: number;
  /** Random source for jitter (tests make it deterministic). */
  random?: () => number;
  /** Applied to every object before caching (e.g. to strip managedFields); must not change the name. */
  transform?: (obj: T) => T;
}

/** Callbacks of an informer. They run synchronously in event order and must not throw (errors are logged). */
export interface InformerEventHandler<T extends KubeObject> {
  /** A new object; `initialList` is true for objects of a list (first sync, relist, or replay to a late handler). */
  onAdd?(obj: T, initialList: boolean): void;
  /** A changed object, with the previous state this handler saw. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** A deleted object: its last state; `finalStateUnknown` when the deletion was found by a relist. */
  onDelete?(obj: T, finalStateUnknown: boolean): void;
}

/** The health of one informer, as readiness probes and metrics show it. */
export interface InformerStatus {
  /** The first list has completed. */
  synced: boolean;
  /** A watch is open. */
  watching: boolean;
  /** synced, watching, and the watch heard from the server within the lag threshold. */
  ready: boolean;
  /** Why it is not ready. */
  reason?: string;
  /** Milliseconds since the last event or bookmark (or since the watch opened). */
  silenceMs: number;
  resourceVersion?: string;
  /** Counts of relists (410 or first list), watch restarts by the idle watchdog, and failed attempts. */
  relists: number;
  idleRestarts: number;
  errors: number;
  lastError?: string;
}

/**
 * A shared informer: lists then watches one resource (with selectors), keeps an indexed cache,
 * and calls its handlers on every change. It never stalls silently: errors reconnect with capped,
 * jittered exponential backoff; a 410 relists; an idle watchdog restarts a silent watch; and the
 * status turns not-ready while the watch is down or lagging. Writes recorded with `recordWrite`
 * enter the cache at once (newer resourceVersion wins), so a reconcile reads what it just wrote.
 */
export class SharedInformer<T extends KubeObject = KubeObject> {
  readonly selector: InformerSelector;
  private readonly cache: ObjectCache<T>;
  /** The last state each key had in the event stream the handlers saw. */
  private readonly delivered = new Map<string, T>();
  private readonly handlers = new Set<InformerEventHandler<T>>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly matchesLabels: (labels: Record<string, string> | undefined) => boolean;
  private readonly idleTimeoutMs: number;
  private readonly lagThresholdMs: number;
  private readonly random: () => number;
  private runner?: AbortController;
  private running?: Promise<void>;
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private watching = false;
  private lastActivity = 0;
  private rv?: string;
  private relists = 0;
  private idleRestarts = 0;
  private errors = 0;
  private lastError?: string;

  constructor(
    private readonly client: KubeClient,
    readonly resource: ResourceDescriptor<T>,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.selector = {
      namespace: resource.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    };
    this.cache = new ObjectCache<T>(options.indexers);
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({
      component: 'informer',
      resource: resource.group ? `${resource.plural}.${resource.group}` : resource.plural,
    });
    this.matchesLabels = compileLabelSelector(options.labelSelector);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 180_000;
    this.lagThresholdMs = options.lagThresholdMs ?? Math.round((this.idleTimeoutMs * 2) / 3);
    this.random = options.random ?? Math.random;
  }

  /** Starts listing and watching (idempotent). */
  start(): void {
    if (this.runner) return;
    this.runner = new AbortController();
    this.running = this.run(this.runner.signal);
  }

  /** Stops the watch; the cache keeps its content. */
  async stop(): Promise<void> {
    this.runner?.abort();
    await this.running;
  }

  /** Whether the first list has filled the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects when `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        reject(signal?.reason);
      };
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Health of the informer; `ready` is what readiness probes use. */
  status(): InformerStatus {
    const silenceMs = Math.max(0, this.clock.now() - this.lastActivity);
    let reason: string | undefined;
    if (!this.synced) reason = 'not synced';
    else if (!this.watching) reason = `watch down${this.lastError ? `: ${this.lastError}` : ''}`;
    else if (silenceMs > this.lagThresholdMs) reason = `watch silent for ${Math.round(silenceMs / 1000)}s`;
    return {
      synced: this.synced,
      watching: this.watching,
      ready: reason === undefined,
      reason,
      silenceMs,
      resourceVersion: this.rv,
      relists: this.relists,
      idleRestarts: this.idleRestarts,
      errors: this.errors,
      lastError: this.lastError,
    };
  }

  /**
   * Adds handlers; when the informer already has objects they are replayed to the new handler as
   * adds (`initialList` true). Returns a function that removes the handlers.
   */
  addEventHandler(handler: InformerEventHandler<T>): () => void {
    this.handlers.add(handler);
    for (const obj of this.delivered.values()) this.call(handler, 'onAdd', () => handler.onAdd?.(obj, true));
    return () => this.handlers.delete(handler);
  }

  /** Adds an indexer (built from the current content). */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.cache.addIndexer(name, fn);
  }

  /** A cached object; `namespace` for namespaced kinds. */
  get(name: string, namespace?: string): T | undefined {
    return this.cache.get(objectKey(name, this.resource.namespaced ? namespace : undefined));
  }

  /** The cached objects, of one namespace when given. */
  list(namespace?: string): T[] {
    return namespace === undefined || !this.resource.namespaced
      ? this.cache.values()
      : this.cache.byIndex(namespaceIndex, namespace);
  }

  /** The cached objects with `value` in index `name`. */
  byIndex(name: string, value: string): T[] {
    return this.cache.byIndex(name, value);
  }

  /** Number of cached objects. */
  get size(): number {
    return this.cache.size;
  }

  /** The resourceVersion the informer has seen up to (list or last event or bookmark). */
  get lastSyncResourceVersion(): string | undefined {
    return this.rv;
  }

  /** Whether this informer's selectors cover an object (label and metadata field selectors are checked here). */
  covers(obj: KubeObject): boolean {
    const ns = this.selector.namespace;
    if (ns && obj.metadata.namespace !== ns) return false;
    if (!this.matchesLabels(obj.metadata.labels)) return false;
    for (const term of (this.selector.fieldSelector ?? '').split(',').filter(Boolean)) {
      const m = term.match(/^\s*([^!=]+?)\s*(==|=|!=)\s*(.*?)\s*$/);
      if (!m) return false;
      const actual =
        m[1] === 'metadata.name'
          ? obj.metadata.name
          : m[1] === 'metadata.namespace'
            ? obj.metadata.namespace
            : undefined;
      if (actual === undefined) return false; // a field we cannot evaluate here
      if ((m[2] === '!=') === (actual === m[3])) return false;
    }
    return true;
  }

  /**
   * Puts the result of the operator's own write into the cache (no handlers run; the watch event
   * follows). Ignored when the cache already holds a newer or equal resourceVersion, or the object
   * is outside this informer's selectors.
   */
  recordWrite(obj: T): void {
    if (!obj?.metadata?.name || !this.covers(obj)) return;
    const key = keyOfObject(obj);
    const cached = this.cache.get(key);
    if (cached) {
      const cmp = compareResourceVersions(obj.metadata.resourceVersion, cached.metadata.resourceVersion);
      if (cmp === undefined || cmp <= 0) return;
    }
    this.cache.set(key, this.transform(obj));
  }

  /**
   * Removes an object the operator deleted (when the delete answered that it is gone). With the
   * object the delete returned and finalizers pending, records it instead.
   */
  recordDelete(name: string, namespace?: string, returned?: T): void {
    if (returned && (returned.metadata.finalizers?.length ?? 0) > 0) return this.recordWrite(returned);
    this.cache.delete(objectKey(name, this.resource.namespaced ? namespace : undefined));
  }

  private transform(obj: T): T {
    return this.options.transform ? this.options.transform(obj) : obj;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (this.rv === undefined) {
          await this.relist(signal);
          failures = 0;
          // Stopped during the list: an already-aborted signal would never end the watch.
          if (signal.aborted) break;
        }
        const outcome = await this.watchOnce(signal);
        if (outcome === 'healthy') failures = 0;
        else if (outcome === 'empty') await this.backoff(++failures, signal);
      } catch (err) {
        this.watching = false;
        if (signal.aborted) break;
        if (err instanceof GoneError) {
          this.log.info({ rv: this.rv }, 'resourceVersion too old; relisting');
          this.rv = undefined;
          continue;
        }
        this.errors++;
        this.lastError = err instanceof Error ? err.message : String(err);
        this.log.warn({ err: this.lastError, failures: failures + 1 }, 'list/watch failed; retrying with backoff');
        await this.backoff(++failures, signal);
      }
    }
    this.watching = false;
  }

  private async backoff(failures: number, signal: AbortSignal): Promise<void> {
    const initial = this.options.backoff?.initialMs ?? 800;
    const max = this.options.backoff?.maxMs ?? 30_000;
    const jitter = this.options.backoff?.jitter ?? 0.5;
    const base = Math.min(max, initial * 2 ** Math.min(failures - 1, 30));
    const delay = Math.min(max, base * (1 + jitter * this.random()));
    await sleep(this.clock, delay, signal).catch(() => undefined);
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const limit = this.options.pageSize ?? 500;
    const items: T[] = [];
    let rv: string | undefined;
    let cont: string | undefined;
    let paged = true;
    for (;;) {
      let page;
      try {
        page = await this.client.list(this.resource, {
          ...this.selector,
          limit: paged ? limit : undefined,
          continue: cont,
        });
      } catch (err) {
        if (err instanceof GoneError && cont) {
          // The continue token expired: list everything in one go, as client-go's pager falls back to.
          items.length = 0;
          cont = undefined;
          paged = false;
          continue;
        }
        throw err;
      }
      if (signal.aborted) return;
      items.push(...page.items);
      rv ??= page.metadata.resourceVersion;
      cont = page.metadata.continue || undefined;
      if (!cont) break;
    }
    this.relists++;
    this.replace(items, rv);
  }

  private replace(items: T[], rv: string | undefined): void {
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = this.transform(raw);
      const key = keyOfObject(obj);
      seen.add(key);
      this.store(key, obj);
      const prev = this.delivered.get(key);
      this.delivered.set(key, obj);
      if (!prev) this.emit('onAdd', (h) => h.onAdd?.(obj, true));
      else if (prev.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.emit('onUpdate', (h) => h.onUpdate?.(prev, obj));
    }
    for (const [key, prev] of [...this.delivered]) {
      if (seen.has(key)) continue;
      this.delivered.delete(key);
      this.unstore(key, rv);
      this.emit('onDelete', (h) => h.onDelete?.(prev, true));
    }
    for (const key of [...this.cache.keys()]) if (!seen.has(key)) this.unstore(key, rv);
    this.rv = rv;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** Caches an object from the server unless the cache holds a newer write of ours. */
  private store(key: string, obj: T): void {
    const cached = this.cache.get(key);
    if (cached && compareResourceVersions(obj.metadata.resourceVersion, cached.metadata.resourceVersion) === -1) return;
    this.cache.set(key, obj);
  }

  /** Drops a key the server says is gone as of `rv`, unless the cache holds a newer write of ours. */
  private unstore(key: string, rv: string | undefined): void {
    const cached = this.cache.get(key);
    if (cached && compareResourceVersions(cached.metadata.resourceVersion, rv) === 1) return;
    this.cache.delete(key);
  }

  /** One watch: 'healthy' when it delivered something, 'empty' when it ended at once with nothing, 'restart' after the watchdog. */
  private async watchOnce(signal: AbortSignal): Promise<'healthy' | 'empty' | 'restart'> {
    const ac = new AbortController();
    const onStop = () => ac.abort();
    signal.addEventListener('abort', onStop, { once: true });
    if (signal.aborted) ac.abort();
    let idle = false;
    let timer: TimerHandle | undefined;
    const arm = () => {
      timer?.cancel();
      timer = this.clock.setTimer(this.idleTimeoutMs, () => {
        idle = true;
        ac.abort();
      });
    };
    const min = this.options.minWatchTimeoutSeconds ?? 300;
    const openedAt = this.clock.now();
    let received = 0;
    this.watching = true;
    this.lastActivity = openedAt;
    arm();
    try {
      for await (const ev of this.client.watch(this.resource, {
        ...this.selector,
        resourceVersion: this.rv,
        allowWatchBookmarks: true,
        timeoutSeconds: Math.floor(min * (1 + this.random())),
        signal: ac.signal,
      })) {
        received++;
        this.lastActivity = this.clock.now();
        arm();
        this.handleEvent(ev.type, ev.object);
      }
    } finally {
      timer?.cancel();
      signal.removeEventListener('abort', onStop);
      this.watching = false;
    }
    if (idle) {
      this.idleRestarts++;
      this.log.warn({ idleTimeoutMs: this.idleTimeoutMs }, 'watch silent too long; restarting it');
      return 'restart';
    }
    if (received === 0 && this.clock.now() - openedAt < 1000) return 'empty';
    return 'healthy';
  }

  private handleEvent(type: string, raw: T): void {
    const rv = raw.metadata?.resourceVersion;
    if (type === 'BOOKMARK') {
      if (rv) this.rv = rv;
      return;
    }
    const obj = this.transform(raw);
    const key = keyOfObject(obj);
    const prev = this.delivered.get(key);
    if (type === 'DELETED') {
      this.delivered.delete(key);
      this.unstore(key, rv);
      this.emit('onDelete', (h) => h.onDelete?.(obj, false));
    } else {
      this.store(key, obj);
      this.delivered.set(key, obj);
      if (prev) this.emit('onUpdate', (h) => h.onUpdate?.(prev, obj));
      else this.emit('onAdd', (h) => h.onAdd?.(obj, false));
    }
    if (rv) this.rv = rv;
  }

  private emit(kind: string, fn: (h: InformerEventHandler<T>) => void): void {
    for (const h of this.handlers) this.call(h, kind, () => fn(h));
  }

  private call(_h: InformerEventHandler<T>, kind: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, handler: kind }, 'informer event handler threw');
    }
  }
}
