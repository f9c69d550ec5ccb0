import { isRecord } from './common.js';
import { parseQuantity } from './quantity.js';

/** A pod's quality-of-service class, as status.qosClass reports it. */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const qosResources = ['cpu', 'memory'];

/**
 * Computes a pod's QoS class from its containers' cpu and memory requests and limits (init
 * containers included), as the apiserver does when a pod is created.
 */
export function computeQosClass(spec: unknown): QosClass {
  if (!isRecord(spec)) return 'BestEffort';
  const containers = [
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.containers) ? spec.containers : []),
  ].filter(isRecord);
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of containers) {
    const res = isRecord(c.resources) ? c.resources : {};
    const req = isRecord(res.requests) ? res.requests : {};
    const lim = isRecord(res.limits) ? res.limits : {};
    const seenLimits = new Set<string>();
    for (const name of qosResources) {
      const r = parseQuantity(req[name]);
      if (r && r.value !== 0) requests.set(name, (requests.get(name) ?? 0) + r.value);
      const l = parseQuantity(lim[name]);
      if (l && l.value !== 0) {
        seenLimits.add(name);
        limits.set(name, (limits.get(name) ?? 0) + l.value);
      }
    }
    if (seenLimits.size !== qosResources.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, r] of requests) if (limits.get(name) !== r) guaranteed = false;
  }
  return guaranteed && limits.size === qosResources.length ? 'Guaranteed' : 'Burstable';
}
