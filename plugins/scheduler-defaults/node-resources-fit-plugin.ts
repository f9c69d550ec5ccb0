import {
  ActionType,
  MAX_NODE_SCORE,
  PodInfo,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type NodeResourcesFitArgs,
  type Pod,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Resource,
  type ScorePlugin,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';
import { ResourceAllocationScorer, resourceSpecs } from './resource-allocation-scorer.js';

const MAX_UTILIZATION = 100;

/** leastRequestedScore: the share of the resource left free, 0 when over capacity. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** mostRequestedScore: the share used, capped at capacity. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

function weightedAverage(
  resources: { weight: number }[],
  perResource: (req: number, cap: number) => number,
): (requested: number[], allocatable: number[]) => number {
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      score += perResource(requested[i]!, allocatable[i]!) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
  };
}

/** helper.BuildBrokenLinearFunction over (utilization, score) points. */
export function brokenLinear(shape: readonly { utilization: number; score: number }[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

function requestedToCapacityRatioScorer(
  resources: { weight: number }[],
  shape: readonly { utilization: number; score: number }[],
): (requested: number[], allocatable: number[]) => number {
  // Config scores are 0..10 (MaxCustomPriorityScore); they scale to 0..100.
  const f = brokenLinear(shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / 10) })));
  const perResource = (req: number, cap: number) =>
    cap === 0 || req > cap ? f(MAX_UTILIZATION) : f(Math.trunc((req * MAX_UTILIZATION) / cap));
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = perResource(requested[i]!, allocatable[i]!);
      if (s > 0) {
        score += s * resources[i]!.weight;
        weightSum += resources[i]!.weight;
      }
    }
    return weightSum === 0 ? 0 : Math.round(score / weightSum);
  };
}

const preFilterKey = 'PreFilterNodeResourcesFit';
const preScoreKey = 'PreScoreNodeResourcesFit';

/** One reason a pod does not fit a node's resources. */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/**
 * The resources `req` lacks on `nodeInfo` (noderesources.fitsRequest): the pod count first, then
 * cpu, memory, ephemeral-storage and extended resources, each "Insufficient <name>".
 */
export function fitsRequest(
  req: Resource,
  nodeInfo: NodeInfo,
  ignored: ReadonlySet<string>,
  ignoredGroups: ReadonlySet<string>,
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber)
    out.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: nodeInfo.pods.length,
      capacity: alloc.allowedPodNumber,
    });
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0) return out;
  const used = nodeInfo.requested;
  const check = (name: string, r: number, u: number, c: number) => {
    if (r > 0 && r > c - u)
      out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: r, used: u, capacity: c });
  };
  check('cpu', req.milliCPU, used.milliCPU, alloc.milliCPU);
  check('memory', req.memory, used.memory, alloc.memory);
  check('ephemeral-storage', req.ephemeralStorage, used.ephemeralStorage, alloc.ephemeralStorage);
  for (const [name, r] of req.scalar) {
    if (ignored.has(name)) continue;
    const slash = name.indexOf('/');
    if (slash >= 0 && ignoredGroups.has(name.slice(0, slash))) continue;
    check(name, r, used.scalar.get(name) ?? 0, alloc.scalar.get(name) ?? 0);
  }
  return out;
}

/** True when `req` certainly fits (no scalar resources involved); the common case, without allocations. */
function fitsQuickly(req: Resource, ni: NodeInfo): boolean {
  const a = ni.allocatable;
  const u = ni.requested;
  return (
    req.scalar.size === 0 &&
    ni.pods.length + 1 <= a.allowedPodNumber &&
    req.milliCPU <= a.milliCPU - u.milliCPU &&
    req.memory <= a.memory - u.memory &&
    req.ephemeralStorage <= a.ephemeralStorage - u.ephemeralStorage
  );
}

/**
 * NodeResourcesFit (noderesources/fit.go): Filter checks the pod's requests against allocatable
 * minus what the node's pods request; Score ranks by the configured strategy (LeastAllocated by
 * default, MostAllocated, RequestedToCapacityRatio).
 */
export class NodeResourcesFitPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = names.NodeResourcesFit;
  private readonly ignored: Set<string>;
  private readonly ignoredGroups: Set<string>;
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignored = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    const type = args.scoringStrategy?.type ?? 'LeastAllocated';
    const resources = resourceSpecs(args.scoringStrategy?.resources);
    let fn: (requested: number[], allocatable: number[]) => number;
    switch (type) {
      case 'LeastAllocated':
        fn = weightedAverage(resources, leastRequestedScore);
        break;
      case 'MostAllocated':
        fn = weightedAverage(resources, mostRequestedScore);
        break;
      case 'RequestedToCapacityRatio': {
        const shape = args.scoringStrategy?.requestedToCapacityRatio?.shape;
        if (!shape?.length) throw new Error('scoringStrategy.requestedToCapacityRatio.shape: Required value');
        fn = requestedToCapacityRatioScorer(resources, shape);
        break;
      }
      default:
        throw new Error(`scoringStrategy.type: Unsupported value: "${type}"`);
    }
    this.scorer = new ResourceAllocationScorer(resources, false, fn);
  }

  preFilter(state: CycleState, pod: Pod) {
    state.write(preFilterKey, new PodInfo(pod).requests);
    return {};
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const req = state.read<Resource>(preFilterKey) ?? new PodInfo(pod).requests;
    if (fitsQuickly(req, nodeInfo)) return undefined;
    const insufficient = fitsRequest(req, nodeInfo, this.ignored, this.ignoredGroups);
    if (insufficient.length === 0) return undefined;
    return Status.unschedulable(...insufficient.map((r) => r.reason));
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write(preScoreKey, this.scorer.podRequestList(pod));
    return undefined;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const req = state.read<number[]>(preScoreKey) ?? this.scorer.podRequestList(pod);
    return this.scorer.score(nodeInfo, req);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown } },
      {
        event: {
          resource: 'Node',
          actionType:
            ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel,
        },
      },
    ];
  }
}

/**
 * NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): prefers nodes whose
 * resource fractions (requested / allocatable, counting the pod) are close to each other:
 * score = (1 − standard deviation of the fractions) × 100.
 */
export class BalancedAllocationPlugin implements PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: { resources?: { name: string; weight?: number }[] } = {}) {
    this.scorer = new ResourceAllocationScorer(resourceSpecs(args.resources), true, balancedResourceScorer);
  }

  preScore(state: CycleState, pod: Pod): Status | undefined {
    state.write('PreScore' + this.name, this.scorer.podRequestList(pod));
    return undefined;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const req = state.read<number[]>('PreScore' + this.name) ?? this.scorer.podRequestList(pod);
    return this.scorer.score(nodeInfo, req);
  }
}

/** balancedResourceScorer. */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i]! / allocatable[i]!);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
