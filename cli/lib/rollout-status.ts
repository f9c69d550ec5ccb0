import type { KubeObject } from '../../sdk/api/kube-object.js';

/** One step of `rollout status`: the message to print, whether the rollout is done, or an error. */
export interface RolloutStatus {
  message: string;
  done: boolean;
  /** Set when the rollout cannot finish (progress deadline exceeded, unsupported strategy). */
  error?: string;
}

interface Condition {
  type?: string;
  reason?: string;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/**
 * kubectl's status viewers (Kubernetes 1.32 `polymorphichelpers/rollout_status.go`): the message
 * for the current state of a Deployment, DaemonSet or StatefulSet, and whether it is rolled out.
 */
export function rolloutStatus(obj: KubeObject): RolloutStatus {
  const name = obj.metadata.name ?? '';
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const generation = num(obj.metadata.generation);
  const observed = num(status.observedGeneration);
  switch (obj.kind) {
    case 'Deployment': {
      if (generation <= observed) {
        const progressing = ((status.conditions ?? []) as Condition[]).find((c) => c.type === 'Progressing');
        if (progressing?.reason === 'ProgressDeadlineExceeded')
          return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
        const updated = num(status.updatedReplicas);
        if (spec.replicas !== undefined && updated < num(spec.replicas))
          return {
            message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${num(spec.replicas)} new replicas have been updated...`,
            done: false,
          };
        if (num(status.replicas) > updated)
          return {
            message: `Waiting for deployment "${name}" rollout to finish: ${num(status.replicas) - updated} old replicas are pending termination...`,
            done: false,
          };
        if (num(status.availableReplicas) < updated)
          return {
            message: `Waiting for deployment "${name}" rollout to finish: ${num(status.availableReplicas)} of ${updated} updated replicas are available...`,
            done: false,
          };
        return { message: `deployment "${name}" successfully rolled out`, done: true };
      }
      return { message: 'Waiting for deployment spec update to be observed...', done: false };
    }
    case 'DaemonSet': {
      const strategy = (spec.updateStrategy ?? {}) as { type?: string };
      if (strategy.type && strategy.type !== 'RollingUpdate')
        return { message: '', done: false, error: 'rollout status is only available for RollingUpdate strategy type' };
      if (generation <= observed) {
        const desired = num(status.desiredNumberScheduled);
        const updated = num(status.updatedNumberScheduled);
        if (updated < desired)
          return {
            message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
            done: false,
          };
        const available = num(status.numberAvailable);
        if (available < desired)
          return {
            message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
            done: false,
          };
        return { message: `daemon set "${name}" successfully rolled out`, done: true };
      }
      return { message: 'Waiting for daemon set spec update to be observed...', done: false };
    }
    case 'StatefulSet': {
      const strategy = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number } };
      if (strategy.type && strategy.type !== 'RollingUpdate')
        return { message: '', done: false, error: 'rollout status is only available for RollingUpdate strategy type' };
      if (observed === 0 || generation > observed)
        return { message: 'Waiting for statefulset spec update to be observed...', done: false };
      if (spec.replicas !== undefined && num(status.readyReplicas) < num(spec.replicas))
        return {
          message: `Waiting for ${num(spec.replicas) - num(status.readyReplicas)} pods to be ready...`,
          done: false,
        };
      const partition = strategy.rollingUpdate?.partition;
      if (
        strategy.type === 'RollingUpdate' &&
        partition !== undefined &&
        spec.replicas !== undefined &&
        partition > 0
      ) {
        const target = num(spec.replicas) - partition;
        if (num(status.updatedReplicas) < target)
          return {
            message: `Waiting for partitioned roll out to finish: ${num(status.updatedReplicas)} out of ${target} new pods have been updated...`,
            done: false,
          };
        return {
          message: `partitioned roll out complete: ${num(status.updatedReplicas)} new pods have been updated...`,
          done: true,
        };
      }
      if (status.updateRevision !== status.currentRevision)
        return {
          message: `waiting for statefulset rolling update to complete ${num(status.updatedReplicas)} pods at revision ${String(status.updateRevision)}...`,
          done: false,
        };
      return {
        message: `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${String(status.currentRevision)}...`,
        done: true,
      };
    }
    default:
      return { message: '', done: false, error: `no status viewer has been implemented for ${obj.kind}` };
  }
}

/** The revision annotation of ReplicaSets and Deployments. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** The change-cause annotation `rollout history` shows. */
export const changeCauseAnnotation = 'kubernetes.io/change-cause';

/** The ReplicaSets a Deployment controls (controller owner reference with its uid), by revision. */
export function ownedRevisions(deployment: KubeObject, replicaSets: KubeObject[]): Map<number, KubeObject> {
  const out = new Map<number, KubeObject>();
  for (const rs of replicaSets) {
    const owned = (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === deployment.metadata.uid);
    if (!owned) continue;
    const rev = Number(rs.metadata.annotations?.[revisionAnnotation]);
    if (Number.isInteger(rev) && rev > 0) out.set(rev, rs);
  }
  return out;
}

/** The label selector of a Deployment as a string (`a=b,c in (d)`). */
export function selectorString(selector: unknown): string {
  const s = (selector ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
