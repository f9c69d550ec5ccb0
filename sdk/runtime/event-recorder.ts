import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import type { KubeObject } from '../api/kube-object.js';
import { builtin, type EventV1, type ObjectReference } from '../builtin-resources.js';
import { NotFoundError } from '../client/api-error.js';
import type { KubeClient } from '../client/kube-client.js';
import { systemClock, type Clock } from './clock.js';
import { formatMicroTime } from './micro-time.js';

/** Records Kubernetes Events about objects (events.k8s.io/v1). */
export interface EventRecorder {
  /**
   * Records an event about `regarding`. Repeats of the same event (same regarding, related, action,
   * reason and note) within the series window update one Event's `series.count` instead of creating
   * new ones. Never throws: failures are logged. The promise resolves when the write is done.
   */
  event(
    regarding: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    note: string,
    related?: KubeObject,
  ): Promise<void>;
}

/** How isomorphic events are grouped: client-go's events broadcaster finishes a series after 6 minutes. */
const seriesWindowMs = 6 * 60_000;
const maxNoteBytes = 1024;

function refOf(obj: KubeObject): ObjectReference {
  const ref: ObjectReference = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    resourceVersion: obj.metadata.resourceVersion,
  };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

/**
 * Writes events.k8s.io/v1 Events the way client-go's new events library does: the first
 * occurrence creates an Event named `<regarding name>.<hex nanoseconds>`; repeats within six minutes
 * patch that Event's `series` (count 2, 3, ...; lastObservedTime).
 */
export class KubeEventRecorder implements EventRecorder {
  private readonly cache = new Map<string, { event: EventV1; lastSeen: number; pending: Promise<void> }>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly instance: string;
  private last = 0;

  constructor(
    private readonly client: KubeClient,
    /** reportingController, e.g. `capstan.io/deployment-controller`. */
    private readonly controller: string,
    options: { clock?: Clock; logger?: Logger; instance?: string } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'event-recorder', controller });
    this.instance = options.instance ?? `${controller}-${hostname()}`;
  }

  event(
    regarding: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    note: string,
    related?: KubeObject,
  ): Promise<void> {
    const now = this.clock.now();
    const regardingRef = refOf(regarding);
    const relatedRef = related ? refOf(related) : undefined;
    const truncated =
      Buffer.byteLength(note) > maxNoteBytes ? Buffer.from(note).subarray(0, maxNoteBytes).toString() : note;
    const key = JSON.stringify([action, reason, this.controller, regardingRef, relatedRef ?? null, truncated]);
    this.expire(now);
    const seen = this.cache.get(key);
    if (seen) {
      seen.lastSeen = now;
      const ev = seen.event;
      ev.series = { count: (ev.series?.count ?? 1) + 1, lastObservedTime: formatMicroTime(now) };
      seen.pending = seen.pending.then(() => this.patchSeries(ev));
      return seen.pending;
    }
    // Names must be unique even for events recorded in the same millisecond.
    const nanos = BigInt(Math.max(now, this.last)) * 1_000_000n + BigInt(this.cache.size % 1_000_000);
    this.last = now;
    const ev: EventV1 = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: {
        name: `${regarding.metadata.name}.${nanos.toString(16)}`,
        namespace: regarding.metadata.namespace || 'default',
      },
      eventTime: formatMicroTime(now),
      reportingController: this.controller,
      reportingInstance: this.instance,
      action,
      reason,
      regarding: regardingRef,
      ...(relatedRef ? { related: relatedRef } : {}),
      note: truncated,
      type,
    };
    const pending = this.create(ev);
    this.cache.set(key, { event: ev, lastSeen: now, pending });
    return pending;
  }

  private async create(ev: EventV1): Promise<void> {
    try {
      await this.client.create(builtin.events, structuredClone(ev));
    } catch (err) {
      this.log.warn({ err: (err as Error).message, event: ev.metadata.name }, 'could not record event');
    }
  }

  private async patchSeries(ev: EventV1): Promise<void> {
    try {
      await this.client.patch(builtin.events, ev.metadata.name!, { series: ev.series }, 'merge', {
        namespace: ev.metadata.namespace,
      });
    } catch (err) {
      if (err instanceof NotFoundError) return this.create(ev);
      this.log.warn({ err: (err as Error).message, event: ev.metadata.name }, 'could not update event series');
    }
  }

  private expire(now: number): void {
    for (const [k, v] of this.cache) if (now - v.lastSeen > seriesWindowMs) this.cache.delete(k);
  }
}
