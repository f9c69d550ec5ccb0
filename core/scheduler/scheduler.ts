import { pino, type Logger } from 'pino';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { KubeEventRecorder, type EventRecorder } from '../../sdk/runtime/event-recorder.js';
import {
  ActionType,
  ClusterEvents,
  CycleState,
  objectKey,
  PodInfo,
  Status,
  systemClock,
  type Clock,
  type ClusterEvent,
  type KubeSchedulerConfiguration,
  type Node,
  type NodeInfo,
  type Pod,
  type PodCondition,
  type QueuedPodInfo,
  type SchedulerPluginRegistry,
} from '../../sdk/scheduler/index.js';
import { ClusterObjects } from './cluster-listers.js';
import { fitErrorMessage, NO_NODES_AVAILABLE, type Diagnosis } from './fit-error.js';
import { Framework, NodeStatusMap } from './framework.js';
import { DEFAULT_SCHEDULER_NAME, numFeasibleNodesToFind, resolveProfiles } from './profile-config.js';
import { SchedulerCache, Snapshot } from './scheduler-cache.js';
import { SchedulingQueue } from './scheduling-queue.js';

/** How to build a scheduler. */
export interface SchedulerOptions {
  /** Writes bindings, pod conditions, events and preemption deletions. */
  readonly client: KubeClient;
  /** Every scheduler plugin that configuration may name. */
  readonly registry: SchedulerPluginRegistry;
  /** KubeSchedulerConfiguration; one default profile when absent. */
  readonly config?: KubeSchedulerConfiguration;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Tie-breaking among equal best scores (default Math.random). */
  readonly random?: () => number;
  /** Default: events.k8s.io Events with reportingController `default-scheduler`. */
  readonly eventRecorder?: EventRecorder;
}

/** The outcome of one scheduling cycle (for tests and metrics). */
export type CycleOutcome =
  | { pod: string; result: 'scheduled'; node: string; evaluatedNodes: number; feasibleNodes: number }
  | { pod: string; result: 'unschedulable' | 'error'; message: string; nominatedNodeName?: string }
  | { pod: string; result: 'skipped' };

interface ScheduleResult {
  node: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isAssigned = (p: Pod) => !!p.spec?.nodeName;

function truncateEventMessage(msg: string): string {
  return msg.length <= 1024 ? msg : msg.slice(0, 1024 - 4) + ' ...';
}

/**
 * The scheduler: informer events feed the cache and the queue (the `on*` handlers); `run` pops one
 * pod at a time and runs the scheduling cycle of its profile; binding cycles run concurrently.
 */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly snapshot = new Snapshot();
  readonly queue: SchedulingQueue;
  readonly profiles = new Map<string, Framework>();
  readonly objects = new ClusterObjects();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly recorder: EventRecorder;
  private readonly unassigned = new Map<string, Pod>();
  private readonly bindings = new Set<Promise<void>>();
  private readonly bindAbort = new AbortController();
  private nextStartNodeIndex = 0;
  /** Counts of outcomes since start. */
  readonly counters = { scheduled: 0, unschedulable: 0, errors: 0, bindFailures: 0 };

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'scheduler' });
    this.random = opts.random ?? Math.random;
    this.recorder =
      opts.eventRecorder ??
      new KubeEventRecorder(opts.client, DEFAULT_SCHEDULER_NAME, { clock: this.clock, logger: opts.logger });
    const base = {
      client: opts.client,
      clock: this.clock,
      snapshot: () => this.snapshot,
      listers: this.objects,
      nominatedPodsForNode: (n: string) => this.queue.nominatedPodsForNode(n),
      recordEvent: (pod: Pod, type: 'Normal' | 'Warning', reason: string, action: string, message: string) =>
        void this.recorder.event(pod, type, reason, action, message),
    };
    for (const p of resolveProfiles(opts.config))
      this.profiles.set(p.schedulerName, new Framework(p, opts.registry, base));
    const sorts = new Set([...this.profiles.values()].map((f) => f.queueSort.name));
    if (sorts.size !== 1) throw new Error('all profiles must use the same queue sort plugin');
    const first = [...this.profiles.values()][0]!;
    const cfg = opts.config ?? {};
    this.queue = new SchedulingQueue({
      clock: this.clock,
      less: (a, b) => first.queueSort.less(a, b),
      podInitialBackoffMs: (cfg.podInitialBackoffSeconds ?? 1) * 1000,
      podMaxBackoffMs: (cfg.podMaxBackoffSeconds ?? 10) * 1000,
      hintsFor: (pod) => this.frameworkFor(pod)?.hints,
      preEnqueue: (pod) => this.frameworkFor(pod)?.runPreEnqueuePlugins(pod),
    });
    this.globalPercentage = cfg.percentageOfNodesToScore;
  }

  private readonly globalPercentage: number | undefined;

  /** The profile responsible for the pod (by spec.schedulerName), if any. */
  frameworkFor(pod: Pod): Framework | undefined {
    return this.profiles.get(pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME);
  }

  // ---- informer event handlers ----

  /** A pod appeared. */
  onPodAdd(pod: Pod): void {
    const key = objectKey(pod);
    if (isAssigned(pod)) {
      this.unassigned.delete(key);
      if (isTerminal(pod)) return;
      this.queue.delete(pod);
      this.cache.addPod(pod);
      this.queue.moveAllToActiveOrBackoffQueue(
        { resource: 'AssignedPod', actionType: ActionType.Add, label: 'AssignedPodAdd' },
        undefined,
        pod,
      );
      return;
    }
    if (!this.frameworkFor(pod) || isTerminal(pod) || pod.metadata.deletionTimestamp) return;
    this.unassigned.set(key, pod);
    this.queue.add(pod);
  }

  /** A pod changed. */
  onPodUpdate(oldPod: Pod, pod: Pod): void {
    const key = objectKey(pod);
    if (isAssigned(pod)) {
      if (!isAssigned(oldPod)) return this.onPodAdd(pod);
      if (isTerminal(pod)) {
        this.cache.removePod(pod);
        this.queue.moveAllToActiveOrBackoffQueue(ClusterEvents.AssignedPodDelete, oldPod, undefined);
        return;
      }
      this.cache.updatePod(oldPod, pod);
      let flags = 0;
      if (JSON.stringify(oldPod.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {}))
        flags |= ActionType.UpdatePodLabel;
      const before = new PodInfo(oldPod).requests;
      const after = new PodInfo(pod).requests;
      if (after.milliCPU < before.milliCPU || after.memory < before.memory) flags |= ActionType.UpdatePodScaleDown;
      if (flags) this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: flags }, oldPod, pod);
      return;
    }
    if (!this.frameworkFor(pod)) return;
    if (isTerminal(pod) || pod.metadata.deletionTimestamp) return this.onPodDelete(pod);
    this.unassigned.set(key, pod);
    if (this.cache.isAssumed(pod)) return;
    this.queue.update(oldPod, pod);
  }

  /** A pod was deleted. */
  onPodDelete(pod: Pod): void {
    if (isAssigned(pod) && !this.unassigned.has(objectKey(pod))) {
      this.cache.removePod(pod);
      this.queue.moveAllToActiveOrBackoffQueue(ClusterEvents.AssignedPodDelete, pod, undefined);
      return;
    }
    this.unassigned.delete(objectKey(pod));
    this.queue.delete(pod);
    const uid = pod.metadata.uid;
    if (uid) for (const f of this.profiles.values()) f.rejectWaitingPod(uid, 'pod was deleted');
  }

  /** A node appeared. */
  onNodeAdd(node: Node): void {
    this.cache.addOrUpdateNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd, undefined, node);
  }

  /** A node changed; unschedulable pods move only on changes that matter to scheduling. */
  onNodeUpdate(oldNode: Node, node: Node): void {
    this.cache.addOrUpdateNode(node);
    const flags = nodeChangeFlags(oldNode, node);
    if (flags) this.queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: flags }, oldNode, node);
  }

  /** A node was deleted. */
  onNodeDelete(node: Node): void {
    this.cache.removeNode(node.metadata.name!);
  }

  // ---- the loop ----

  /** Schedules pods until `signal` aborts; binding cycles still running are then cancelled. */
  async run(signal: AbortSignal): Promise<void> {
    this.queue.run(signal);
    signal.addEventListener('abort', () => this.bindAbort.abort(), { once: true });
    for (;;) {
      const q = await this.queue.pop();
      if (!q || signal.aborted) break;
      await this.scheduleQueued(q);
    }
  }

  /** Runs one cycle for the next pod of the active queue, without waiting; undefined when none is ready. */
  async scheduleOne(): Promise<CycleOutcome | undefined> {
    const q = this.queue.tryPop();
    return q ? this.scheduleQueued(q) : undefined;
  }

  /** Resolves when every binding cycle started so far has finished. */
  async waitForBindings(): Promise<void> {
    while (this.bindings.size > 0) await Promise.all([...this.bindings]);
  }

  private async scheduleQueued(q: QueuedPodInfo): Promise<CycleOutcome> {
    const key = q.podInfo.key;
    const pod = this.unassigned.get(key) ?? q.podInfo.pod;
    const fwk = this.frameworkFor(pod);
    if (!fwk || pod.metadata.deletionTimestamp || this.cache.isAssumed(pod) || !this.unassigned.has(key)) {
      this.queue.done(key);
      return { pod: key, result: 'skipped' };
    }
    try {
      return await this.schedulingCycle(fwk, q, pod);
    } catch (err) {
      this.log.error({ err, pod: key }, 'scheduling cycle failed');
      await this.handleFailure(fwk, q, Status.error(err), undefined);
      return { pod: key, result: 'error', message: String(err) };
    } finally {
      this.queue.done(key);
    }
  }

  private async schedulingCycle(fwk: Framework, q: QueuedPodInfo, pod: Pod): Promise<CycleOutcome> {
    const key = q.podInfo.key;
    const state = new CycleState();
    this.cache.updateSnapshot(this.snapshot);
    const diagnosis: Diagnosis = {
      nodeToStatus: new NodeStatusMap(),
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
    };
    let result: ScheduleResult | Status;
    if (this.snapshot.numNodes() === 0) result = Status.unresolvable(NO_NODES_AVAILABLE);
    else result = this.schedulePod(fwk, state, pod, diagnosis);
    if (result instanceof Status) {
      let message = result.code === 'Error' || result.reasons[0] === NO_NODES_AVAILABLE ? result.message() : '';
      let nominated: string | undefined;
      if (!message) {
        const post = await fwk.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus);
        if (post.status.code === 'Error') return this.fail(fwk, q, post.status, undefined);
        nominated = post.result?.nominatedNodeName;
        if (!post.status.isSuccess() && post.status.message()) diagnosis.postFilterMsg = post.status.message();
        message = fitErrorMessage(this.snapshot.numNodes(), diagnosis);
      }
      q.unschedulablePlugins = diagnosis.unschedulablePlugins;
      q.pendingPlugins = diagnosis.pendingPlugins;
      const status = result.code === 'Error' ? result : Status.unschedulable(message);
      return this.fail(fwk, q, status, nominated);
    }
    const node = result.node;
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: node } };
    this.cache.assumePod(assumed, node);
    const reserve = fwk.runReservePlugins(state, assumed, node);
    if (reserve) {
      fwk.runUnreservePlugins(state, assumed, node);
      this.cache.forgetPod(assumed);
      if (reserve.isRejected()) q.unschedulablePlugins = new Set([reserve.plugin ?? '']);
      return this.fail(fwk, q, reserve, undefined);
    }
    const permit = fwk.runPermitPlugins(state, assumed, node);
    if (permit && permit.code !== 'Wait') {
      fwk.runUnreservePlugins(state, assumed, node);
      this.cache.forgetPod(assumed);
      if (permit.isRejected()) q.unschedulablePlugins = new Set([permit.plugin ?? '']);
      return this.fail(fwk, q, permit, undefined);
    }
    this.queue.deleteNominatedPodIfExists(pod);
    const b = this.bindingCycle(fwk, state, q, assumed, node).finally(() => this.bindings.delete(b));
    this.bindings.add(b);
    return {
      pod: key,
      result: 'scheduled',
      node,
      evaluatedNodes: result.evaluatedNodes,
      feasibleNodes: result.feasibleNodes,
    };
  }

  private async fail(
    fwk: Framework,
    q: QueuedPodInfo,
    status: Status,
    nominated: string | undefined,
  ): Promise<CycleOutcome> {
    await this.handleFailure(fwk, q, status, nominated);
    return {
      pod: q.podInfo.key,
      result: status.code === 'Error' ? 'error' : 'unschedulable',
      message: status.message(),
      nominatedNodeName: nominated,
    };
  }

  /** Finds the feasible nodes, scores them and picks one; a Status when none fits. */
  private schedulePod(fwk: Framework, state: CycleState, pod: Pod, d: Diagnosis): ScheduleResult | Status {
    const all = this.snapshot.list();
    const pre = fwk.runPreFilterPlugins(state, pod, all);
    for (const r of pre.rejectors) d.unschedulablePlugins.add(r);
    if (pre.status) {
      if (!pre.status.isRejected()) return pre.status;
      (d.nodeToStatus as NodeStatusMap).absentStatus = pre.status;
      d.preFilterMsg = pre.status.message();
      return pre.status;
    }
    // A nominated node (after preemption) is tried first.
    const nominatedName = pod.status?.nominatedNodeName;
    if (nominatedName) {
      const ni = this.snapshot.get(nominatedName);
      if (ni && (!pre.result?.nodeNames || pre.result.nodeNames.has(nominatedName))) {
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
        if (!s) return { node: nominatedName, evaluatedNodes: 1, feasibleNodes: 1 };
      }
    }
    let nodes: readonly NodeInfo[] = all;
    if (pre.result?.nodeNames) {
      const names = pre.result.nodeNames;
      nodes = all.filter((n) => names.has(n.name));
      (d.nodeToStatus as NodeStatusMap).absentStatus = Status.unresolvable(
        `node(s) didn't satisfy plugin(s) [${[...d.unschedulablePlugins].join(' ') || 'PreFilter'}]`,
      );
    }
    const numToFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.globalPercentage, nodes.length);
    const feasible: NodeInfo[] = [];
    const len = nodes.length;
    const start = len > 0 ? this.nextStartNodeIndex % len : 0;
    let processed = 0;
    for (let i = 0; i < len && feasible.length < numToFind; i++) {
      const ni = nodes[(start + i) % len]!;
      processed++;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (!s) {
        feasible.push(ni);
        continue;
      }
      if (s.code === 'Error') return s;
      d.nodeToStatus instanceof NodeStatusMap && d.nodeToStatus.set(ni.name, s);
      if (s.plugin) (s.code === 'Pending' ? d.pendingPlugins : d.unschedulablePlugins).add(s.plugin);
    }
    this.nextStartNodeIndex = len > 0 ? (start + processed) % len : 0;
    if (feasible.length === 0) return Status.unschedulable();
    if (feasible.length === 1) return { node: feasible[0]!.name, evaluatedNodes: processed, feasibleNodes: 1 };
    const preScore = fwk.runPreScorePlugins(state, pod, feasible);
    if (preScore) return preScore;
    const { totals, status } = fwk.runScorePlugins(state, pod, feasible);
    if (status) return status;
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      if (totals[i]! > totals[best]!) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (this.random() * ties < 1) best = i;
      }
    }
    return { node: feasible[best]!.name, evaluatedNodes: processed, feasibleNodes: feasible.length };
  }

  private async bindingCycle(
    fwk: Framework,
    state: CycleState,
    q: QueuedPodInfo,
    assumed: Pod,
    node: string,
  ): Promise<void> {
    const signal = this.bindAbort.signal;
    let s = await fwk.waitOnPermit(assumed);
    if (!s) s = await fwk.runPreBindPlugins(state, assumed, node, signal);
    if (!s) {
      s = await fwk.runBindPlugins(state, assumed, node, signal);
      if (s?.code === 'Skip') s = Status.error('no bind plugin handled the pod');
    }
    if (s && s.code !== 'Success') {
      this.counters.bindFailures++;
      this.cache.forgetPod(assumed);
      fwk.runUnreservePlugins(state, assumed, node);
      this.queue.moveAllToActiveOrBackoffQueue(ClusterEvents.AssignedPodDelete, assumed, undefined);
      if (s.isRejected() && s.plugin) q.unschedulablePlugins = new Set([s.plugin]);
      await this.handleFailure(fwk, q, s, undefined);
      return;
    }
    this.cache.finishBinding(assumed);
    this.counters.scheduled++;
    fwk.runPostBindPlugins(state, assumed, node);
    void this.recorder.event(
      assumed,
      'Normal',
      'Scheduled',
      'Binding',
      `Successfully assigned ${assumed.metadata.namespace}/${assumed.metadata.name} to ${node}`,
    );
  }

  /**
   * handleSchedulingFailure: requeues the pod (unless it was deleted or bound meanwhile), records the
   * nomination, a FailedScheduling event and the PodScheduled=False condition.
   */
  private async handleFailure(
    fwk: Framework,
    q: QueuedPodInfo,
    status: Status,
    nominated: string | undefined,
  ): Promise<void> {
    const key = q.podInfo.key;
    if (status.code === 'Error') this.counters.errors++;
    else this.counters.unschedulable++;
    const current = this.unassigned.get(key);
    if (!current) {
      this.queue.done(key);
      return;
    }
    const requeued: QueuedPodInfo = { ...q, podInfo: new PodInfo(current) };
    this.queue.addUnschedulableIfNotPresent(requeued, status.code === 'Error');
    if (nominated !== undefined) this.queue.addNominatedPod(requeued.podInfo, nominated);
    const message = status.message();
    void this.recorder.event(current, 'Warning', 'FailedScheduling', 'Scheduling', truncateEventMessage(message));
    const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
    await this.updatePodCondition(current, { type: 'PodScheduled', status: 'False', reason, message }, nominated);
    void fwk;
  }

  private async updatePodCondition(pod: Pod, cond: PodCondition, nominated: string | undefined): Promise<void> {
    const conditions = [...(pod.status?.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === cond.type);
    const old = i >= 0 ? conditions[i] : undefined;
    const condChanged =
      !old || old.status !== cond.status || old.reason !== cond.reason || old.message !== cond.message;
    const nominatedChanged = nominated !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominated;
    if (!condChanged && !nominatedChanged) return;
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const next: PodCondition = {
      ...cond,
      lastProbeTime: null,
      lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : now,
    };
    if (i >= 0) conditions[i] = next;
    else conditions.push(next);
    const status: Record<string, unknown> = { conditions };
    if (nominatedChanged) status.nominatedNodeName = nominated || null;
    try {
      await this.opts.client.patch(builtin.pods, pod.metadata.name!, { status }, 'merge', {
        namespace: pod.metadata.namespace,
        subresource: 'status',
      });
    } catch (err) {
      this.log.warn({ err, pod: objectKey(pod) }, 'could not update the pod condition');
    }
  }
}

/** The scheduling-relevant changes between two versions of a node, as ActionType flags. */
export function nodeChangeFlags(a: Node, b: Node): number {
  let f = 0;
  const j = (x: unknown) => JSON.stringify(x ?? null);
  if (j(a.status?.allocatable) !== j(b.status?.allocatable)) f |= ActionType.UpdateNodeAllocatable;
  if (j(a.metadata.labels) !== j(b.metadata.labels)) f |= ActionType.UpdateNodeLabel;
  if (j(a.spec?.taints) !== j(b.spec?.taints) || !!a.spec?.unschedulable !== !!b.spec?.unschedulable)
    f |= ActionType.UpdateNodeTaint;
  const conds = (n: Node) => j((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  if (conds(a) !== conds(b)) f |= ActionType.UpdateNodeCondition;
  if (j(a.metadata.annotations) !== j(b.metadata.annotations)) f |= ActionType.UpdateNodeAnnotation;
  return f;
}

export type { ClusterEvent };
