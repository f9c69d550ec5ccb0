import type { KubeClient } from '../client/kube-client.js';
import type { Pod, PodDisruptionBudget, PriorityClass } from './api-shapes.js';
import type { Clock } from './clock.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo, PodInfo } from './node-info.js';
import type { WaitingPod } from './plugin.js';
import type { Status } from './status.js';

/** Read access to the node snapshot of the current scheduling cycle. */
export interface NodeInfoLister {
  /** Every node, in a stable order. */
  list(): readonly NodeInfo[];
  /** One node; undefined when unknown. */
  get(name: string): NodeInfo | undefined;
  /** Nodes with at least one pod that has pod affinity or anti-affinity. */
  havePodsWithAffinity(): readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[];
}

/** Cluster objects plugins may read, from the scheduler's informer caches (never an API call). */
export interface ClusterListers {
  /** All PodDisruptionBudgets. */
  podDisruptionBudgets(): readonly PodDisruptionBudget[];
  /** A PriorityClass by name. */
  priorityClass(name: string): PriorityClass | undefined;
  /** The labels of a namespace; undefined when unknown. */
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

/**
 * What the framework gives each plugin (framework.Handle): the client, the clock, the snapshot,
 * listers, waiting pods and the means to re-run filters for "what if" evaluations (preemption).
 */
export interface FrameworkHandle {
  /** The profile (schedulerName) the plugin instance belongs to. */
  readonly profileName: string;
  /** The API client; the binder and preemption write through it. */
  readonly client: KubeClient;
  readonly clock: Clock;
  /** The snapshot of the cycle in progress. */
  snapshot(): NodeInfoLister;
  readonly listers: ClusterListers;
  /**
   * Runs this profile's Filter plugins for `pod` on `nodeInfo`, counting the nominated pods of equal
   * or higher priority on that node as kube-scheduler does. Returns the first failing status.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
  /** Runs every PreFilter extension's addPod; the first failure is returned. */
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  /** Runs every PreFilter extension's removePod; the first failure is returned. */
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: Pod,
    toRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined;
  /** The pod waiting on Permit with this uid. */
  getWaitingPod(uid: string): WaitingPod | undefined;
  /** Pods nominated to run on `nodeName` (after preemption), highest priority first. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** Records a core/v1 Event about `regarding` (best effort, never throws). */
  recordEvent(regarding: Pod, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void;
}
