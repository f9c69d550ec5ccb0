import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { builtin, type Lease } from '../builtin-resources.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../client/api-error.js';
import type { KubeClient } from '../client/kube-client.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { formatMicroTime } from './micro-time.js';

/** Leader election through a coordination.k8s.io/v1 Lease (client-go's leaderelection semantics). */
export interface LeaderElectionOptions {
  /** Lease name, e.g. `kube-controller-manager`. */
  name: string;
  /** Lease namespace (default `kube-system`). */
  namespace?: string;
  /** This candidate's identity (default `<hostname>_<uuid>`). */
  identity?: string;
  /** How long a lease is valid after its last observed renewal (default 15 s). */
  leaseDurationMs?: number;
  /** The leader gives up if it cannot renew for this long (default 10 s). */
  renewDeadlineMs?: number;
  /** Interval between acquire and renew attempts (default 2 s). */
  retryPeriodMs?: number;
  /** Release the lease when stopping, so that another candidate takes over at once (default true). */
  releaseOnCancel?: boolean;
}

/** Callbacks of an elector. */
export interface LeaderCallbacks {
  /** Became leader; `signal` aborts when leadership is lost or the elector stops. */
  onStartedLeading?(signal: AbortSignal): void;
  /** Stopped leading (lost or released). */
  onStoppedLeading?(): void;
  /** The observed leader changed (including to this candidate). */
  onNewLeader?(identity: string): void;
}

/**
 * Campaigns for a Lease and keeps it renewed. The lease is taken when absent, released (empty
 * holder), or not renewed for its duration as observed on this candidate's own clock (so clock skew
 * between candidates does not matter, as in client-go). Losing it calls onStoppedLeading and the
 * candidate campaigns again.
 */
export class LeaderElector {
  readonly identity: string;
  private readonly namespace: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private observed?: { spec: string; at: number; resourceVersion?: string };
  private leading = false;
  private leader?: string;
  private lastRenew = 0;
  private transitions = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly options: LeaderElectionOptions,
    private readonly callbacks: LeaderCallbacks = {},
    deps: { clock?: Clock; logger?: Logger } = {},
  ) {
    this.identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    this.namespace = options.namespace ?? 'kube-system';
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs)
      throw new Error('leaseDuration must be greater than renewDeadline');
    this.clock = deps.clock ?? systemClock;
    this.log = (deps.logger ?? pino({ level: 'silent' })).child({
      component: 'leader-election',
      lease: `${this.namespace}/${options.name}`,
    });
  }

  /** Whether this candidate holds the lease now. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The identity of the last observed leader. */
  get currentLeader(): string | undefined {
    return this.leader;
  }

  /** ms since the last successful renewal while leading (for health checks). */
  sinceLastRenewMs(): number {
    return this.leading ? this.clock.now() - this.lastRenew : 0;
  }

  /** Campaigns and leads until `signal` aborts; then releases the lease (when configured) and resolves. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.acquire(signal);
      if (signal.aborted) break;
      const leadership = new AbortController();
      // Every informer and controller of the process listens on it.
      setMaxListeners(0, leadership.signal);
      this.leading = true;
      this.log.info({ identity: this.identity }, 'became leader');
      this.callbacks.onStartedLeading?.(leadership.signal);
      await this.renewLoop(signal);
      leadership.abort();
      this.leading = false;
      if (signal.aborted && this.options.releaseOnCancel !== false) await this.release();
      this.log.info({ identity: this.identity }, 'stopped leading');
      this.callbacks.onStoppedLeading?.();
    }
  }

  private async acquire(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) return;
      // client-go waits retryPeriod with jitter factor 1.2 between attempts.
      await sleep(this.clock, this.retryPeriodMs * (1 + 1.2 * Math.random()), signal).catch(() => undefined);
    }
  }

  private async renewLoop(signal: AbortSignal): Promise<void> {
    this.lastRenew = this.clock.now();
    while (!signal.aborted) {
      await sleep(this.clock, this.retryPeriodMs, signal).catch(() => undefined);
      if (signal.aborted) return;
      if (await this.tryAcquireOrRenew()) {
        this.lastRenew = this.clock.now();
        continue;
      }
      if (!this.leading || this.leader !== this.identity) {
        this.log.warn({ leader: this.leader }, 'lease taken by another candidate');
        return;
      }
      if (this.clock.now() - this.lastRenew >= this.renewDeadlineMs) {
        this.log.warn({ renewDeadlineMs: this.renewDeadlineMs }, 'failed to renew the lease in time');
        return;
      }
    }
  }

  /** One attempt; true when this candidate holds the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const nowText = formatMicroTime(now);
    const leaseSeconds = Math.ceil(this.leaseDurationMs / 1000);
    let lease: Lease;
    try {
      lease = await this.client.get(builtin.leases, this.options.name, this.namespace);
    } catch (err) {
      if (!(err instanceof NotFoundError)) return this.failed(err);
      try {
        const created = await this.client.create(builtin.leases, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.options.name, namespace: this.namespace },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: leaseSeconds,
            acquireTime: nowText,
            renewTime: nowText,
            leaseTransitions: 0,
          },
        });
        this.observe(created, now);
        return true;
      } catch (e) {
        return e instanceof AlreadyExistsError ? false : this.failed(e);
      }
    }
    this.observe(lease, now);
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const validMs = (spec.leaseDurationSeconds ?? leaseSeconds) * 1000;
    if (holder && holder !== this.identity && this.observed!.at + validMs > now) return false;
    const mine = holder === this.identity;
    const next: Lease = {
      ...lease,
      spec: {
        holderIdentity: this.identity,
        leaseDurationSeconds: leaseSeconds,
        acquireTime: mine ? (spec.acquireTime ?? nowText) : nowText,
        renewTime: nowText,
        // client-go counts every change of holder, a release included.
        leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
      },
    };
    try {
      const updated = await this.client.update(builtin.leases, next);
      this.observe(updated, now);
      return true;
    } catch (err) {
      return err instanceof ConflictError ? false : this.failed(err);
    }
  }

  private observe(lease: Lease, now: number): void {
    const spec = JSON.stringify(lease.spec ?? {});
    if (this.observed?.spec !== spec)
      this.observed = { spec, at: now, resourceVersion: lease.metadata.resourceVersion };
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder && holder !== this.leader) {
      this.leader = holder;
      this.transitions++;
      this.callbacks.onNewLeader?.(holder);
    }
  }

  private failed(err: unknown): false {
    this.log.warn({ err: (err as Error)?.message }, 'lease request failed');
    return false;
  }

  /** Gives the lease up: empty holder, so the next candidate takes it without waiting for expiry. */
  private async release(): Promise<void> {
    try {
      const lease = await this.client.get(builtin.leases, this.options.name, this.namespace);
      if (lease.spec?.holderIdentity !== this.identity) return;
      const now = formatMicroTime(this.clock.now());
      await this.client.update(builtin.leases, {
        ...lease,
        spec: { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1, acquireTime: now, renewTime: now },
      });
      this.leader = undefined;
    } catch (err) {
      this.log.warn({ err: (err as Error)?.message }, 'could not release the lease');
    }
  }
}
