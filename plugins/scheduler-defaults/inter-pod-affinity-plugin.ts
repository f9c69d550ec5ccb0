import {
  ActionType,
  affinityTermMatches,
  MAX_NODE_SCORE,
  PodInfo,
  Status,
  type AffinityTerm,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type FrameworkHandle,
  type Node,
  type NodeInfo,
  type NodeScore,
  type Pod,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';

/** ErrReasonAffinityRulesNotMatch. */
export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch. */
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
/** ErrReasonExistingAntiAffinityRulesNotMatch. */
export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";

type Counts = Map<string, number>;
const pair = (k: string, v: string) => `${k}\u0000${v}`;
const bump = (m: Counts, k: string, d: number) => {
  const n = (m.get(k) ?? 0) + d;
  if (n === 0) m.delete(k);
  else m.set(k, n);
};

class PreFilterState {
  constructor(
    readonly podInfo: PodInfo,
    /** Pairs where existing pods' required anti-affinity matches the incoming pod. */
    readonly existingAnti: Counts,
    /** Pairs where existing pods match all the incoming pod's required affinity terms. */
    readonly affinity: Counts,
    /** Pairs where existing pods match an incoming required anti-affinity term. */
    readonly anti: Counts,
    readonly nsLabels: (ns: string) => Record<string, string> | undefined,
  ) {}
  clone(): PreFilterState {
    return new PreFilterState(
      this.podInfo,
      new Map(this.existingAnti),
      new Map(this.affinity),
      new Map(this.anti),
      this.nsLabels,
    );
  }
  update(existing: PodInfo, node: Node | undefined, d: number): void {
    const labels = node?.metadata.labels;
    if (!labels) return;
    for (const t of existing.requiredAntiAffinityTerms)
      if (t.topologyKey in labels && affinityTermMatches(t, this.podInfo.pod, this.nsLabels))
        bump(this.existingAnti, pair(t.topologyKey, labels[t.topologyKey]!), d);
    const aff = this.podInfo.requiredAffinityTerms;
    if (aff.length && aff.every((t) => affinityTermMatches(t, existing.pod, this.nsLabels)))
      for (const t of aff)
        if (t.topologyKey in labels) bump(this.affinity, pair(t.topologyKey, labels[t.topologyKey]!), d);
    for (const t of this.podInfo.requiredAntiAffinityTerms)
      if (t.topologyKey in labels && affinityTermMatches(t, existing.pod, this.nsLabels))
        bump(this.anti, pair(t.topologyKey, labels[t.topologyKey]!), d);
  }
}

const preFilterKey = 'PreFilterInterPodAffinity';
const preScoreKey = 'PreScoreInterPodAffinity';

/**
 * InterPodAffinity (interpodaffinity): Filter enforces the pod's required affinity and
 * anti-affinity and the required anti-affinity of pods already running; Score adds the weights of
 * preferred terms (both directions) and of existing pods' required affinity (hardPodAffinityWeight)
 * per topology domain, normalised to 0–100.
 */
export class InterPodAffinityPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = names.InterPodAffinity;
  private readonly hardPodAffinityWeight: number;

  constructor(
    private readonly handle: FrameworkHandle,
    args: { hardPodAffinityWeight?: number } = {},
  ) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
  }

  private nsLabels = (ns: string) => this.handle.listers.namespaceLabels(ns);

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
    const pi = new PodInfo(pod);
    const withAnti = this.handle.snapshot().havePodsWithRequiredAntiAffinity();
    if (pi.requiredAffinityTerms.length === 0 && pi.requiredAntiAffinityTerms.length === 0 && withAnti.length === 0)
      return { status: Status.skip() };
    const s = new PreFilterState(pi, new Map(), new Map(), new Map(), this.nsLabels);
    for (const ni of withAnti) {
      const labels = ni.node?.metadata.labels;
      if (!labels) continue;
      for (const e of ni.podsWithRequiredAntiAffinity)
        for (const t of e.requiredAntiAffinityTerms)
          if (t.topologyKey in labels && affinityTermMatches(t, pod, this.nsLabels))
            bump(s.existingAnti, pair(t.topologyKey, labels[t.topologyKey]!), 1);
    }
    if (pi.requiredAffinityTerms.length || pi.requiredAntiAffinityTerms.length) {
      for (const ni of nodes) {
        const labels = ni.node?.metadata.labels;
        if (!labels) continue;
        for (const e of ni.pods) {
          const aff = pi.requiredAffinityTerms;
          if (aff.length && aff.every((t) => affinityTermMatches(t, e.pod, this.nsLabels)))
            for (const t of aff)
              if (t.topologyKey in labels) bump(s.affinity, pair(t.topologyKey, labels[t.topologyKey]!), 1);
          for (const t of pi.requiredAntiAffinityTerms)
            if (t.topologyKey in labels && affinityTermMatches(t, e.pod, this.nsLabels))
              bump(s.anti, pair(t.topologyKey, labels[t.topologyKey]!), 1);
        }
      }
    }
    state.write(preFilterKey, s);
    return {};
  }

  preFilterExtensions(): PreFilterExtensions {
    return {
      addPod: (st, _p, other, ni) => {
        st.read<PreFilterState>(preFilterKey)?.update(other, ni.node, 1);
        return undefined;
      },
      removePod: (st, _p, other, ni) => {
        st.read<PreFilterState>(preFilterKey)?.update(other, ni.node, -1);
        return undefined;
      },
    };
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(preFilterKey);
    if (!s) return undefined;
    const labels = nodeInfo.node?.metadata.labels ?? {};
    // Required affinity: every term's domain must hold a matching pod, except for the first pod of a
    // group that matches its own terms when no such pod exists anywhere.
    let podsExist = true;
    for (const t of s.podInfo.requiredAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v === undefined) return Status.unresolvable(AFFINITY_REASON);
      if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (!podsExist) {
      const selfMatch = s.podInfo.requiredAffinityTerms.every((t) =>
        affinityTermMatches(t, s.podInfo.pod, this.nsLabels),
      );
      if (!(s.affinity.size === 0 && selfMatch)) return Status.unresolvable(AFFINITY_REASON);
    }
    for (const t of s.podInfo.requiredAntiAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v !== undefined && (s.anti.get(pair(t.topologyKey, v)) ?? 0) > 0)
        return Status.unschedulable(ANTI_AFFINITY_REASON);
    }
    if (s.existingAnti.size > 0)
      for (const [k, v] of Object.entries(labels))
        if ((s.existingAnti.get(pair(k, v)) ?? 0) > 0) return Status.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
    return undefined;
  }

  preScore(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): Status | undefined {
    const pi = new PodInfo(pod);
    const hasPref = pi.preferredAffinityTerms.length > 0 || pi.preferredAntiAffinityTerms.length > 0;
    const snap = this.handle.snapshot();
    const candidates = hasPref ? snap.list() : snap.havePodsWithAffinity();
    if (!hasPref && candidates.length === 0) return Status.skip();
    const score = new Map<string, Map<string, number>>();
    const add = (t: AffinityTerm, weight: number, target: Pod, node: Node, mult: number) => {
      const v = node.metadata.labels?.[t.topologyKey];
      if (v === undefined || !affinityTermMatches(t, target, this.nsLabels)) return;
      let m = score.get(t.topologyKey);
      if (!m) score.set(t.topologyKey, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + weight * mult);
    };
    for (const ni of candidates) {
      const node = ni.node;
      if (!node || !node.metadata.labels || Object.keys(node.metadata.labels).length === 0) continue;
      for (const e of hasPref ? ni.pods : ni.podsWithAffinity) {
        for (const t of pi.preferredAffinityTerms) add(t, t.weight, e.pod, node, 1);
        for (const t of pi.preferredAntiAffinityTerms) add(t, t.weight, e.pod, node, -1);
        if (this.hardPodAffinityWeight > 0)
          for (const t of e.requiredAffinityTerms) add(t, this.hardPodAffinityWeight, pod, node, 1);
        for (const t of e.preferredAffinityTerms) add(t, t.weight, pod, node, 1);
        for (const t of e.preferredAntiAffinityTerms) add(t, t.weight, pod, node, -1);
      }
    }
    state.write(preScoreKey, score);
    return undefined;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<Map<string, Map<string, number>>>(preScoreKey);
    if (!s || s.size === 0) return 0;
    const labels = nodeInfo.node?.metadata.labels ?? {};
    let total = 0;
    for (const [k, vals] of s) {
      const v = labels[k];
      if (v !== undefined) total += vals.get(v) ?? 0;
    }
    return total;
  }

  scoreExtensions() {
    return {
      normalizeScore: (_s: CycleState, _p: Pod, scores: NodeScore[]) => {
        let min = Infinity;
        let max = -Infinity;
        for (const s of scores) {
          if (s.score > max) max = s.score;
          if (s.score < min) min = s.score;
        }
        const diff = max - min;
        for (const s of scores) s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
        return undefined;
      },
    };
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }
}
