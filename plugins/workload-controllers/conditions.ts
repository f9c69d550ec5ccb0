import type { WorkloadCondition } from './workload-types.js';

/** The condition of `type`, if present. */
export function findCondition(
  conditions: WorkloadCondition[] | undefined,
  type: string,
): WorkloadCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The conditions without those of `type`. */
export function withoutCondition(conditions: WorkloadCondition[] | undefined, type: string): WorkloadCondition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/**
 * deploymentutil.SetDeploymentCondition and its ReplicaSet/DaemonSet twins: nothing changes when
 * a condition of the same type, status and reason exists; a same-status condition keeps its
 * lastTransitionTime; the new condition goes to the end of the list.
 */
export function setCondition(
  conditions: WorkloadCondition[] | undefined,
  condition: WorkloadCondition,
): WorkloadCondition[] {
  const current = findCondition(conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason)
    return [...(conditions ?? [])];
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  return [...withoutCondition(conditions, condition.type), next];
}
