import type { Pod } from './api-shapes.js';

/**
 * What changed in the cluster, as the scheduling queue sees it (framework.ClusterEvent). Unschedulable
 * pods are moved back to the active or backoff queue only on events that a plugin which rejected
 * them registered for.
 */

/** Kinds of change, as bit flags that can be ORed. */
export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  /** A pod's resource requests went down. */
  UpdatePodScaleDown: 256,
  UpdatePodTolerations: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  /** Any other update. */
  UpdateOther: 2048,
  /** Every kind of update. */
  Update: 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048,
  /** Everything. */
  All: 4095,
} as const;

/** The resources events are reported for ('*' matches every resource). */
export type EventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'Namespace'
  | 'PodDisruptionBudget'
  | 'PriorityClass'
  | '*';

/** One kind of cluster event: a resource and the ORed action flags. */
export interface ClusterEvent {
  readonly resource: EventResource;
  readonly actionType: number;
  /** A label for logs and metrics, e.g. `NodeAdd`. */
  readonly label?: string;
}

/** The answer of a queueing hint: requeue the pod, or the event cannot make it schedulable. */
export type QueueingHint = 'Queue' | 'QueueSkip';

/**
 * Decides whether an event may make `pod` (rejected by the plugin that registered the hint)
 * schedulable. Called with the old and new object (old undefined for Add, new undefined for Delete).
 * Must be cheap and side-effect free; a thrown error counts as Queue.
 */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

/** An event a plugin registers interest in, with an optional hint (no hint means always Queue). */
export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  readonly queueingHintFn?: QueueingHintFn;
}

/** True when event `e` is covered by registered event `registered`. */
export function eventMatches(registered: ClusterEvent, e: ClusterEvent): boolean {
  const resMatch =
    registered.resource === '*' ||
    registered.resource === e.resource ||
    (registered.resource === 'Pod' && (e.resource === 'AssignedPod' || e.resource === 'UnscheduledPod'));
  return resMatch && (registered.actionType & e.actionType) !== 0;
}

/** Well-known events (the labels kube-scheduler logs). */
export const ClusterEvents = {
  NodeAdd: { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
  AssignedPodDelete: { resource: 'AssignedPod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
  /** Forces every unschedulable pod back (used on flush and when no plugin registered). */
  WildCard: { resource: '*', actionType: ActionType.All, label: 'WildCardEvent' },
  UnschedulableTimeout: { resource: '*', actionType: ActionType.All, label: 'UnschedulableTimeout' },
} as const satisfies Record<string, ClusterEvent>;
