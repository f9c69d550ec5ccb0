import {
  isScalarResourceName,
  podRequests,
  quantityValue,
  type NodeInfo,
  type Pod,
  type ResourceSpec,
} from '../../sdk/scheduler/index.js';

/**
 * noderesources' resourceAllocationScorer: gathers, per configured resource, the node's allocatable
 * and its requested amount plus the pod's, then applies a strategy. `useRequested` counts real
 * requests; otherwise containers without cpu/memory requests count as 100m / 200Mi.
 */
export class ResourceAllocationScorer {
  constructor(
    readonly resources: readonly Required<ResourceSpec>[],
    private readonly useRequested: boolean,
    private readonly scorer: (requested: number[], allocatable: number[]) => number,
  ) {}

  /** The pod's request per configured resource. */
  podRequestList(pod: Pod): number[] {
    const r = podRequests(pod, !this.useRequested);
    return this.resources.map((res) => r.get(res.name));
  }

  /** The node's score for a pod whose requests are `podRequests`. */
  score(nodeInfo: NodeInfo, podReq: number[]): number {
    const requested = new Array<number>(this.resources.length).fill(0);
    const allocatable = new Array<number>(this.resources.length).fill(0);
    const used = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    for (let i = 0; i < this.resources.length; i++) {
      const name = this.resources[i]!.name;
      if (podReq[i] === 0 && isScalarResourceName(name)) continue;
      const alloc = nodeInfo.allocatable.get(name);
      if (alloc === 0) continue;
      allocatable[i] = alloc;
      requested[i] = used.get(name) + podReq[i]!;
    }
    return this.scorer(requested, allocatable);
  }
}

/** Normalises configured resources: weight 1 by default. */
export function resourceSpecs(list: readonly ResourceSpec[] | undefined): Required<ResourceSpec>[] {
  return (
    list ?? [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ]
  ).map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
}

export { quantityValue };
