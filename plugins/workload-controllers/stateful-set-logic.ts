import type { OwnerReference } from '../../sdk/api/kube-object.js';
import { canonicalJson } from './pod-template-hash.js';
import { isPodReady, podAvailableAt } from './pod-state.js';
import { scaledValue } from './scaled-value.js';
import {
  claimOwnerRefs,
  claimsFor,
  identityPatch,
  podOrdinal,
  startOrdinal,
  statefulPod,
  statefulPodName,
} from './stateful-set-identity.js';
import { statefulSetRevisionLabel } from './stateful-set-revisions.js';
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet } from './workload-types.js';

/** One write of a StatefulSet sync, in the order the controller must perform them. */
export type StatefulSetAction =
  | { type: 'createClaim'; claim: PersistentVolumeClaim; podName: string }
  | { type: 'createPod'; pod: Pod }
  | { type: 'deletePod'; pod: Pod }
  | { type: 'labelPod'; pod: Pod; labels: Record<string, string> }
  | { type: 'setClaimOwners'; claim: PersistentVolumeClaim; ownerReferences: OwnerReference[] };

/** The revisions a sync works with: names and the templates they record. */
export interface StatefulSetRevisions {
  current: { name: string; template: PodTemplateSpec };
  update: { name: string; template: PodTemplateSpec };
}

/** What one StatefulSet sync writes. */
export interface StatefulSetSyncPlan {
  actions: StatefulSetAction[];
  status: NonNullable<StatefulSet['status']>;
  /** When to look again without an event (minReadySeconds), in ms from now. */
  requeueAfterMs?: number;
}

const isRunningAndReady = (p: Pod) => p.status?.phase === 'Running' && isPodReady(p);
const isTerminating = (p: Pod) => !!p.metadata.deletionTimestamp;
const isTerminal = (p: Pod) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
const revisionOf = (p: Pod) => p.metadata.labels?.[statefulSetRevisionLabel] ?? '';

/**
 * One StatefulSet sync (updateStatefulSet + updateStatefulSetStatus of the StatefulSet
 * controller), given the pods the set owns and the claims of its namespace:
 *
 * - pods `<set>-<ordinal>` for ordinals start..start+replicas-1, each after its missing claims
 *   `<claim>-<set>-<ordinal>`; a failed or succeeded pod is deleted (and created again later);
 * - OrderedReady: one step at a time, ascending, each pod Running and Ready (and available after
 *   minReadySeconds) before the next is made; Parallel: all at once;
 * - pods beyond the range are deleted highest ordinal first (OrderedReady: one at a time, waiting
 *   for the unhealthy);
 * - RollingUpdate: pods at ordinals >= partition not at the update revision are deleted from the
 *   highest ordinal down while fewer than maxUnavailable (default 1) replicas are unavailable;
 *   they come back at the update revision. Pods below the partition are made from the current
 *   revision. OnDelete: only pods deleted by someone else come back updated;
 * - claims get owner references per persistentVolumeClaimRetentionPolicy;
 * - status: replicas, ready, available, current and updated counts, revisions, and the current
 *   revision advanced when a rolling update is complete.
 */
export function planStatefulSetSync(
  set: StatefulSet,
  pods: Pod[],
  claims: PersistentVolumeClaim[],
  revisions: StatefulSetRevisions,
  nowMs: number,
): StatefulSetSyncPlan {
  const start = startOrdinal(set);
  const replicaCount = set.spec.replicas ?? 1;
  const minReady = set.spec.minReadySeconds ?? 0;
  const monotonic = (set.spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const rolling = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const partition = rolling ? (set.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
  const claimByName = new Map(claims.map((c) => [c.metadata.name!, c]));
  let wakeAt: number | undefined;
  const wake = (at: number | undefined) => {
    if (at !== undefined && at > nowMs) wakeAt = wakeAt === undefined ? at : Math.min(wakeAt, at);
  };
  const isAvailable = (p: Pod) => {
    if (!isRunningAndReady(p)) return false;
    if (minReady === 0) return true;
    const at = podAvailableAt(p, minReady);
    if (at !== undefined && at < nowMs) return true;
    wake(at === undefined ? undefined : at + 1);
    return false;
  };
  const isHealthy = (p: Pod) => isRunningAndReady(p) && !isTerminating(p) && isAvailable(p);

  // Members by ordinal: in range (replicas[]) or condemned.
  const replicas: Array<Pod | undefined> = Array.from({ length: replicaCount }, () => undefined);
  const condemned: Array<{ pod: Pod; ordinal: number }> = [];
  for (const p of pods) {
    const ordinal = podOrdinal(set, p);
    if (ordinal === undefined) continue;
    if (ordinal >= start && ordinal < start + replicaCount) {
      const i = ordinal - start;
      const prev = replicas[i];
      if (!prev || (isTerminating(prev) && !isTerminating(p))) replicas[i] = p;
    } else condemned.push({ pod: p, ordinal });
  }
  condemned.sort((a, b) => a.ordinal - b.ordinal);

  // Status from what exists now (computeReplicaStatus).
  const status: NonNullable<StatefulSet['status']> = {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: revisions.current.name,
    updateRevision: revisions.update.name,
    collisionCount: set.status?.collisionCount ?? 0,
  };
  for (const p of pods) {
    if (podOrdinal(set, p) === undefined) continue;
    status.replicas!++;
    if (isRunningAndReady(p)) {
      status.readyReplicas!++;
      if (isAvailable(p)) status.availableReplicas!++;
    }
    if (!isTerminating(p)) {
      if (revisionOf(p) === revisions.current.name) status.currentReplicas!++;
      if (revisionOf(p) === revisions.update.name) status.updatedReplicas!++;
    }
  }
  if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  if (set.status?.conditions) status.conditions = set.status.conditions;

  const actions: StatefulSetAction[] = [];
  const done = (): StatefulSetSyncPlan => ({
    actions,
    status,
    ...(wakeAt !== undefined ? { requeueAfterMs: Math.max(1, wakeAt - nowMs) } : {}),
  });
  if (set.metadata.deletionTimestamp) return done();

  // Claim retention owner references (claims of existing ordinals only).
  for (const p of pods) {
    const ordinal = podOrdinal(set, p);
    if (ordinal === undefined || isTerminating(p)) continue;
    const isCondemned = ordinal < start || ordinal >= start + replicaCount;
    for (const want of claimsFor(set, ordinal)) {
      const claim = claimByName.get(want.metadata.name!);
      if (!claim || claim.metadata.deletionTimestamp) continue;
      const refs = claimOwnerRefs(set, claim, p, isCondemned);
      if (canonicalJson(refs) !== canonicalJson(claim.metadata.ownerReferences ?? []))
        actions.push({ type: 'setClaimOwners', claim, ownerReferences: refs });
    }
  }

  const templateFor = (ordinal: number) =>
    rolling && ordinal < start + partition
      ? { revision: revisions.current.name, template: revisions.current.template }
      : { revision: revisions.update.name, template: revisions.update.template };

  // Replicas in range, ascending.
  for (let i = 0; i < replicaCount; i++) {
    const ordinal = start + i;
    const pod = replicas[i];
    if (pod && isTerminal(pod)) {
      if (!isTerminating(pod)) actions.push({ type: 'deletePod', pod });
      if (monotonic) return done();
      continue;
    }
    if (!pod) {
      let blocked = false;
      for (const want of claimsFor(set, ordinal)) {
        const have = claimByName.get(want.metadata.name!);
        if (!have) actions.push({ type: 'createClaim', claim: want, podName: statefulPodName(set, ordinal) });
        else if (have.metadata.deletionTimestamp) blocked = true;
      }
      if (blocked) {
        if (monotonic) return done();
        continue;
      }
      const { revision, template } = templateFor(ordinal);
      actions.push({ type: 'createPod', pod: statefulPod(set, template, ordinal, revision) });
      if (monotonic) return done();
      continue;
    }
    if (pod.status?.phase === 'Pending' || !pod.status?.phase) {
      for (const want of claimsFor(set, ordinal))
        if (!claimByName.has(want.metadata.name!))
          actions.push({ type: 'createClaim', claim: want, podName: statefulPodName(set, ordinal) });
    }
    if (isTerminating(pod) && monotonic) return done();
    if (!isRunningAndReady(pod) && monotonic) return done();
    if (!isAvailable(pod) && monotonic) return done();
    const labels = isTerminating(pod) ? undefined : identityPatch(set, pod, ordinal);
    if (labels) actions.push({ type: 'labelPod', pod, labels });
  }

  // Condemned pods, highest ordinal first.
  const firstUnhealthy =
    replicas.find((p) => !p || !isHealthy(p)) ?? [...condemned].reverse().find((c) => !isHealthy(c.pod))?.pod;
  for (let k = condemned.length - 1; k >= 0; k--) {
    const pod = condemned[k]!.pod;
    if (isTerminating(pod)) {
      if (monotonic) return done();
      continue;
    }
    if (monotonic && !isHealthy(pod) && pod !== firstUnhealthy) return done();
    actions.push({ type: 'deletePod', pod });
    if (monotonic) return done();
  }

  if (!rolling) return done();

  // RollingUpdate: highest ordinal first.
  const deleting = new Set(actions.filter((a) => a.type === 'deletePod').map((a) => a.pod));
  const configured = set.spec.updateStrategy?.rollingUpdate?.maxUnavailable;
  if (configured === undefined) {
    // One pod at a time: delete the highest out-of-date pod, or wait for an unhealthy one.
    for (let i = replicaCount - 1; i >= partition; i--) {
      const pod = replicas[i];
      if (!pod || deleting.has(pod)) return done();
      if (revisionOf(pod) !== revisions.update.name && !isTerminating(pod)) {
        actions.push({ type: 'deletePod', pod });
        return done();
      }
      if (!isHealthy(pod)) return done();
    }
    return done();
  }
  // maxUnavailable (updateStatefulSetAfterInvariantEstablished): replicas that are missing or
  // unhealthy count as unavailable; up to the remaining budget of out-of-date pods are deleted.
  const maxUnavailable = Math.max(1, scaledValue(configured, replicaCount, true));
  let unavailable = 0;
  for (const p of replicas) if (!p || !isHealthy(p) || deleting.has(p)) unavailable++;
  let budget = maxUnavailable - unavailable;
  for (let i = replicaCount - 1; i >= partition && budget > 0; i--) {
    const pod = replicas[i];
    if (!pod || isTerminating(pod) || deleting.has(pod)) continue;
    if (revisionOf(pod) !== revisions.update.name) {
      actions.push({ type: 'deletePod', pod });
      budget--;
    }
  }
  return done();
}
