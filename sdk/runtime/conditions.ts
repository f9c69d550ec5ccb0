import type { KubeObject } from '../api/kube-object.js';

/** A metav1.Condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  /** RFC 3339 time of the last status change. */
  lastTransitionTime?: string;
  observedGeneration?: number;
  reason: string;
  message?: string;
}

/** The time format of metav1.Time (RFC 3339, seconds). */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The condition of a type. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Whether the condition of a type has status True. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Sets a condition in a list as apimachinery's meta.SetStatusCondition does: a new type is added
 * with lastTransitionTime now (unless given); for an existing type, lastTransitionTime changes only
 * when the status changes, while reason, message and observedGeneration always follow the new
 * value. Returns whether anything changed.
 */
export function setCondition(conditions: Condition[], condition: Condition, nowMs: number = Date.now()): boolean {
  const existing = findCondition(conditions, condition.type);
  if (!existing) {
    conditions.push({ ...condition, lastTransitionTime: condition.lastTransitionTime ?? formatTime(nowMs) });
    return true;
  }
  let changed = false;
  if (existing.status !== condition.status) {
    existing.status = condition.status;
    existing.lastTransitionTime = condition.lastTransitionTime ?? formatTime(nowMs);
    changed = true;
  }
  if (existing.reason !== condition.reason) {
    existing.reason = condition.reason;
    changed = true;
  }
  if ((existing.message ?? '') !== (condition.message ?? '')) {
    existing.message = condition.message;
    changed = true;
  }
  if (existing.observedGeneration !== condition.observedGeneration) {
    existing.observedGeneration = condition.observedGeneration;
    changed = true;
  }
  return changed;
}

/** Removes the condition of a type; returns whether it was there. */
export function removeCondition(conditions: Condition[], type: string): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  if (i < 0) return false;
  conditions.splice(i, 1);
  return true;
}

/**
 * Sets a condition in `obj.status.conditions`, with observedGeneration from `obj.metadata.generation`
 * (unless the condition names one). Mutates `obj`; returns whether the status changed.
 */
export function setStatusCondition(
  obj: KubeObject,
  condition: Omit<Condition, 'lastTransitionTime' | 'observedGeneration'> & {
    observedGeneration?: number;
    lastTransitionTime?: string;
  },
  nowMs: number = Date.now(),
): boolean {
  const status = ((obj.status as Record<string, unknown> | undefined) ??= {}) as { conditions?: Condition[] };
  const conditions = (status.conditions ??= []);
  return setCondition(
    conditions,
    { ...condition, observedGeneration: condition.observedGeneration ?? obj.metadata.generation },
    nowMs,
  );
}
