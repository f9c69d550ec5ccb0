import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { readyCondition } from '../node-lifecycle/node-health.js';
import { taintKeys, type Taint } from '../node-lifecycle/taints.js';

/** kube-controller-manager's --terminated-pod-gc-threshold default. */
export const defaultTerminatedPodThreshold = 12500;
/** How long a node must stay missing before its pods count as orphaned (podgc's quarantine time). */
export const orphanQuarantineMs = 40_000;

interface PodLike extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; reason?: string };
}

/** Whether a pod has finished (Succeeded or Failed). */
export function podIsTerminated(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The finished pods to delete when more than `threshold` exist: the excess, evicted pods first,
 * then oldest first (podgc's gcTerminated). A threshold of 0 or less disables it.
 */
export function terminatedPodsToDelete(pods: readonly PodLike[], threshold: number): PodLike[] {
  if (threshold <= 0) return [];
  const done = pods.filter((p) => podIsTerminated(p) && !p.metadata.deletionTimestamp);
  const excess = done.length - threshold;
  if (excess <= 0) return [];
  const evicted = (p: PodLike) => (p.status?.reason === 'Evicted' ? 0 : 1);
  return [...done]
    .sort(
      (a, b) =>
        evicted(a) - evicted(b) ||
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    )
    .slice(0, excess);
}

/** Pods bound to a node that is not among `nodes` (podgc's gcOrphaned candidates). */
export function podsOnMissingNodes(pods: readonly PodLike[], nodes: ReadonlySet<string>): PodLike[] {
  return pods.filter((p) => !!p.spec?.nodeName && !nodes.has(p.spec.nodeName));
}

/** Terminating pods never bound to a node (podgc's gcUnscheduledTerminating). */
export function unscheduledTerminatingPods(pods: readonly PodLike[]): PodLike[] {
  return pods.filter((p) => !!p.metadata.deletionTimestamp && !p.spec?.nodeName);
}

/**
 * Terminating pods on nodes that are not Ready and carry the `node.kubernetes.io/out-of-service`
 * taint (podgc's gcTerminating): their kubelet will not finish them, so they are force-deleted.
 */
export function terminatingPodsOnOutOfServiceNodes(pods: readonly PodLike[], nodes: readonly KubeObject[]): PodLike[] {
  const out = new Set(
    nodes
      .filter((n) => readyCondition(n)?.status !== 'True')
      .filter((n) =>
        ((n.spec as { taints?: Taint[] } | undefined)?.taints ?? []).some((t) => t.key === taintKeys.outOfService),
      )
      .map((n) => n.metadata.name!),
  );
  return pods.filter((p) => !!p.metadata.deletionTimestamp && !!p.spec?.nodeName && out.has(p.spec.nodeName));
}

/**
 * Tracks when nodes named by pods were first seen missing, so a node counts as gone only after the
 * quarantine time (a node being created may not have reached the controller's cache yet).
 */
export class MissingNodeQuarantine {
  private readonly since = new Map<string, number>();

  /** Records the nodes missing now; returns those missing for at least `quarantineMs`. */
  update(missing: ReadonlySet<string>, nowMs: number, quarantineMs = orphanQuarantineMs): string[] {
    for (const n of [...this.since.keys()]) if (!missing.has(n)) this.since.delete(n);
    const out: string[] = [];
    for (const n of missing) {
      const s = this.since.get(n);
      if (s === undefined) this.since.set(n, nowMs);
      else if (nowMs - s >= quarantineMs) out.push(n);
    }
    return out.sort();
  }
}
