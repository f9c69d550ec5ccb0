import type { Condition, KubeObject } from '../../../sdk/index.js';
import { setStatusCondition } from '../../../sdk/index.js';
import type { WebApp, WebAppStatus } from './generated/apps.capstan.dev/v1alpha1/index.js';
import { desiredReplicas, urlOf, webAppLabel } from './webapp-children.js';

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

/**
 * The WebApp's status from its Deployment: ready replicas, the pod selector, the URL, and the
 * conditions `Ready` (all desired replicas ready) and `Progressing` (a rollout or scaling is under
 * way), each with the generation it describes. Condition times only change with their status.
 */
export function computeStatus(app: WebApp, deployment: KubeObject | undefined, nowMs: number): WebAppStatus {
  const desired = desiredReplicas(app);
  const ds = (deployment?.status ?? {}) as DeploymentStatus;
  const ready = ds.readyReplicas ?? 0;
  const observed = deployment !== undefined && (ds.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0);
  const rolledOut = observed && (ds.updatedReplicas ?? 0) >= desired && (ds.replicas ?? 0) === desired;
  const allReady = rolledOut && ready >= desired;
  // Work on a copy that keeps the previous conditions, so transition times survive.
  const next: WebApp = {
    ...app,
    status: { conditions: structuredClone(app.status?.conditions ?? []) },
  };
  setStatusCondition(
    next,
    allReady
      ? { type: 'Ready', status: 'True', reason: 'AllReplicasReady', message: `${ready}/${desired} replicas ready` }
      : {
          type: 'Ready',
          status: 'False',
          reason: deployment ? 'ReplicasNotReady' : 'DeploymentMissing',
          message: `${ready}/${desired} replicas ready`,
        },
    nowMs,
  );
  setStatusCondition(
    next,
    rolledOut
      ? { type: 'Progressing', status: 'False', reason: 'RolloutComplete', message: 'the Deployment is up to date' }
      : {
          type: 'Progressing',
          status: 'True',
          reason: 'RollingOut',
          message: `${ds.updatedReplicas ?? 0}/${desired} replicas updated`,
        },
    nowMs,
  );
  return {
    observedGeneration: app.metadata.generation,
    readyReplicas: ready,
    selector: `${webAppLabel}=${app.metadata.name}`,
    url: urlOf(app),
    conditions: (next.status as WebAppStatus).conditions as Condition[] as WebAppStatus['conditions'],
  };
}

/** Whether two statuses differ in anything but key order. */
export function statusChanged(before: WebAppStatus | undefined, after: WebAppStatus): boolean {
  return JSON.stringify(normalize(before ?? {})) !== JSON.stringify(normalize(after));
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, normalize(x)]),
    );
  return v;
}
