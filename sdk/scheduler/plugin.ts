import type { Pod } from './api-shapes.js';
import type { ClusterEventWithHint } from './cluster-event.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo, PodInfo } from './node-info.js';
import type { Status } from './status.js';

/**
 * The kube-scheduler framework extension points. A plugin is an object with a `name` that
 * implements any subset of the interfaces below; the framework detects which by the presence of
 * the hook method. Hooks return a Status as a value (undefined means Success) and throw only on
 * faults, which the framework turns into an Error status.
 */

/** The root of every scheduler plugin. */
export interface SchedulerPlugin {
  /** Unique plugin name, as configuration refers to it (e.g. `NodeResourcesFit`). */
  readonly name: string;
}

/** The highest score a Score plugin may give after normalisation. */
export const MAX_NODE_SCORE = 100;
/** The lowest score. */
export const MIN_NODE_SCORE = 0;

/** Orders the active queue. Exactly one per scheduler, shared by all profiles. */
export interface QueueSortPlugin extends SchedulerPlugin {
  /** True when `a` should be scheduled before `b`. Must be a strict weak order. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** A pod in the scheduling queue, with its attempt bookkeeping. */
export interface QueuedPodInfo {
  readonly podInfo: PodInfo;
  /** When the pod was added to or last moved within the queue (ms, injected clock). */
  timestamp: number;
  /** When the pod first entered the queue. */
  readonly initialAttemptTimestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Plugins that rejected the pod in the last attempt (they decide which events requeue it). */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending in the last attempt. */
  pendingPlugins: Set<string>;
}

/** What a PreFilter may return besides its status: a narrower set of candidate nodes. */
export interface PreFilterResult {
  /** Only these nodes need to be evaluated; undefined means all nodes. */
  readonly nodeNames?: ReadonlySet<string>;
}

/** Incremental updates of PreFilter state, used by preemption's "what if" evaluations. */
export interface PreFilterExtensions {
  /** Called when `podToAdd` is added on `nodeInfo` in a copy of the cycle state. */
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  /** Called when `podToRemove` is removed from `nodeInfo` in a copy of the cycle state. */
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

/** Runs once per pod at the start of a cycle; may reject the pod for all nodes or narrow the nodes. */
export interface PreFilterPlugin extends SchedulerPlugin {
  /**
   * Precomputes per-pod state into `state`. Unschedulable rejects the pod on every node; Skip
   * disables this plugin's Filter for the cycle; Error aborts the cycle.
   */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status?: Status };
  /** Optional incremental updates for preemption; undefined when the plugin keeps no such state. */
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

/** Decides, per node, whether the pod can run there. */
export interface FilterPlugin extends SchedulerPlugin {
  /**
   * Returns undefined/Success when the pod fits `nodeInfo`, Unschedulable (preemption may help),
   * UnschedulableAndUnresolvable (it cannot) or Error. Must read only `nodeInfo` and `state`, not the
   * snapshot, because preemption passes modified copies. Called many times per cycle; keep it cheap.
   */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
}

/** The outcome of a PostFilter. */
export interface PostFilterResult {
  /** The node the pod was nominated to (after preemption); '' clears a nomination. */
  readonly nominatedNodeName?: string;
}

/** Runs when no node fits; typically preemption. */
export interface PostFilterPlugin extends SchedulerPlugin {
  /**
   * `filteredNodeStatus` has each node's filter status. Success means the pod may become schedulable
   * (with a nominated node); Unschedulable means this plugin could not help, and its message is
   * appended to the FailedScheduling message.
   */
  postFilter(
    state: CycleState,
    pod: Pod,
    filteredNodeStatus: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status?: Status }> | { result?: PostFilterResult; status?: Status };
}

/** The filter status of each node in a cycle that found no feasible node. */
export interface NodeToStatus {
  /** The status of node `name`; nodes not evaluated get `absentStatus`. */
  get(name: string): Status;
  /** Nodes with an explicit status. */
  entries(): IterableIterator<[string, Status]>;
  /** The status of nodes not in the map (e.g. cut by a PreFilterResult). */
  readonly absentStatus: Status;
}

/** Runs once per pod after filtering, before scoring, with the feasible nodes. */
export interface PreScorePlugin extends SchedulerPlugin {
  /** Precomputes scoring state; Skip disables this plugin's Score for the cycle; Error aborts. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

/** A node's score from one plugin. */
export interface NodeScore {
  readonly name: string;
  score: number;
}

/** Rescales one plugin's scores after all nodes are scored. */
export interface ScoreExtensions {
  /** Rewrites `scores` in place into [0, 100]. */
  normalizeScore(state: CycleState, pod: Pod, scores: NodeScore[]): Status | undefined;
}

/** Ranks feasible nodes. */
export interface ScorePlugin extends SchedulerPlugin {
  /**
   * A score for `nodeInfo`: a number (in [0, 100] unless the plugin normalises), or a Status for a
   * fault, which aborts the cycle.
   */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status;
  /** The normaliser, or undefined when the plugin does not normalise. */
  scoreExtensions?(): ScoreExtensions | undefined;
}

/** Reserves state for the pod on the chosen node before binding (informational). */
export interface ReservePlugin extends SchedulerPlugin {
  /** Reserves; a non-success status fails the cycle and runs Unreserve of every Reserve plugin. */
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
  /** Undoes `reserve`. Runs in reverse order on any later failure. Must be idempotent and must not fail. */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** The answer of a Permit plugin. */
export interface PermitResult {
  /** Success allows, Wait holds the pod (up to `timeoutMs`), anything else rejects. */
  status?: Status;
  /** For Wait: how long to wait before rejecting (ms). */
  timeoutMs?: number;
}

/** Approves, denies or delays binding (gang scheduling). */
export interface PermitPlugin extends SchedulerPlugin {
  /** Called at the end of the scheduling cycle. Wait holds the pod until allowed via a WaitingPod. */
  permit(state: CycleState, pod: Pod, nodeName: string): PermitResult;
}

/** A pod held by one or more Permit plugins. */
export interface WaitingPod {
  readonly pod: Pod;
  /** Plugins that have not allowed the pod yet. */
  pendingPlugins(): string[];
  /** Plugin `plugin` allows the pod; it is bound once every waiting plugin allowed it. */
  allow(plugin: string): void;
  /** Rejects the pod: it is unreserved and requeued. */
  reject(plugin: string, message: string): void;
}

/** Work before binding (e.g. volume binding); runs in the binding cycle. */
export interface PreBindPlugin extends SchedulerPlugin {
  /** A non-success status unreserves and requeues the pod. */
  preBind(state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status | undefined>;
}

/** Binds the pod to the node (an API call). */
export interface BindPlugin extends SchedulerPlugin {
  /** Skip when this plugin does not handle the pod (the next Bind plugin is tried). */
  bind(state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status | undefined>;
}

/** Informational, after a successful bind. */
export interface PostBindPlugin extends SchedulerPlugin {
  /** Must not fail. */
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Registers the cluster events that may make pods this plugin rejected schedulable. */
export interface EnqueueExtensions extends SchedulerPlugin {
  /** Called once when the framework is built. */
  eventsToRegister(): ClusterEventWithHint[];
}

/** Checks a pod before it enters the active queue (e.g. scheduling gates). */
export interface PreEnqueuePlugin extends SchedulerPlugin {
  /** Non-success keeps the pod out of the active queue until a relevant event. */
  preEnqueue(pod: Pod): Status | undefined;
}

/** Type guards: which extension points a plugin implements. */
export const implementsPoint = {
  queueSort: (p: SchedulerPlugin): p is QueueSortPlugin => typeof (p as QueueSortPlugin).less === 'function',
  preEnqueue: (p: SchedulerPlugin): p is PreEnqueuePlugin => typeof (p as PreEnqueuePlugin).preEnqueue === 'function',
  preFilter: (p: SchedulerPlugin): p is PreFilterPlugin => typeof (p as PreFilterPlugin).preFilter === 'function',
  filter: (p: SchedulerPlugin): p is FilterPlugin => typeof (p as FilterPlugin).filter === 'function',
  postFilter: (p: SchedulerPlugin): p is PostFilterPlugin => typeof (p as PostFilterPlugin).postFilter === 'function',
  preScore: (p: SchedulerPlugin): p is PreScorePlugin => typeof (p as PreScorePlugin).preScore === 'function',
  score: (p: SchedulerPlugin): p is ScorePlugin => typeof (p as ScorePlugin).score === 'function',
  reserve: (p: SchedulerPlugin): p is ReservePlugin => typeof (p as ReservePlugin).reserve === 'function',
  permit: (p: SchedulerPlugin): p is PermitPlugin => typeof (p as PermitPlugin).permit === 'function',
  preBind: (p: SchedulerPlugin): p is PreBindPlugin => typeof (p as PreBindPlugin).preBind === 'function',
  bind: (p: SchedulerPlugin): p is BindPlugin => typeof (p as BindPlugin).bind === 'function',
  postBind: (p: SchedulerPlugin): p is PostBindPlugin => typeof (p as PostBindPlugin).postBind === 'function',
  enqueueExtensions: (p: SchedulerPlugin): p is EnqueueExtensions =>
    typeof (p as EnqueueExtensions).eventsToRegister === 'function',
} as const;
