import {
  CycleState,
  implementsPoint,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  podPriority,
  Status,
  type BindPlugin,
  type ClusterEventWithHint,
  type FilterPlugin,
  type FrameworkHandle,
  type NodeInfo,
  type NodeScore,
  type NodeToStatus,
  type PermitPlugin,
  type Pod,
  type PodInfo,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type SchedulerPlugin,
  type SchedulerPluginRegistry,
  type ScorePlugin,
} from '../../sdk/scheduler/index.js';
import { expandPoint, type ResolvedProfile } from './profile-config.js';
import { WaitingPodImpl } from './waiting-pods.js';

/** The parts of a FrameworkHandle the scheduler supplies (everything but the filter runners). */
export type HandleBase = Omit<
  FrameworkHandle,
  | 'profileName'
  | 'runFilterPluginsWithNominatedPods'
  | 'runPreFilterExtensionAddPod'
  | 'runPreFilterExtensionRemovePod'
  | 'getWaitingPod'
>;

/** Statuses of the nodes of one cycle. */
export class NodeStatusMap implements NodeToStatus {
  readonly map = new Map<string, Status>();
  constructor(public absentStatus: Status = Status.unresolvable()) {}
  get(name: string): Status {
    return this.map.get(name) ?? this.absentStatus;
  }
  set(name: string, s: Status): void {
    this.map.set(name, s);
  }
  entries(): IterableIterator<[string, Status]> {
    return this.map.entries();
  }
  get size(): number {
    return this.map.size;
  }
}

const withPlugin = (s: Status | undefined, name: string): Status | undefined =>
  s === undefined || s.code === 'Success' ? s : s.withPlugin(name);

function safe<T>(fn: () => T, name: string): T | Status {
  try {
    return fn();
  } catch (err) {
    return Status.error(err).withPlugin(name);
  }
}

/**
 * The runtime of one scheduling profile (frameworkImpl): the plugin instances per extension point,
 * in configured order with score weights, and the runners the scheduling and binding cycles call.
 */
export class Framework {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly handle: FrameworkHandle;
  readonly queueSort: QueueSortPlugin;
  readonly preEnqueue: PreEnqueuePlugin[] = [];
  readonly preFilter: PreFilterPlugin[] = [];
  readonly filter: FilterPlugin[] = [];
  readonly postFilter: PostFilterPlugin[] = [];
  readonly preScore: PreScorePlugin[] = [];
  readonly score: { plugin: ScorePlugin; weight: number }[] = [];
  readonly reserve: ReservePlugin[] = [];
  readonly permit: PermitPlugin[] = [];
  readonly preBind: PreBindPlugin[] = [];
  readonly bind: BindPlugin[] = [];
  readonly postBind: PostBindPlugin[] = [];
  /** Events each plugin registered (plugins without EnqueueExtensions are absent: every event requeues). */
  readonly hints = new Map<string, ClusterEventWithHint[]>();
  private readonly waiting = new Map<string, WaitingPodImpl>();

  constructor(profile: ResolvedProfile, registry: SchedulerPluginRegistry, base: HandleBase) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.handle = {
      ...base,
      profileName: this.profileName,
      runFilterPluginsWithNominatedPods: (s, p, n) => this.runFilterPluginsWithNominatedPods(s, p, n),
      runPreFilterExtensionAddPod: (s, p, a, n) => this.runPreFilterExtension('add', s, p, a, n),
      runPreFilterExtensionRemovePod: (s, p, a, n) => this.runPreFilterExtension('remove', s, p, a, n),
      getWaitingPod: (uid) => this.waiting.get(uid),
    };
    const instances = new Map<string, SchedulerPlugin>();
    const instance = (name: string): SchedulerPlugin => {
      let p = instances.get(name);
      if (p) return p;
      const reg = registry.get(name);
      if (!reg) throw new Error(`profile "${this.profileName}": plugin "${name}" does not exist`);
      p = reg.factory(profile.pluginArgs.get(name), this.handle);
      instances.set(name, p);
      return p;
    };
    const has = (point: keyof typeof implementsPoint) => (name: string) => {
      const reg = registry.get(name);
      if (!reg) throw new Error(`profile "${this.profileName}": plugin "${name}" does not exist`);
      return implementsPoint[point](instance(name));
    };
    const list = <T extends SchedulerPlugin>(
      point: Parameters<typeof expandPoint>[1],
      guard: keyof typeof implementsPoint,
    ): T[] =>
      expandPoint(profile, point, has(guard)).map((ref) => {
        const p = instance(ref.name);
        if (!implementsPoint[guard](p)) throw new Error(`plugin "${ref.name}" does not extend ${point} plugin`);
        return p as unknown as T;
      });
    const qs = list<QueueSortPlugin>('queueSort', 'queueSort');
    if (qs.length !== 1)
      throw new Error(`profile "${this.profileName}": exactly one queue sort plugin is required, got ${qs.length}`);
    this.queueSort = qs[0]!;
    this.preEnqueue.push(...list<PreEnqueuePlugin>('preEnqueue', 'preEnqueue'));
    this.preFilter.push(...list<PreFilterPlugin>('preFilter', 'preFilter'));
    this.filter.push(...list<FilterPlugin>('filter', 'filter'));
    this.postFilter.push(...list<PostFilterPlugin>('postFilter', 'postFilter'));
    this.preScore.push(...list<PreScorePlugin>('preScore', 'preScore'));
    for (const ref of expandPoint(profile, 'score', has('score'))) {
      const p = instance(ref.name);
      if (!implementsPoint.score(p)) throw new Error(`plugin "${ref.name}" does not extend score plugin`);
      const weight = ref.weight ?? registry.get(ref.name)?.defaultWeight ?? 1;
      this.score.push({ plugin: p, weight: weight === 0 ? 1 : weight });
    }
    this.reserve.push(...list<ReservePlugin>('reserve', 'reserve'));
    this.permit.push(...list<PermitPlugin>('permit', 'permit'));
    this.preBind.push(...list<PreBindPlugin>('preBind', 'preBind'));
    this.bind.push(...list<BindPlugin>('bind', 'bind'));
    if (this.bind.length === 0) throw new Error(`profile "${this.profileName}": at least one bind plugin is needed`);
    this.postBind.push(...list<PostBindPlugin>('postBind', 'postBind'));
    for (const p of instances.values())
      if (implementsPoint.enqueueExtensions(p)) this.hints.set(p.name, p.eventsToRegister());
  }

  /** Names of the plugins at each point (for `plugins list` and tests). */
  describe(): Record<string, string[]> {
    const n = (l: SchedulerPlugin[]) => l.map((p) => p.name);
    return {
      queueSort: [this.queueSort.name],
      preEnqueue: n(this.preEnqueue),
      preFilter: n(this.preFilter),
      filter: n(this.filter),
      postFilter: n(this.postFilter),
      preScore: n(this.preScore),
      score: this.score.map((s) => `${s.plugin.name}:${s.weight}`),
      reserve: n(this.reserve),
      permit: n(this.permit),
      preBind: n(this.preBind),
      bind: n(this.bind),
      postBind: n(this.postBind),
    };
  }

  /** PreEnqueue: the first failing plugin and its status. */
  runPreEnqueuePlugins(pod: Pod): { plugin: string; status: Status } | undefined {
    for (const p of this.preEnqueue) {
      const s = safe(() => p.preEnqueue(pod), p.name);
      if (s && s.code !== 'Success') return { plugin: p.name, status: s.withPlugin(p.name) };
    }
    return undefined;
  }

  /**
   * PreFilter: merges the plugins' PreFilterResults (intersection). A rejection is attributed to its
   * plugin; Skip disables that plugin's Filter in this cycle.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status; rejectors: Set<string> } {
    let nodeNames: Set<string> | undefined;
    const rejectors = new Set<string>();
    for (const p of this.preFilter) {
      const r = safe(() => p.preFilter(state, pod, nodes), p.name);
      if (r instanceof Status) return { status: r, rejectors };
      const s = r.status;
      if (s?.code === 'Skip') {
        state.skipFilterPlugins.add(p.name);
        continue;
      }
      if (s && s.code !== 'Success') {
        if (s.isRejected()) rejectors.add(p.name);
        return { status: s.withPlugin(p.name), rejectors };
      }
      if (r.result?.nodeNames) {
        nodeNames = nodeNames
          ? new Set([...nodeNames].filter((n) => r.result!.nodeNames!.has(n)))
          : new Set(r.result.nodeNames);
        if (nodeNames.size === 0) {
          rejectors.add(p.name);
          return {
            status: Status.unresolvable("node(s) didn't satisfy plugin(s) [" + p.name + ']').withPlugin(p.name),
            rejectors,
          };
        }
      }
    }
    return { result: nodeNames ? { nodeNames } : undefined, rejectors };
  }

  /** Filter: the first failing plugin's status for this node, undefined when the pod fits. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const skip = state.skipFilterPlugins;
    for (let i = 0; i < this.filter.length; i++) {
      const p = this.filter[i]!;
      if (skip.size > 0 && skip.has(p.name)) continue;
      let s: Status | undefined;
      try {
        s = p.filter(state, pod, nodeInfo);
      } catch (err) {
        return Status.error(err).withPlugin(p.name);
      }
      if (s !== undefined && s.code !== 'Success') return s.withPlugin(p.name);
    }
    return undefined;
  }

  /**
   * Filter with the nominated pods of equal or higher priority counted on the node first (they
   * will take their place there), then without them, as kube-scheduler does.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const nominated = this.handle.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const prio = podPriority(pod);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const add = nominated.filter((pi) => pi.key !== key && podPriority(pi.pod) >= prio);
    if (add.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const ni = nodeInfo.clone();
    const st = state.clone();
    for (const pi of add) {
      ni.addPod(pi);
      const s = this.runPreFilterExtension('add', st, pod, pi, ni);
      if (s && s.code !== 'Success') return s;
    }
    const s = this.runFilterPlugins(st, pod, ni);
    if (s && s.code !== 'Success') return s;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  private runPreFilterExtension(
    op: 'add' | 'remove',
    state: CycleState,
    pod: Pod,
    pi: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined {
    for (const p of this.preFilter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = safe(
        () => (op === 'add' ? ext.addPod(state, pod, pi, nodeInfo) : ext.removePod(state, pod, pi, nodeInfo)),
        p.name,
      );
      if (s && s.code !== 'Success') return s.withPlugin(p.name);
    }
    return undefined;
  }

  /** PostFilter: runs in order until one returns Success; collects the messages of the others. */
  async runPostFilterPlugins(
    state: CycleState,
    pod: Pod,
    statuses: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status: Status }> {
    const reasons: string[] = [];
    let result: PostFilterResult | undefined;
    for (const p of this.postFilter) {
      let r: { result?: PostFilterResult; status?: Status };
      try {
        r = await p.postFilter(state, pod, statuses);
      } catch (err) {
        return { status: Status.error(err).withPlugin(p.name) };
      }
      const s = r.status;
      if (!s || s.code === 'Success') return { result: r.result, status: Status.success().withPlugin(p.name) };
      if (s.code === 'Error') return { status: s.withPlugin(p.name) };
      if (r.result) result = r.result;
      if (s.code !== 'Skip') reasons.push(...s.reasons);
    }
    return { result, status: Status.unschedulable(...reasons) };
  }

  /** PreScore; Skip disables the plugin's Score in this cycle. */
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    for (const p of this.preScore) {
      const s = safe(() => p.preScore(state, pod, nodes), p.name);
      if (s?.code === 'Skip') {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      if (s && s.code !== 'Success') return s.withPlugin(p.name);
    }
    return undefined;
  }

  /**
   * Score and NormalizeScore: every plugin scores every node, normalises, and the weighted sum per
   * node is returned (in `nodes` order).
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { totals: number[]; status?: Status } {
    const totals = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of this.score) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const scores: NodeScore[] = new Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        let v: number | Status;
        try {
          v = plugin.score(state, pod, nodes[i]!);
        } catch (err) {
          v = Status.error(err);
        }
        if (v instanceof Status) return { totals, status: v.withPlugin(plugin.name) };
        scores[i] = { name: nodes[i]!.name, score: v };
      }
      const ext = plugin.scoreExtensions?.();
      if (ext) {
        const s = safe(() => ext.normalizeScore(state, pod, scores), plugin.name);
        if (s && s.code !== 'Success') return { totals, status: s.withPlugin(plugin.name) };
      }
      for (let i = 0; i < nodes.length; i++) {
        const sc = scores[i]!.score;
        if (sc > MAX_NODE_SCORE || sc < MIN_NODE_SCORE)
          return {
            totals,
            status: Status.error(
              `plugin "${plugin.name}" returns an invalid score ${sc}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
            ),
          };
        totals[i]! += sc * weight;
      }
    }
    return { totals };
  }

  /** Reserve in order; on failure the caller runs `runUnreservePlugins`. */
  runReservePlugins(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (const p of this.reserve) {
      const s = safe(() => p.reserve(state, pod, nodeName), p.name);
      if (s && s.code !== 'Success') return s.withPlugin(p.name);
    }
    return undefined;
  }

  /** Unreserve in reverse order; never fails. */
  runUnreservePlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reserve.length - 1; i >= 0; i--) {
      try {
        this.reserve[i]!.unreserve(state, pod, nodeName);
      } catch {
        // Unreserve must not fail; a throwing plugin is ignored.
      }
    }
  }

  /** Permit: Success, a rejection, or Wait (the pod then waits in the binding cycle). */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    const timeouts = new Map<string, number>();
    for (const p of this.permit) {
      const r = safe(() => p.permit(state, pod, nodeName), p.name);
      const s = r instanceof Status ? r : r.status;
      if (!s || s.code === 'Success') continue;
      if (s.code === 'Wait') {
        const ms = Math.min((r as { timeoutMs?: number }).timeoutMs ?? 15 * 60_000, 15 * 60_000);
        timeouts.set(p.name, ms);
        continue;
      }
      return s.isRejected() ? s.withPlugin(p.name) : Status.error(s.message()).withPlugin(p.name);
    }
    if (timeouts.size > 0) {
      const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
      this.waiting.set(uid, new WaitingPodImpl(pod, timeouts, this.handle.clock));
      return Status.wait();
    }
    return undefined;
  }

  /** Waits while the pod is held by Permit plugins; Success when allowed. */
  async waitOnPermit(pod: Pod): Promise<Status | undefined> {
    const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
    const w = this.waiting.get(uid);
    if (!w) return undefined;
    const s = await w.result;
    this.waiting.delete(uid);
    return s.code === 'Success' ? undefined : s;
  }

  /** Rejects a waiting pod (e.g. it was deleted); false when none waits. */
  rejectWaitingPod(uid: string, message: string): boolean {
    const w = this.waiting.get(uid);
    if (!w) return false;
    w.reject('', message);
    return true;
  }

  /** PreBind in order; the first failure is returned. */
  async runPreBindPlugins(
    state: CycleState,
    pod: Pod,
    nodeName: string,
    signal: AbortSignal,
  ): Promise<Status | undefined> {
    for (const p of this.preBind) {
      try {
        const s = await p.preBind(state, pod, nodeName, signal);
        if (s && s.code !== 'Success') return s.withPlugin(p.name);
      } catch (err) {
        return Status.error(err).withPlugin(p.name);
      }
    }
    return undefined;
  }

  /** Bind: the first plugin that does not Skip decides. */
  async runBindPlugins(
    state: CycleState,
    pod: Pod,
    nodeName: string,
    signal: AbortSignal,
  ): Promise<Status | undefined> {
    for (const p of this.bind) {
      let s: Status | undefined;
      try {
        s = await p.bind(state, pod, nodeName, signal);
      } catch (err) {
        return Status.error(err).withPlugin(p.name);
      }
      if (s?.code === 'Skip') continue;
      return withPlugin(s, p.name);
    }
    return Status.of('Skip');
  }

  /** PostBind; never fails. */
  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const p of this.postBind) {
      try {
        p.postBind(state, pod, nodeName);
      } catch {
        // informational
      }
    }
  }
}
