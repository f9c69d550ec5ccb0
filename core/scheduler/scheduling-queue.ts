import {
  ClusterEvents,
  eventMatches,
  objectKey,
  PodInfo,
  podPriority,
  type Clock,
  type ClusterEvent,
  type ClusterEventWithHint,
  type Pod,
  type QueuedPodInfo,
  type Status,
} from '../../sdk/scheduler/index.js';
import { KeyedHeap } from './keyed-heap.js';

/** How the queue is set up. */
export interface SchedulingQueueOptions {
  readonly clock: Clock;
  /** The QueueSort plugin's order. */
  readonly less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** podInitialBackoffSeconds in ms (default 1 s). */
  readonly podInitialBackoffMs?: number;
  /** podMaxBackoffSeconds in ms (default 10 s). */
  readonly podMaxBackoffMs?: number;
  /** How long a pod may stay unschedulable before it is retried anyway (default 5 min). */
  readonly podMaxInUnschedulablePodsDurationMs?: number;
  /** The events each plugin of the pod's profile registered (undefined: every event requeues). */
  readonly hintsFor?: (pod: Pod) => ReadonlyMap<string, readonly ClusterEventWithHint[]> | undefined;
  /** PreEnqueue plugins of the pod's profile; a failure keeps the pod among the unschedulable ones. */
  readonly preEnqueue?: (pod: Pod) => { plugin: string; status: Status } | undefined;
}

interface RecordedEvent {
  event: ClusterEvent;
  oldObj: unknown;
  newObj: unknown;
}

const MAX_RECORDED_EVENTS = 1000;
const noPods: readonly PodInfo[] = Object.freeze([]);

/** Where a pod currently is in the queue (for tests and metrics). */
export type QueueLocation = 'active' | 'backoff' | 'unschedulable' | 'in-flight' | undefined;

/**
 * kube-scheduler's PriorityQueue: an active heap ordered by QueueSort, a backoff heap ordered by
 * backoff expiry (1 s doubling to 10 s per pod), and a map of unschedulable pods that cluster
 * events move back, filtered by the plugins' registered events and queueing hints. Also the
 * nominator: the pods nominated to nodes by preemption.
 */
export class SchedulingQueue {
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, RecordedEvent[] | 'overflow'>();
  private readonly nominatedByNode = new Map<string, PodInfo[]>();
  private readonly nominatedNodeOf = new Map<string, string>();
  private readonly waiters: Array<() => void> = [];
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulableMs: number;
  private closed = false;
  private timers: { cancel(): void }[] = [];

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.activeQ = new KeyedHeap((p) => p.podInfo.key, opts.less);
    this.backoffQ = new KeyedHeap(
      (p) => p.podInfo.key,
      (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
    );
    this.initialBackoff = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = opts.podMaxInUnschedulablePodsDurationMs ?? 5 * 60_000;
  }

  /** Starts the periodic flushes (backoff every 1 s, unschedulable leftovers every 30 s) until `signal` aborts. */
  run(signal: AbortSignal): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (signal.aborted) return;
        fn();
        this.timers.push(this.opts.clock.setTimer(ms, tick));
      };
      this.timers.push(this.opts.clock.setTimer(ms, tick));
    };
    every(1000, () => this.flushBackoffQCompleted());
    every(30_000, () => this.flushUnschedulablePodsLeftover());
    signal.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Stops the queue: pending and later `pop`s resolve undefined. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    for (const w of this.waiters.splice(0)) w();
  }

  /** Adds a new unscheduled pod (to the active queue unless a PreEnqueue plugin holds it). */
  add(pod: Pod): void {
    const now = this.opts.clock.now();
    const q: QueuedPodInfo = {
      podInfo: new PodInfo(pod),
      timestamp: now,
      initialAttemptTimestamp: now,
      attempts: 0,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
    };
    if (this.where(q.podInfo.key)) return;
    this.moveToActive(q);
  }

  /**
   * Takes the next pod from the active queue, waiting until there is one; undefined once the queue
   * is closed. The pod is "in flight" until `done`.
   */
  async pop(): Promise<QueuedPodInfo | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const q = this.tryPop();
      if (q) return q;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The next pod if the active queue has one, without waiting. */
  tryPop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    this.inFlight.set(q.podInfo.key, []);
    return q;
  }

  /**
   * Puts a pod whose attempt failed back: to the backoff queue when it failed with an error or an
   * event during its attempt may have made it schedulable, otherwise among the unschedulable pods.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, failedWithError = false): void {
    const key = q.podInfo.key;
    const recorded = this.inFlight.get(key);
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    q.timestamp = this.opts.clock.now();
    if (failedWithError || (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0)) {
      this.backoffQ.addOrUpdate(q);
      return;
    }
    const worth =
      recorded === 'overflow' || (recorded ?? []).some((e) => this.isWorthRequeuing(q, e.event, e.oldObj, e.newObj));
    if (worth) this.requeue(q);
    else this.unschedulable.set(key, q);
  }

  /** Ends the in-flight period of a pod (after its scheduling cycle). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** Updates an unscheduled pod; an unschedulable pod whose spec or labels changed is retried. */
  update(oldPod: Pod | undefined, newPod: Pod): void {
    const key = objectKey(newPod);
    for (const heap of [this.activeQ, this.backoffQ]) {
      const q = heap.get(key);
      if (q) {
        heap.addOrUpdate({ ...q, podInfo: new PodInfo(newPod) });
        return;
      }
    }
    const u = this.unschedulable.get(key);
    if (u) {
      const nq = { ...u, podInfo: new PodInfo(newPod) };
      if (!oldPod || podSpecOrLabelsChanged(oldPod, newPod)) {
        this.unschedulable.delete(key);
        this.requeue(nq);
      } else this.unschedulable.set(key, nq);
      return;
    }
    if (!this.inFlight.has(key)) this.add(newPod);
  }

  /** Removes a pod from every queue and from the nominated pods. */
  delete(pod: Pod): void {
    const key = objectKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.deleteNominatedPodIfExists(pod);
  }

  /**
   * A cluster event happened: unschedulable pods that it may help move to the active queue (or the
   * backoff queue while still backing off). Pods in flight record it for their attempt's outcome.
   */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj?: unknown,
    newObj?: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    for (const [key, log] of this.inFlight) {
      if (log === 'overflow') continue;
      if (log.length >= MAX_RECORDED_EVENTS) this.inFlight.set(key, 'overflow');
      else log.push({ event, oldObj, newObj });
    }
    if (this.unschedulable.size === 0) return;
    for (const [key, q] of this.unschedulable) {
      if (preCheck && !preCheck(q.podInfo.pod)) continue;
      if (!this.isWorthRequeuing(q, event, oldObj, newObj)) continue;
      this.unschedulable.delete(key);
      this.requeue(q);
    }
  }

  /** Moves pods whose backoff has expired to the active queue. Called every second by `run`. */
  flushBackoffQCompleted(): void {
    const now = this.opts.clock.now();
    let moved = false;
    for (;;) {
      const q = this.backoffQ.peek();
      if (!q || this.backoffExpiry(q) > now) break;
      this.backoffQ.pop();
      this.activeQ.addOrUpdate(q);
      moved = true;
    }
    if (moved) this.wake();
  }

  /** Retries pods that stayed unschedulable longer than the maximum (5 min). Called every 30 s by `run`. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.opts.clock.now();
    for (const [key, q] of this.unschedulable) {
      if (now - q.timestamp > this.maxUnschedulableMs) {
        this.unschedulable.delete(key);
        this.requeue(q);
      }
    }
  }

  /** The backoff a pod gets after `attempts` attempts: 1 s doubled per attempt, at most 10 s. */
  backoffDuration(attempts: number): number {
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoff) return this.maxBackoff;
    }
    return Math.min(d, this.maxBackoff);
  }

  /** Where the pod with key `namespace/name` is. */
  where(key: string): QueueLocation {
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    if (this.inFlight.has(key)) return 'in-flight';
    return undefined;
  }

  /** Counts per sub-queue. */
  stats(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size };
  }

  /** Records that `pod` is nominated to run on `nodeName` (after preemption); '' clears it. */
  addNominatedPod(podInfo: PodInfo, nodeName: string): void {
    this.deleteNominatedPodIfExists(podInfo.pod);
    if (!nodeName) return;
    this.nominatedNodeOf.set(podInfo.key, nodeName);
    const list = this.nominatedByNode.get(nodeName) ?? [];
    list.push(podInfo);
    list.sort((a, b) => podPriority(b.pod) - podPriority(a.pod));
    this.nominatedByNode.set(nodeName, list);
  }

  /** Forgets a pod's nomination. */
  deleteNominatedPodIfExists(pod: Pod): void {
    const key = objectKey(pod);
    const node = this.nominatedNodeOf.get(key);
    if (node === undefined) return;
    this.nominatedNodeOf.delete(key);
    const list = (this.nominatedByNode.get(node) ?? []).filter((p) => p.key !== key);
    if (list.length) this.nominatedByNode.set(node, list);
    else this.nominatedByNode.delete(node);
  }

  /** Pods nominated to `nodeName`, highest priority first. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.nominatedByNode.size === 0) return noPods;
    return this.nominatedByNode.get(nodeName) ?? noPods;
  }

  private isWorthRequeuing(q: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean {
    const rejectors = [...q.unschedulablePlugins, ...q.pendingPlugins];
    if (rejectors.length === 0) return true;
    if (event.label === ClusterEvents.WildCard.label || event.label === ClusterEvents.UnschedulableTimeout.label)
      return true;
    const hints = this.opts.hintsFor?.(q.podInfo.pod);
    if (!hints) return true;
    for (const plugin of rejectors) {
      const registered = hints.get(plugin);
      if (!registered) return true;
      for (const h of registered) {
        if (!eventMatches(h.event, event)) continue;
        if (!h.queueingHintFn) return true;
        try {
          if (h.queueingHintFn(q.podInfo.pod, oldObj, newObj) === 'Queue') return true;
        } catch {
          return true;
        }
      }
    }
    return false;
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    // A pod never attempted (e.g. held by a scheduling gate) has no backoff.
    if (q.attempts === 0) return q.timestamp;
    return q.timestamp + this.backoffDuration(q.attempts);
  }

  private requeue(q: QueuedPodInfo): void {
    if (this.backoffExpiry(q) > this.opts.clock.now()) this.backoffQ.addOrUpdate(q);
    else this.moveToActive(q);
  }

  private moveToActive(q: QueuedPodInfo): void {
    const gate = this.opts.preEnqueue?.(q.podInfo.pod);
    if (gate) {
      q.pendingPlugins = new Set([gate.plugin]);
      this.unschedulable.set(q.podInfo.key, q);
      return;
    }
    this.activeQ.addOrUpdate(q);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

function podSpecOrLabelsChanged(a: Pod, b: Pod): boolean {
  return (
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {})
  );
}
