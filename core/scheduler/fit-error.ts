import type { NodeToStatus } from '../../sdk/scheduler/index.js';

/** Why a pod fits no node (framework.Diagnosis). */
export interface Diagnosis {
  /** Each evaluated node's filter status; nodes absent from it get its absent status. */
  nodeToStatus: NodeToStatus & { readonly size: number };
  /** The PreFilter rejection message, when PreFilter rejected the pod. */
  preFilterMsg?: string;
  /** The PostFilter (preemption) message. */
  postFilterMsg?: string;
  /** Plugins that rejected the pod (their events requeue it). */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
}

/**
 * The FailedScheduling message, as framework.FitError.Error() builds it:
 * `0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint {k: v}. preemption: ...`
 * — reasons counted over nodes and sorted as strings, then the PostFilter message.
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const [, s] of d.nodeToStatus.entries()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0) for (const r of d.nodeToStatus.absentStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}.`;
  return msg;
}

/** The message when the cluster has no nodes (ErrNoNodesAvailable). */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
