import {
  ActionType,
  findUntoleratedTaint,
  labelSelectorMatchesPod,
  MAX_NODE_SCORE,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type Pod,
  type PodInfo,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type TopologySpreadConstraint,
} from '../../sdk/scheduler/index.js';
import type { LabelSelector } from '../../sdk/api/validation/label-selector.js';
import { podMatchesNodeSelectorAndAffinity } from './node-affinity-plugin.js';
import { names } from './names.js';

/** ErrReasonConstraintsNotMatch. */
export const SPREAD_CONSTRAINTS_REASON = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch. */
export const SPREAD_LABEL_REASON = `${SPREAD_CONSTRAINTS_REASON} (missing required label)`;
const HOSTNAME = 'kubernetes.io/hostname';

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector | undefined;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

function toConstraints(pod: Pod, kind: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const labels = pod.metadata.labels ?? {};
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c: TopologySpreadConstraint) => c.whenUnsatisfiable === kind)
    .map((c) => {
      let selector = c.labelSelector;
      const extra = (c.matchLabelKeys ?? [])
        .filter((k) => k in labels)
        .map((k) => ({ key: k, operator: 'In', values: [labels[k]!] }));
      if (selector && extra.length)
        selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
      };
    });
}

function nodeEligible(pod: Pod, c: Constraint, ni: NodeInfo): boolean {
  const node = ni.node!;
  if (c.honorAffinity && !podMatchesNodeSelectorAndAffinity(pod, node)) return false;
  if (
    c.honorTaints &&
    findUntoleratedTaint(
      node.spec?.taints,
      pod.spec?.tolerations,
      (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
    )
  )
    return false;
  return true;
}

function hasAllKeys(ni: NodeInfo, cs: Constraint[]): boolean {
  const labels = ni.node?.metadata.labels ?? {};
  return cs.every((c) => c.topologyKey in labels);
}

function countMatching(pods: readonly PodInfo[], selector: LabelSelector | undefined, ns: string | undefined): number {
  let n = 0;
  for (const p of pods) {
    if (p.pod.metadata.deletionTimestamp || p.pod.metadata.namespace !== ns) continue;
    if (labelSelectorMatchesPod(selector, p.pod)) n++;
  }
  return n;
}

class PreFilterState {
  constructor(
    readonly constraints: Constraint[],
    /** Per constraint: domain value -> matching pods. */
    readonly counts: Map<string, number>[],
  ) {}
  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.counts.map((m) => new Map(m)),
    );
  }
  minMatch(i: number): number {
    const m = this.counts[i]!;
    if (m.size < this.constraints[i]!.minDomains) return 0;
    let min = Infinity;
    for (const v of m.values()) if (v < min) min = v;
    return min === Infinity ? 0 : min;
  }
}

const preFilterKey = 'PreFilterPodTopologySpread';
const preScoreKey = 'PreScorePodTopologySpread';

/**
 * PodTopologySpread (podtopologyspread): Filter enforces `DoNotSchedule` constraints — placing the
 * pod must keep (matching pods in the node's domain + 1) − (global minimum) within maxSkew; Score
 * ranks nodes for `ScheduleAnyway` constraints (fewer matching pods is better). Cluster-level
 * default constraints (SystemDefaulting) are not applied: they need Service/ReplicaSet listers.
 */
export class PodTopologySpreadPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = names.PodTopologySpread;

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
    const cs = toConstraints(pod, 'DoNotSchedule');
    if (cs.length === 0) return { status: Status.skip() };
    const counts = cs.map(() => new Map<string, number>());
    for (const ni of nodes) {
      if (!ni.node || !hasAllKeys(ni, cs)) continue;
      const labels = ni.node.metadata.labels!;
      cs.forEach((c, i) => {
        if (!nodeEligible(pod, c, ni)) return;
        const v = labels[c.topologyKey]!;
        counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countMatching(ni.pods, c.selector, pod.metadata.namespace));
      });
    }
    state.write(preFilterKey, new PreFilterState(cs, counts));
    return {};
  }

  preFilterExtensions(): PreFilterExtensions {
    const update = (state: CycleState, pod: Pod, other: PodInfo, ni: NodeInfo, delta: number) => {
      const s = state.read<PreFilterState>(preFilterKey);
      if (!s || !ni.node || other.pod.metadata.namespace !== pod.metadata.namespace) return undefined;
      if (!hasAllKeys(ni, s.constraints)) return undefined;
      s.constraints.forEach((c, i) => {
        if (!nodeEligible(pod, c, ni) || !labelSelectorMatchesPod(c.selector, other.pod)) return;
        const v = ni.node!.metadata.labels![c.topologyKey]!;
        s.counts[i]!.set(v, (s.counts[i]!.get(v) ?? 0) + delta);
      });
      return undefined;
    };
    return {
      addPod: (st, p, o, n) => update(st, p, o, n, 1),
      removePod: (st, p, o, n) => update(st, p, o, n, -1),
    };
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(preFilterKey);
    if (!s) return undefined;
    const labels = nodeInfo.node?.metadata.labels ?? {};
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = labels[c.topologyKey];
      if (v === undefined) return Status.unresolvable(SPREAD_LABEL_REASON);
      const self = labelSelectorMatchesPod(c.selector, pod) ? 1 : 0;
      const skew = (s.counts[i]!.get(v) ?? 0) + self - s.minMatch(i);
      if (skew > c.maxSkew) return Status.unschedulable(SPREAD_CONSTRAINTS_REASON);
    }
    return undefined;
  }

  preScore(state: CycleState, pod: Pod, filtered: readonly NodeInfo[]): Status | undefined {
    const cs = toConstraints(pod, 'ScheduleAnyway');
    if (cs.length === 0) return Status.skip();
    const ignored = new Set<string>();
    const counts = cs.map(() => new Map<string, number>());
    const sizes = cs.map(() => new Set<string>());
    for (const ni of filtered) {
      if (!hasAllKeys(ni, cs)) {
        ignored.add(ni.name);
        continue;
      }
      cs.forEach((c, i) => {
        const v = ni.node!.metadata.labels![c.topologyKey]!;
        if (c.topologyKey !== HOSTNAME) counts[i]!.set(v, 0);
        sizes[i]!.add(v);
      });
    }
    const weights = sizes.map((s) => Math.log(s.size + 2));
    // Pods are counted over every node of the cluster that qualifies, as in initPreScoreState.
    const all = this.allNodes(filtered);
    for (const ni of all) {
      if (!ni.node || !hasAllKeys(ni, cs)) continue;
      cs.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME || !nodeEligible(pod, c, ni)) return;
        const v = ni.node!.metadata.labels![c.topologyKey]!;
        if (!counts[i]!.has(v)) return;
        counts[i]!.set(v, counts[i]!.get(v)! + countMatching(ni.pods, c.selector, pod.metadata.namespace));
      });
    }
    state.write(preScoreKey, { cs, counts, weights, ignored });
    return undefined;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<{ cs: Constraint[]; counts: Map<string, number>[]; weights: number[]; ignored: Set<string> }>(
      preScoreKey,
    );
    if (!s || s.ignored.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.node?.metadata.labels ?? {};
    let score = 0;
    s.cs.forEach((c, i) => {
      const v = labels[c.topologyKey];
      if (v === undefined) return;
      const cnt =
        c.topologyKey === HOSTNAME
          ? countMatching(nodeInfo.pods, c.selector, pod.metadata.namespace)
          : (s.counts[i]!.get(v) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  scoreExtensions() {
    return {
      normalizeScore: (state: CycleState, _p: Pod, scores: NodeScore[]) => {
        const s = state.read<{ ignored: Set<string> }>(preScoreKey);
        let min = Number.MAX_SAFE_INTEGER;
        let max = 0;
        for (const sc of scores) {
          if (s?.ignored.has(sc.name)) continue;
          if (sc.score < min) min = sc.score;
          if (sc.score > max) max = sc.score;
        }
        for (const sc of scores) {
          if (s?.ignored.has(sc.name)) sc.score = 0;
          else if (max === 0) sc.score = MAX_NODE_SCORE;
          else sc.score = Math.trunc((MAX_NODE_SCORE * (max + min - sc.score)) / max);
        }
        return undefined;
      },
    };
  }

  /** Set by the factory: every node of the snapshot. */
  allNodes: (fallback: readonly NodeInfo[]) => readonly NodeInfo[] = (f) => f;

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete } },
      {
        event: {
          resource: 'Node',
          actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
        },
      },
    ];
  }
}
