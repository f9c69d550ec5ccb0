import { parseQuantity } from '../../sdk/api/validation/quantity.js';
import type { PodV1 } from './pod-types.js';

/** The pod's QoS class (Kubernetes' GetPodQOS): Guaranteed, Burstable or BestEffort. */
export function qosClass(pod: PodV1): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    for (const r of ['cpu', 'memory']) {
      const req = requests[r];
      const lim = limits[r];
      if (req !== undefined && (parseQuantity(req)?.value ?? 0) > 0) any = true;
      if (lim !== undefined && (parseQuantity(lim)?.value ?? 0) > 0) any = true;
      if (lim === undefined || req === undefined || parseQuantity(req)?.value !== parseQuantity(lim)?.value)
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
