import {
  ActionType,
  nodeSelectorTermMatches,
  nodeSelectorTermsMatch,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Node,
  type NodeInfo,
  type NodeScore,
  type Pod,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';
import { defaultNormalizeScore } from './normalize-score.js';

/** ErrReasonPod of nodeaffinity. */
export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";

/**
 * True when `node` satisfies the pod's nodeSelector and required node affinity
 * (nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)).
 */
export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const sel = pod.spec?.nodeSelector;
  if (sel) {
    const labels = node.metadata.labels ?? {};
    for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
  }
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) return nodeSelectorTermsMatch(req.nodeSelectorTerms ?? [], node);
  return true;
}

/**
 * NodeAffinity (nodeaffinity/node_affinity.go): Filter applies nodeSelector and the required terms;
 * PreFilter narrows the nodes when every term pins `metadata.name`; Score sums the weights of the
 * matching preferred terms, normalised to 0–100.
 */
export class NodeAffinityPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = names.NodeAffinity;

  preFilter(_state: CycleState, pod: Pod) {
    const affinity = pod.spec?.affinity?.nodeAffinity;
    const terms = affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (!pod.spec?.nodeSelector && !terms) return { status: Status.skip() };
    if (!terms?.length) return {};
    // Every term must name nodes by metadata.name for the set to be a bound.
    let names: Set<string> | undefined = new Set<string>();
    for (const t of terms) {
      const byName = (t.matchFields ?? []).filter((f) => f.key === 'metadata.name' && f.operator === 'In');
      if (byName.length === 0) {
        names = undefined;
        break;
      }
      let inTerm: Set<string> | undefined;
      for (const f of byName) {
        const vals = new Set(f.values ?? []);
        inTerm = inTerm ? new Set([...inTerm].filter((v) => vals.has(v))) : vals;
      }
      for (const n of inTerm ?? []) names.add(n);
    }
    if (!names) return {};
    if (names.size === 0) return { status: Status.unresolvable(NODE_AFFINITY_REASON) };
    return { result: { nodeNames: names } };
  }

  filter(_s: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if (!nodeInfo.node || podMatchesNodeSelectorAndAffinity(pod, nodeInfo.node)) return undefined;
    return Status.unresolvable(NODE_AFFINITY_REASON);
  }

  preScore(_s: CycleState, pod: Pod): Status | undefined {
    const pref = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    return pref?.length ? undefined : Status.skip();
  }

  score(_s: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const pref = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    let total = 0;
    for (const p of pref)
      if (p.weight !== 0 && nodeInfo.node && nodeSelectorTermMatches(p.preference, nodeInfo.node)) total += p.weight;
    return total;
  }

  scoreExtensions() {
    return {
      normalizeScore: (_s: CycleState, _p: Pod, scores: NodeScore[]) => {
        defaultNormalizeScore(scores, false);
        return undefined;
      },
    };
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        queueingHintFn: (pod, _old, n) =>
          n && podMatchesNodeSelectorAndAffinity(pod, n as Node) ? 'Queue' : 'QueueSkip',
      },
    ];
  }
}
