import { labelSelectorMatches } from '../../sdk/api/validation/index.js';
import { setCondition, findCondition, withoutCondition } from './conditions.js';
import { formatTime, isPodActive, isPodAvailable, isPodReady, parseTime } from './pod-state.js';
import type { Pod, ReplicaSet } from './workload-types.js';

/** At most this many pods are created or deleted in one sync (the ReplicaSet controller's burstReplicas). */
export const burstReplicas = 500;

/** The annotation that orders pods for deletion (lower cost goes first). */
export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

/** What one ReplicaSet sync must do with its pods. */
export interface ReplicaSetPodDiff {
  /** How many pods to create (0 when none). */
  create: number;
  /** The pods to delete, in order. */
  delete: Pod[];
}

/**
 * manageReplicas: compares the active pods with spec.replicas. Too few gives a creation count,
 * too many the pods to delete, ranked as ActivePodsWithRanks sorts them; at most burstReplicas
 * either way. `relatedPods` (active pods of every ReplicaSet of the same owner) rank pods that
 * share a node with more of them first.
 */
export function replicaSetPodDiff(
  rs: ReplicaSet,
  activePods: Pod[],
  relatedPods: Pod[] = activePods,
  nowMs = 0,
): ReplicaSetPodDiff {
  const want = rs.spec.replicas ?? 1;
  const diff = activePods.length - want;
  if (diff < 0) return { create: Math.min(-diff, burstReplicas), delete: [] };
  if (diff === 0) return { create: 0, delete: [] };
  return { create: 0, delete: podsToDelete(activePods, relatedPods, Math.min(diff, burstReplicas), nowMs) };
}

/** getPodsToDelete: the first `count` pods of the deletion ranking. */
export function podsToDelete(pods: Pod[], relatedPods: Pod[], count: number, nowMs = 0): Pod[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const p of relatedPods) {
    const node = p.spec?.nodeName;
    if (node && isPodActive(p)) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank, nowMs)).slice(0, count);
}

const phaseOrder: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(p: Pod): number {
  const v = Number(p.metadata.annotations?.[podDeletionCostAnnotation]);
  return Number.isFinite(v) ? v : 0;
}

function maxRestarts(p: Pod): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

function readySince(p: Pod): number | undefined {
  return parseTime(p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime);
}

/**
 * ActivePodsWithRanks.Less: negative when `a` should be deleted before `b`. Unassigned before
 * assigned; Pending before Unknown before Running; not ready before ready; lower deletion cost
 * first; pods doubled up on a node first; ready for a shorter time first (compared on a log2
 * scale of seconds ready, as LogarithmicScaleDown does); more restarts first; newer first.
 */
export function compareForDeletion(a: Pod, b: Pod, rank: (p: Pod) => number = () => 0, nowMs = 0): number {
  const aAssigned = a.spec?.nodeName ? 1 : 0;
  const bAssigned = b.spec?.nodeName ? 1 : 0;
  if (aAssigned !== bAssigned) return aAssigned - bAssigned;
  const ap = phaseOrder[a.status?.phase ?? 'Pending'] ?? 0;
  const bp = phaseOrder[b.status?.phase ?? 'Pending'] ?? 0;
  if (ap !== bp) return ap - bp;
  const ar = isPodReady(a) ? 1 : 0;
  const br = isPodReady(b) ? 1 : 0;
  if (ar !== br) return ar - br;
  const ac = deletionCost(a);
  const bc = deletionCost(b);
  if (ac !== bc) return ac - bc;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return rb - ra;
  if (ar === 1 && br === 1) {
    const at = readySince(a);
    const bt = readySince(b);
    if (at !== undefined && bt !== undefined && at !== bt) {
      const bucket = (t: number) => Math.floor(Math.log2(Math.max(1, (nowMs - t) / 1000) + 1));
      const ba = nowMs ? bucket(at) : -at;
      const bb = nowMs ? bucket(bt) : -bt;
      if (ba !== bb) return ba - bb;
    }
  }
  const rsa = maxRestarts(a);
  const rsb = maxRestarts(b);
  if (rsa !== rsb) return rsb - rsa;
  const ca = parseTime(a.metadata.creationTimestamp) ?? Number.MAX_SAFE_INTEGER;
  const cb = parseTime(b.metadata.creationTimestamp) ?? Number.MAX_SAFE_INTEGER;
  if (ca !== cb) return cb - ca;
  return 0;
}

/** The ReplicaSet's status as its controller computes it. */
export type ReplicaSetStatus = NonNullable<ReplicaSet['status']>;

/**
 * calculateStatus plus the observedGeneration of updateReplicaSetStatus: replicas counts the
 * active pods; fullyLabeledReplicas those whose labels carry every template label; readyReplicas
 * the ready ones; availableReplicas those ready for minReadySeconds. A failed create or delete
 * sets the ReplicaFailure condition (FailedCreate / FailedDelete); a clean sync removes it.
 * Zero counts are left out, as Go's omitempty does.
 */
export function replicaSetStatus(
  rs: ReplicaSet,
  activePods: Pod[],
  nowMs: number,
  manageError?: { creating: boolean; message: string },
): ReplicaSetStatus {
  const templateLabels = rs.spec.template?.metadata?.labels ?? {};
  const minReady = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of activePods) {
    if (labelSelectorMatches({ matchLabels: templateLabels }, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  let conditions = rs.status?.conditions;
  const failure = findCondition(conditions, 'ReplicaFailure');
  if (manageError && !failure) {
    conditions = setCondition(conditions, {
      type: 'ReplicaFailure',
      status: 'True',
      reason: manageError.creating ? 'FailedCreate' : 'FailedDelete',
      message: manageError.message,
      lastTransitionTime: formatTime(nowMs),
    });
  } else if (!manageError && failure) conditions = withoutCondition(conditions, 'ReplicaFailure');
  const status: ReplicaSetStatus = { replicas: activePods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (conditions && conditions.length > 0) status.conditions = conditions;
  return status;
}

/**
 * When the ReplicaSet must be looked at again for pods to turn available: every ready pod is
 * counted available after minReadySeconds; returns the earliest such moment after `nowMs`.
 */
export function nextAvailabilityCheck(rs: ReplicaSet, activePods: Pod[], nowMs: number): number | undefined {
  const minReady = rs.spec.minReadySeconds ?? 0;
  if (minReady === 0) return undefined;
  let next: number | undefined;
  for (const pod of activePods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReady, nowMs)) continue;
    const since = parseTime(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime) ?? nowMs;
    const at = since + minReady * 1000 + 1000;
    if (next === undefined || at < next) next = at;
  }
  return next;
}
