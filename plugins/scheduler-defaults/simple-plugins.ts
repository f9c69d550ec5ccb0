import {
  findUntoleratedTaint,
  podPriority,
  Status,
  type CycleState,
  type FilterPlugin,
  type EnqueueExtensions,
  type ClusterEventWithHint,
  type NodeInfo,
  type Pod,
  type PreEnqueuePlugin,
  type QueuedPodInfo,
  type QueueSortPlugin,
  ActionType,
  type PreScorePlugin,
  type ScorePlugin,
  type Toleration,
  type NodeScore,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';
import { defaultNormalizeScore } from './normalize-score.js';

/** PrioritySort: higher spec.priority first, then the earlier queue timestamp (queuesort/priority_sort.go). */
export class PrioritySortPlugin implements QueueSortPlugin {
  readonly name = names.PrioritySort;
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = podPriority(a.podInfo.pod);
    const pb = podPriority(b.podInfo.pod);
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}

/** SchedulingGates: a pod with spec.schedulingGates does not enter the active queue (schedulinggates). */
export class SchedulingGatesPlugin implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = names.SchedulingGates;
  preEnqueue(pod: Pod): Status | undefined {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return undefined;
    return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }
  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated } }];
  }
}

/** NodeName: the pod's spec.nodeName, when set, must be this node (nodename/node_name.go). */
export class NodeNamePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeName;
  static readonly reason = "node(s) didn't match the requested node name";
  filter(_s: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const want = pod.spec?.nodeName;
    if (!want || want === nodeInfo.name) return undefined;
    return Status.unresolvable(NodeNamePlugin.reason);
  }
  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateOther } }];
  }
}

/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) only takes pods tolerating the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint (nodeunschedulable).
 */
export class NodeUnschedulablePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeUnschedulable;
  static readonly reason = 'node(s) were unschedulable';
  filter(_s: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if (!nodeInfo.node?.spec?.unschedulable) return undefined;
    const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    if (!findUntoleratedTaint([taint], pod.spec?.tolerations, () => true)) return undefined;
    return Status.unresolvable(NodeUnschedulablePlugin.reason);
  }
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        queueingHintFn: (_pod, _old, n) =>
          (n as { spec?: { unschedulable?: boolean } })?.spec?.unschedulable ? 'QueueSkip' : 'Queue',
      },
    ];
  }
}

/**
 * TaintToleration: Filter rejects nodes with a NoSchedule/NoExecute taint the pod does not tolerate;
 * Score prefers fewer untolerated PreferNoSchedule taints (tainttoleration/taint_toleration.go).
 */
export class TaintTolerationPlugin implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.TaintToleration;
  filter(_s: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const taint = findUntoleratedTaint(
      nodeInfo.node?.spec?.taints,
      pod.spec?.tolerations,
      (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
    );
    if (!taint) return undefined;
    return Status.unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }
  preScore(state: CycleState, pod: Pod): Status | undefined {
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write('PreScore' + this.name, tolerations);
    return undefined;
  }
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const tolerations = state.read<Toleration[]>('PreScore' + this.name);
    let n = 0;
    for (const t of nodeInfo.node?.spec?.taints ?? []) {
      if (t.effect !== 'PreferNoSchedule') continue;
      if (findUntoleratedTaint([t], tolerations, () => true)) n++;
    }
    return n;
  }
  scoreExtensions() {
    return { normalizeScore: (_s: CycleState, _p: Pod, scores: NodeScore[]) => normalize(scores, true) };
  }
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint } },
      { event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations } },
    ];
  }
}

function normalize(scores: NodeScore[], reverse: boolean): undefined {
  defaultNormalizeScore(scores, reverse);
  return undefined;
}
