import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { KubeObject } from '../api/kube-object.js';
import type { KubeClient } from '../client/kube-client.js';
import { InformerCacheReader, type CacheReader } from '../informers/cache-reader.js';
import { InformerFactory } from '../informers/informer-factory.js';
import type { InformerOptions, InformerSelector } from '../informers/shared-informer.js';
import { systemClock, type Clock } from './clock.js';
import { Controller, type ControllerOptions } from './controller.js';
import { ControllerMetrics } from './controller-metrics.js';
import { KubeEventRecorder, type EventRecorder } from './event-recorder.js';
import { LeaderElector, type LeaderElectionOptions } from './leader-elector.js';
import { MetricsRegistry } from './metrics-registry.js';

/** A named health check: resolves with an error text when unhealthy, undefined when healthy. */
export type HealthCheck = () => string | undefined | Promise<string | undefined>;

/** How a manager runs. */
export interface ManagerOptions {
  /** The client to list, watch and write with (the manager wraps it for read-your-writes). */
  client: KubeClient;
  clock?: Clock;
  logger?: Logger;
  /** Lease-based leader election; controllers run only on the leader. Off when absent. */
  leaderElection?: LeaderElectionOptions;
  /** Serve /healthz, /readyz, /livez and /metrics on this port (0 picks one). Off when absent. */
  healthPort?: number;
  /** Address of the health server (default 127.0.0.1). */
  healthHost?: string;
  /** Defaults of every informer (idle timeout, backoff, page size, transform, ...). */
  informerDefaults?: Omit<InformerOptions, keyof InformerSelector | 'indexers'>;
  /** reportingController prefix of events (default `capstan.io`). */
  eventSource?: string;
}

/**
 * Runs controllers: one shared informer pool, a read-your-writes client, metrics under
 * controller-runtime's names, health endpoints, and optional Lease leader election. Informers start
 * on every replica (warm standby: caches are synced before a takeover); controllers' workers run
 * only while this replica leads.
 */
export class Manager {
  readonly informers: InformerFactory;
  /** Writes through it land in the caches at once. */
  readonly client: KubeClient;
  readonly cache: CacheReader;
  readonly metrics = new MetricsRegistry();
  readonly elector?: LeaderElector;
  private readonly controllerMetrics: ControllerMetrics;
  private readonly controllers: Controller<KubeObject>[] = [];
  private readonly healthChecks = new Map<string, HealthCheck>();
  private readonly readyChecks = new Map<string, HealthCheck>();
  private readonly recorders = new Map<string, EventRecorder>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private runner?: AbortController;
  private electing?: Promise<void>;
  private leading = false;
  private server?: Server;
  private leaderWaiters: Array<() => void> = [];

  constructor(private readonly options: ManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'manager' });
    this.informers = new InformerFactory(options.client, {
      ...options.informerDefaults,
      clock: this.clock,
      logger: options.logger,
    });
    this.client = this.informers.client;
    this.cache = new InformerCacheReader(this.informers);
    this.controllerMetrics = new ControllerMetrics(this.metrics);
    this.readyChecks.set('informers', () => {
      const bad = this.informers.status().filter((s) => !s.ready);
      return bad.length ? bad.map((s) => `${s.resource}: ${s.reason}`).join('; ') : undefined;
    });
    const lastEvent = this.metrics.gauge(
      'capstan_informer_watch_silence_seconds',
      'Seconds since the informer last heard from its watch (event or bookmark)',
    );
    lastEvent.collect(() =>
      this.informers.status().map((s) => ({
        labels: { resource: s.resource, namespace: s.selector.namespace ?? '' },
        value: s.silenceMs / 1000,
      })),
    );
    const ready = this.metrics.gauge('capstan_informer_ready', 'Whether the informer is synced and its watch is live');
    ready.collect(() =>
      this.informers.status().map((s) => ({
        labels: { resource: s.resource, namespace: s.selector.namespace ?? '' },
        value: s.ready ? 1 : 0,
      })),
    );
    if (options.leaderElection) {
      const le = options.leaderElection;
      this.elector = new LeaderElector(
        this.client,
        le,
        {
          onStartedLeading: () => this.onStartedLeading(),
          onStoppedLeading: () => void this.onStoppedLeading(),
        },
        { clock: this.clock, logger: options.logger },
      );
      const status = this.metrics.gauge(
        'leader_election_master_status',
        'Gauge of if the reporter is master of the lease',
      );
      status.collect(() => [{ labels: { name: le.name }, value: this.leading ? 1 : 0 }]);
      this.healthChecks.set('leaderElection', () => {
        const since = this.elector!.sinceLastRenewMs();
        const limit = (le.leaseDurationMs ?? 15_000) + 20_000;
        return since > limit ? `leader has not renewed the lease for ${Math.round(since / 1000)}s` : undefined;
      });
    }
  }

  /** Adds a controller; its informers start with the manager (or at once if it runs). */
  addController<P extends KubeObject>(options: ControllerOptions<P>): Controller<P> {
    if (this.controllers.some((c) => c.name === options.name)) throw new Error(`controller ${options.name} exists`);
    const c = new Controller<P>(options, {
      informers: this.informers,
      client: this.client,
      cache: this.cache,
      recorder: this.eventRecorder(options.name),
      logger: this.options.logger ?? pino({ level: 'silent' }),
      metrics: this.controllerMetrics,
      clock: this.clock,
    });
    this.controllers.push(c as unknown as Controller<KubeObject>);
    if (this.runner && this.leading) void this.startController(c as unknown as Controller<KubeObject>);
    return c;
  }

  /** An event recorder reporting as `<eventSource>/<component>`. */
  eventRecorder(component: string): EventRecorder {
    let r = this.recorders.get(component);
    if (!r) {
      r = new KubeEventRecorder(this.client, `${this.options.eventSource ?? 'capstan.io'}/${component}`, {
        clock: this.clock,
        logger: this.options.logger,
        instance: this.elector?.identity,
      });
      this.recorders.set(component, r);
    }
    return r;
  }

  /** Adds a liveness check (/healthz, /livez). */
  addHealthCheck(name: string, check: HealthCheck): void {
    this.healthChecks.set(name, check);
  }

  /** Adds a readiness check (/readyz). */
  addReadyCheck(name: string, check: HealthCheck): void {
    this.readyChecks.set(name, check);
  }

  /** Whether this replica runs the controllers now (always true without leader election, once started). */
  isLeader(): boolean {
    return this.leading;
  }

  /** Resolves when this replica leads. */
  waitForLeadership(signal?: AbortSignal): Promise<void> {
    if (this.leading) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => resolve();
      this.leaderWaiters.push(done);
      signal?.addEventListener(
        'abort',
        () => {
          this.leaderWaiters = this.leaderWaiters.filter((w) => w !== done);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** The address of the health server, once started. */
  get healthAddress(): AddressInfo | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a : undefined;
  }

  /**
   * Starts informers, the health server, and leader election (or the controllers directly).
   * Resolves once started; controllers begin after the caches have synced.
   */
  async start(): Promise<void> {
    if (this.runner) return;
    this.runner = new AbortController();
    // Every informer and controller of the process listens on it.
    setMaxListeners(0, this.runner.signal);
    this.informers.start();
    if (this.options.healthPort !== undefined) await this.listen(this.options.healthPort);
    if (this.elector) this.electing = this.elector.run(this.runner.signal);
    else this.onStartedLeading();
  }

  /** Stops controllers (aborting reconciles), releases the lease, stops informers and the health server. */
  async stop(): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    runner.abort();
    await Promise.all(this.controllers.map((c) => c.stop()));
    await this.electing;
    this.leading = false;
    for (const c of this.controllers) await c.shutdown();
    await this.informers.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    this.server = undefined;
    this.runner = undefined;
  }

  /** Runs the checks of /healthz or /readyz: the failures by name. */
  async check(kind: 'healthz' | 'readyz'): Promise<Record<string, string | undefined>> {
    const checks = kind === 'healthz' ? this.healthChecks : new Map([...this.healthChecks, ...this.readyChecks]);
    const out: Record<string, string | undefined> = {};
    for (const [name, fn] of checks) {
      try {
        out[name] = await fn();
      } catch (err) {
        out[name] = (err as Error)?.message ?? String(err);
      }
    }
    return out;
  }

  /** Serves /healthz, /livez, /readyz (`?verbose` lists checks) and /metrics; for mounting elsewhere. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(this.metrics.render());
      return;
    }
    const kind =
      url.pathname === '/readyz'
        ? 'readyz'
        : url.pathname === '/healthz' || url.pathname === '/livez'
          ? 'healthz'
          : undefined;
    if (!kind) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
      return;
    }
    const results = await this.check(kind);
    const failed = Object.values(results).some((v) => v !== undefined);
    let body: string;
    if (url.searchParams.has('verbose') || failed) {
      const lines = Object.entries(results).map(([n, v]) => (v === undefined ? `[+]${n} ok` : `[-]${n} failed: ${v}`));
      body = `${lines.join('\n')}\n${kind} check ${failed ? 'failed' : 'passed'}\n`;
    } else body = 'ok';
    res.writeHead(failed ? 500 : 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.healthHost ?? '127.0.0.1', () => resolve());
    });
    server.unref();
    this.server = server;
  }

  private onStartedLeading(): void {
    this.leading = true;
    for (const w of this.leaderWaiters.splice(0)) w();
    for (const c of this.controllers) void this.startController(c);
  }

  private async onStoppedLeading(): Promise<void> {
    this.leading = false;
    await Promise.all(this.controllers.map((c) => c.stop()));
  }

  private async startController(c: Controller<KubeObject>): Promise<void> {
    const signal = this.runner?.signal;
    try {
      await this.informers.waitForSync(signal);
    } catch {
      return;
    }
    if (this.leading && !signal?.aborted) c.start(signal);
  }
}
