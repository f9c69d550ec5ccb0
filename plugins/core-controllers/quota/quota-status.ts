import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { quotaUsage, type QuotaResource, type ResourceQuota } from '../../../sdk/api/quota/quota-usage.js';
import { formatResourceList, parseResourceList } from '../../../sdk/api/quota/resource-quantity.js';

/** status.hard of a quota: spec.hard in canonical form (`1000m` becomes `1`). */
export function canonicalHard(quota: ResourceQuota): Record<string, string> {
  return formatResourceList(parseResourceList(quota.spec?.hard));
}

/**
 * The status the controller writes: hard from the spec, and used for every hard resource, summed
 * over the objects given (each resource's objects of the quota's namespace).
 */
export function quotaStatus(
  quota: ResourceQuota,
  objects: Array<{ resource: QuotaResource; items: KubeObject[] }>,
  nowMs: number,
): { hard: Record<string, string>; used: Record<string, string> } {
  const hard = canonicalHard(quota);
  return { hard, used: formatResourceList(quotaUsage(quota, Object.keys(hard), objects, nowMs)) };
}
