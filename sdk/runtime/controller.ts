import type { Logger } from 'pino';
import type { KubeObject } from '../api/kube-object.js';
import type { KubeClient } from '../client/kube-client.js';
import type { ResourceDescriptor } from '../client/resource-descriptor.js';
import type { CacheReader } from '../informers/cache-reader.js';
import type { InformerFactory } from '../informers/informer-factory.js';
import type { InformerSelector } from '../informers/shared-informer.js';
import { systemClock, type Clock } from './clock.js';
import type { EventRecorder } from './event-recorder.js';
import type { ControllerMetrics } from './controller-metrics.js';
import type { Predicate } from './predicates.js';
import type { RateLimiter } from './rate-limiters.js';
import {
  requestKey,
  requestOfKey,
  TerminalError,
  type Reconciler,
  type ReconcileContext,
  type Request,
} from './reconciler.js';
import { WorkQueue } from './work-queue.js';

/** A watched kind: its selector and the predicates its events must pass. */
export interface WatchSpec<T extends KubeObject = KubeObject> {
  resource: ResourceDescriptor<T>;
  selector?: InformerSelector;
  predicates?: Predicate<T>[];
}

/** A related kind mapped to requests of the primary kind. */
export interface MappedWatchSpec<T extends KubeObject = KubeObject> extends WatchSpec<T> {
  /** The requests an event on `obj` should enqueue (may be empty). */
  map(obj: T): Request[];
}

/** What a controller watches and how it runs. */
export interface ControllerOptions<P extends KubeObject = KubeObject> {
  /** Unique name; used in metrics, logs and as the queue name. */
  name: string;
  /** The primary kind: each event enqueues the object itself. */
  for: WatchSpec<P> | ResourceDescriptor<P>;
  /** Owned kinds: an event enqueues the object's controller owner of the primary kind. */
  owns?: Array<WatchSpec<any> | ResourceDescriptor<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Related kinds mapped to primary requests. */
  watches?: Array<MappedWatchSpec<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  reconciler: Reconciler | Reconciler['reconcile'];
  /** Parallel reconciles of different keys (default 1). The same key never runs twice at once. */
  maxConcurrentReconciles?: number;
  /** Aborts a reconcile's signal after this long (default: no timeout). */
  reconcileTimeoutMs?: number;
  /** Retry policy (default: 5 ms doubling to 1000 s per item, 10 qps burst 100 overall). */
  rateLimiter?: RateLimiter;
}

/** What a controller needs from its manager. */
export interface ControllerDeps {
  informers: InformerFactory;
  client: KubeClient;
  cache: CacheReader;
  recorder: EventRecorder;
  logger: Logger;
  metrics: ControllerMetrics;
  clock?: Clock;
}

function specOf<T extends KubeObject>(w: WatchSpec<T> | ResourceDescriptor<T>): WatchSpec<T> {
  return 'resource' in w ? w : { resource: w };
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * A controller: a work queue fed by informer events of the primary, owned and related kinds, and
 * workers that call the reconciler. Events are queued from the moment the controller is created
 * (so a standby replica keeps its queue warm); workers run only between `start` and `stop`.
 */
export class Controller<P extends KubeObject = KubeObject> {
  readonly name: string;
  readonly queue: WorkQueue;
  private readonly reconciler: Reconciler;
  private readonly log: Logger;
  private readonly clock: Clock;
  private workers?: { stop: AbortController; done: Promise<void> };
  private readonly unsubscribe: Array<() => void> = [];
  readonly primary: ResourceDescriptor<P>;

  constructor(
    private readonly options: ControllerOptions<P>,
    private readonly deps: ControllerDeps,
  ) {
    this.name = options.name;
    this.clock = deps.clock ?? systemClock;
    this.log = deps.logger.child({ component: 'controller', controller: options.name });
    this.reconciler = typeof options.reconciler === 'function' ? { reconcile: options.reconciler } : options.reconciler;
    this.queue = new WorkQueue({
      clock: this.clock,
      rateLimiter: options.rateLimiter,
      observer: deps.metrics.queueObserver(options.name),
    });
    const primary = specOf(options.for);
    this.primary = primary.resource;
    this.watch(primary, (o) => [{ namespace: o.metadata.namespace, name: o.metadata.name! }]);
    for (const owned of options.owns ?? []) this.watch(specOf(owned), (o) => this.ownerRequests(o));
    for (const related of options.watches ?? []) this.watch(related, (o) => related.map(o));
  }

  /** Adds a key to the queue by hand (e.g. from a timer or an external trigger). */
  enqueue(req: Request): void {
    this.queue.add(requestKey(req));
  }

  /** Starts the workers; reconciles run until `stop` (or the signal aborts). */
  start(signal?: AbortSignal): void {
    if (this.workers) return;
    const stop = new AbortController();
    signal?.addEventListener('abort', () => stop.abort(), { once: true });
    const n = Math.max(1, this.options.maxConcurrentReconciles ?? 1);
    this.deps.metrics.setMaxConcurrency(this.name, n);
    const done = Promise.all(Array.from({ length: n }, () => this.worker(stop.signal))).then(() => undefined);
    this.workers = { stop, done };
    this.log.info({ workers: n }, 'controller started');
  }

  /** Stops the workers, aborting running reconciles, and waits for them. The queue keeps its keys. */
  async stop(): Promise<void> {
    const w = this.workers;
    if (!w) return;
    this.workers = undefined;
    w.stop.abort();
    await w.done;
  }

  /** Stops for good: workers, informer subscriptions and the queue. */
  async shutdown(): Promise<void> {
    await this.stop();
    for (const u of this.unsubscribe.splice(0)) u();
    this.queue.shutDown();
  }

  private watch<T extends KubeObject>(spec: WatchSpec<T>, toRequests: (obj: T) => Request[]): void {
    const inf = this.deps.informers.informer(spec.resource, spec.selector ?? {});
    const preds = spec.predicates ?? [];
    const enqueue = (obj: T) => {
      for (const r of toRequests(obj)) if (r.name) this.queue.add(requestKey(r));
    };
    this.unsubscribe.push(
      inf.addEventHandler({
        onAdd: (o) => preds.every((p) => p.create?.(o) ?? true) && enqueue(o),
        onUpdate: (old, o) => {
          if (!preds.every((p) => p.update?.(old, o) ?? true)) return;
          enqueue(o);
          // An owned object that changed owner enqueues the old owner too.
          if (old.metadata.ownerReferences !== o.metadata.ownerReferences) enqueue(old);
        },
        onDelete: (o) => preds.every((p) => p.delete?.(o) ?? true) && enqueue(o),
      }),
    );
  }

  private ownerRequests(obj: KubeObject): Request[] {
    const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref || ref.kind !== this.primary.kind || groupOf(ref.apiVersion) !== this.primary.group) return [];
    return [{ namespace: this.primary.namespaced ? obj.metadata.namespace : undefined, name: ref.name }];
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get(signal);
      if (key === undefined) return;
      try {
        await this.process(key, signal);
      } finally {
        this.queue.done(key);
      }
      if (signal.aborted) return;
    }
  }

  private async process(key: string, stop: AbortSignal): Promise<void> {
    const req = requestOfKey(key);
    const ac = new AbortController();
    const onStop = () => ac.abort(new Error('controller stopping'));
    stop.addEventListener('abort', onStop, { once: true });
    const timeout = this.options.reconcileTimeoutMs
      ? this.clock.setTimer(this.options.reconcileTimeoutMs, () => ac.abort(new Error('reconcile timed out')))
      : undefined;
    const ctx: ReconcileContext = {
      signal: ac.signal,
      client: this.deps.client,
      cache: this.deps.cache,
      recorder: this.deps.recorder,
      log: this.log.child({ request: key }),
      retries: this.queue.numRequeues(key),
    };
    const metrics = this.deps.metrics;
    ctx.log.debug({ retries: ctx.retries }, 'reconciling');
    const started = performance.now();
    metrics.activeWorkers(this.name, +1);
    try {
      const result = await this.reconciler.reconcile(req, ctx);
      const after = result?.requeueAfterMs;
      this.queue.forget(key);
      if (after !== undefined && after > 0) {
        this.queue.addAfter(key, after);
        metrics.reconciled(this.name, 'requeue_after');
      } else metrics.reconciled(this.name, 'success');
    } catch (err) {
      if (stop.aborted) {
        // Interrupted by shutdown or lost leadership: the next leader (or start) picks it up.
        this.queue.add(key);
        return;
      }
      metrics.reconciled(this.name, 'error');
      if (err instanceof TerminalError) {
        metrics.terminalError(this.name);
        this.queue.forget(key);
        ctx.log.error({ err: err.message }, 'reconcile failed terminally; not retrying');
      } else {
        this.queue.addRateLimited(key);
        ctx.log.warn(
          { err: (err as Error)?.message ?? String(err), retries: ctx.retries + 1 },
          'reconcile failed; retrying',
        );
      }
    } finally {
      timeout?.cancel();
      stop.removeEventListener('abort', onStop);
      metrics.activeWorkers(this.name, -1);
      metrics.reconcileTime(this.name, (performance.now() - started) / 1000);
    }
  }
}
