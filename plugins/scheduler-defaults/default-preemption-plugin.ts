import { builtin } from '../../sdk/builtin-resources.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import {
  labelSelectorMatchesPod,
  Status,
  type CycleState,
  type FrameworkHandle,
  type NodeInfo,
  type NodeToStatus,
  type Pod,
  type PodDisruptionBudget,
  type PodInfo,
  type PostFilterPlugin,
  type PostFilterResult,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';

/** DefaultPreemptionArgs. */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

/** A node where preemption would make room, and the pods it would evict. */
export interface Candidate {
  readonly name: string;
  /** Victims, most important first. */
  readonly victims: PodInfo[];
  readonly numPDBViolations: number;
}

/** The pod's priority: spec.priority, else its PriorityClass's value, else 0. */
export function effectivePriority(pod: Pod, handle: FrameworkHandle): number {
  if (pod.spec?.priority !== undefined) return pod.spec.priority;
  const pc = pod.spec?.priorityClassName ? handle.listers.priorityClass(pod.spec.priorityClassName) : undefined;
  return pc?.value ?? 0;
}

function startTime(p: Pod): number {
  const t = p.status?.startTime ?? p.metadata.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/**
 * Splits `pods` into those whose eviction would violate a PodDisruptionBudget (disruptionsAllowed
 * would drop below 0) and the others (filterPodsWithPDBViolation). Pods already in a PDB's
 * disruptedPods do not count again.
 */
export function splitByPdbViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const pod = pi.pod;
    let violated = false;
    if (pod.metadata.labels && Object.keys(pod.metadata.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata.namespace !== pod.metadata.namespace) return;
        const sel = pdb.spec?.selector;
        if (!sel || (!sel.matchLabels && !sel.matchExpressions) || !labelSelectorMatchesPod(sel, pod)) return;
        if (pdb.status?.disruptedPods && pod.metadata.name! in pdb.status.disruptedPods) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/**
 * DefaultPreemption (defaultpreemption/default_preemption.go with framework/preemption): when no
 * node fits, finds nodes where evicting lower-priority pods makes the pod fit — reprieving as many
 * victims as possible, PDB-protected ones first — picks the best node (fewest PDB violations, then
 * lowest highest victim priority, lowest priority sum, fewest victims, latest start), evicts the
 * victims and nominates the node.
 */
export class DefaultPreemptionPlugin implements PostFilterPlugin {
  readonly name = names.DefaultPreemption;
  private readonly minPct: number;
  private readonly minAbs: number;

  constructor(
    private readonly handle: FrameworkHandle,
    args: DefaultPreemptionArgs = {},
    private readonly random: () => number = Math.random,
  ) {
    this.minPct = args.minCandidateNodesPercentage ?? 10;
    this.minAbs = args.minCandidateNodesAbsolute ?? 100;
  }

  async postFilter(
    state: CycleState,
    pod: Pod,
    statuses: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status?: Status }> {
    const r = await this.preempt(state, pod, statuses);
    const msg = r.status?.message();
    if (r.status && r.status.code !== 'Success' && msg)
      return { result: r.result, status: Status.of(r.status.code, `preemption: ${msg}`) };
    return r;
  }

  private async preempt(
    state: CycleState,
    pod: Pod,
    statuses: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status?: Status }> {
    const eligible = this.eligible(pod);
    if (eligible) return { status: Status.unschedulable(eligible) };
    const all = this.handle.snapshot().list();
    const potential = all.filter((n) => statuses.get(n.name).code === 'Unschedulable');
    const nodeStatuses = new Map<string, Status>();
    let candidates: Candidate[] = [];
    if (potential.length > 0) {
      const pdbs = this.handle.listers.podDisruptionBudgets();
      const numCandidates = Math.min(
        potential.length,
        Math.max(Math.trunc((potential.length * this.minPct) / 100), this.minAbs),
      );
      const offset = Math.floor(this.random() * potential.length);
      for (let i = 0; i < potential.length && candidates.length < numCandidates; i++) {
        const ni = potential[(offset + i) % potential.length]!;
        const r = this.selectVictimsOnNode(state.clone(), pod, ni.clone(), pdbs);
        if (r instanceof Status) nodeStatuses.set(ni.name, r);
        else candidates.push({ name: ni.name, ...r });
      }
    }
    if (candidates.length === 0) {
      // FitError over the dry-run statuses; nodes not evaluated count as "not helpful".
      const counts = new Map<string, number>();
      for (const s of nodeStatuses.values())
        for (const reason of s.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
      const absent = all.length - nodeStatuses.size;
      if (absent > 0)
        counts.set(
          'Preemption is not helpful for scheduling',
          (counts.get('Preemption is not helpful for scheduling') ?? 0) + absent,
        );
      const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
      const msg = `0/${all.length} nodes are available:` + (parts.length ? ` ${parts.join(', ')}.` : '');
      return { result: { nominatedNodeName: '' }, status: Status.unschedulable(msg) };
    }
    candidates = [this.pickOne(candidates)];
    const best = candidates[0]!;
    await this.prepareCandidate(best, pod);
    return { result: { nominatedNodeName: best.name }, status: Status.success() };
  }

  /** Why the pod may not preempt, or undefined when it may (PodEligibleToPreemptOthers). */
  private eligible(pod: Pod): string | undefined {
    if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = this.handle.snapshot().get(nominated);
      const prio = effectivePriority(pod, this.handle);
      if (ni?.pods.some((p) => p.pod.metadata.deletionTimestamp && effectivePriority(p.pod, this.handle) < prio))
        return 'not eligible due to a terminating pod on the nominated node.';
    }
    return undefined;
  }

  /** selectVictimsOnNode: the fewest, least important victims that make the pod fit. */
  selectVictimsOnNode(
    state: CycleState,
    pod: Pod,
    ni: NodeInfo,
    pdbs: readonly PodDisruptionBudget[],
  ): { victims: PodInfo[]; numPDBViolations: number } | Status {
    const prio = effectivePriority(pod, this.handle);
    const potential: PodInfo[] = [];
    for (const p of [...ni.pods]) {
      if (effectivePriority(p.pod, this.handle) >= prio) continue;
      potential.push(p);
      ni.removePod(p.pod);
      const s = this.handle.runPreFilterExtensionRemovePod(state, pod, p, ni);
      if (s && s.code !== 'Success') return s;
    }
    if (potential.length === 0) return Status.unresolvable('No preemption victims found for incoming pod');
    const fit = this.handle.runFilterPluginsWithNominatedPods(state, pod, ni);
    if (fit && fit.code !== 'Success') return fit;
    // Most important first: higher priority, then earlier start.
    potential.sort((a, b) => {
      const d = effectivePriority(b.pod, this.handle) - effectivePriority(a.pod, this.handle);
      return d !== 0 ? d : startTime(a.pod) - startTime(b.pod);
    });
    const { violating, nonViolating } = splitByPdbViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    let numPDBViolations = 0;
    const reprieve = (p: PodInfo): boolean => {
      ni.addPod(p);
      this.handle.runPreFilterExtensionAddPod(state, pod, p, ni);
      const s = this.handle.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (s && s.code !== 'Success') {
        ni.removePod(p.pod);
        this.handle.runPreFilterExtensionRemovePod(state, pod, p, ni);
        victims.push(p);
        return false;
      }
      return true;
    };
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
    victims.sort((a, b) => {
      const d = effectivePriority(b.pod, this.handle) - effectivePriority(a.pod, this.handle);
      return d !== 0 ? d : startTime(a.pod) - startTime(b.pod);
    });
    return { victims, numPDBViolations };
  }

  /** pickOneNodeForPreemption. */
  pickOne(candidates: Candidate[]): Candidate {
    const prio = (p: PodInfo) => effectivePriority(p.pod, this.handle);
    const criteria: ((c: Candidate) => number)[] = [
      (c) => -c.numPDBViolations,
      (c) => -(c.victims.length ? prio(c.victims[0]!) : Number.MIN_SAFE_INTEGER),
      (c) => -c.victims.reduce((s, v) => s + prio(v) + 2147483648, 0),
      (c) => -c.victims.length,
      (c) => {
        // The latest start time among the highest-priority victims' earliest.
        if (!c.victims.length) return Number.MAX_SAFE_INTEGER;
        const top = prio(c.victims[0]!);
        return Math.min(...c.victims.filter((v) => prio(v) === top).map((v) => startTime(v.pod)));
      },
    ];
    let pool = candidates;
    for (const score of criteria) {
      if (pool.length === 1) break;
      const best = Math.max(...pool.map(score));
      pool = pool.filter((c) => score(c) === best);
    }
    return pool[0]!;
  }

  private async prepareCandidate(c: Candidate, pod: Pod): Promise<void> {
    const client = this.handle.client;
    for (const v of c.victims) {
      const waiting = v.pod.metadata.uid ? this.handle.getWaitingPod(v.pod.metadata.uid) : undefined;
      if (waiting) {
        waiting.reject(this.name, 'preempted');
        continue;
      }
      const ns = v.pod.metadata.namespace;
      try {
        await client.patch(
          builtin.pods,
          v.pod.metadata.name!,
          {
            status: {
              conditions: [
                ...(v.pod.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget'),
                {
                  type: 'DisruptionTarget',
                  status: 'True',
                  reason: 'PreemptionByScheduler',
                  message: `${this.handle.profileName}: preempting to accommodate a higher priority pod`,
                  lastTransitionTime: new Date(this.handle.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
                },
              ],
            },
          },
          'merge',
          { namespace: ns, subresource: 'status' },
        );
        await client.delete(builtin.pods, v.pod.metadata.name!, ns);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      this.handle.recordEvent(
        v.pod,
        'Normal',
        'Preempted',
        'Preempting',
        `Preempted by pod ${pod.metadata.uid} on node ${c.name}`,
      );
    }
    // Lower-priority pods nominated to this node lose their nomination.
    const prio = effectivePriority(pod, this.handle);
    for (const p of this.handle.nominatedPodsForNode(c.name)) {
      if (effectivePriority(p.pod, this.handle) >= prio || p.key === `${pod.metadata.namespace}/${pod.metadata.name}`)
        continue;
      try {
        await client.patch(builtin.pods, p.pod.metadata.name!, { status: { nominatedNodeName: null } }, 'merge', {
          namespace: p.pod.metadata.namespace,
          subresource: 'status',
        });
      } catch {
        // best effort, as upstream
      }
    }
  }
}
