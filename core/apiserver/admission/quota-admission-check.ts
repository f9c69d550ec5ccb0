import type { KubeObject } from '../../../sdk/api/kube-object.js';
import {
  computeUsage,
  objectUsage,
  quotaMatches,
  restrictedResources,
  type QuotaResource,
  type ResourceQuota,
} from '../../../sdk/api/quota/quota-usage.js';
import {
  addUsage,
  compareResourceQuantities,
  formatResourceList,
  maskUsage,
  parseResourceList,
  prettyPrintUsage,
  subtractUsage,
} from '../../../sdk/api/quota/resource-quantity.js';

/** What the quota check decides for one request. */
export type QuotaCheck =
  | { allowed: false; message: string }
  /** Allowed; `charge` holds the quotas with their new status.used (empty when nothing is charged). */
  | { allowed: true; charge: ResourceQuota[] };

/** The resources whose quota makes every container declare them (the pod evaluator's validationSet). */
const mustDeclare = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

type Container = { name?: string; resources?: { requests?: unknown; limits?: unknown } };

/** podEvaluator.Constraints: `must specify limits.cpu for: a,b; requests.memory for: a`, or undefined. */
export function podConstraintsMessage(pod: KubeObject, restricted: string[]): string | undefined {
  const required = restricted.filter((r) => mustDeclare.has(r));
  if (required.length === 0) return undefined;
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const missing = new Map<string, Set<string>>();
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const has = computeUsage(parseResourceList(c.resources?.requests), parseResourceList(c.resources?.limits));
    for (const r of required) {
      if (has.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(c.name ?? '');
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** Which operations charge quota for a resource (the evaluators' Handles). */
export function quotaHandles(r: QuotaResource, op: 'CREATE' | 'UPDATE'): boolean {
  if (op === 'CREATE') return true;
  return r.group === '' && (r.plural === 'persistentvolumeclaims' || r.plural === 'services');
}

/**
 * The ResourceQuota admission decision (checkRequest): the usage the request adds (on update,
 * the increase over the old object), checked against every quota of the namespace that matches
 * the object and tracks any of its resources in status.hard. A pod must declare the compute
 * resources such a quota covers; a quota without usage for them is refused as unknown; usage over
 * hard is refused with the exceeded, used and limited amounts. When allowed, the quotas to charge
 * carry their new status.used.
 */
export function checkQuotas(
  resource: QuotaResource,
  op: 'CREATE' | 'UPDATE',
  obj: KubeObject,
  old: KubeObject | undefined,
  quotas: ResourceQuota[],
  nowMs: number,
): QuotaCheck {
  if (!quotaHandles(resource, op)) return { allowed: true, charge: [] };
  let delta = objectUsage(resource, obj, nowMs);
  if (op === 'UPDATE' && old) {
    const prev = objectUsage(resource, old, nowMs);
    delta = new Map([...subtractUsage(delta, prev)].filter(([, v]) => v.nano > 0n));
  }
  if ([...delta.values()].every((v) => v.nano === 0n)) return { allowed: true, charge: [] };
  const charge: ResourceQuota[] = [];
  for (const quota of [...quotas].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    if (!quotaMatches(quota, resource, obj)) continue;
    const hard = parseResourceList(quota.status?.hard);
    const restricted = restrictedResources(quota, resource, hard.keys());
    if (restricted.length === 0) continue;
    const name = quota.metadata.name ?? '';
    if (resource.group === '' && resource.plural === 'pods' && op === 'CREATE') {
      const missing = podConstraintsMessage(obj, restricted);
      if (missing) return { allowed: false, message: `failed quota: ${name}: ${missing}` };
    }
    const used = parseResourceList(quota.status?.used);
    const unknown = restricted.filter((r) => !used.has(r)).sort();
    if (unknown.length > 0)
      return { allowed: false, message: `status unknown for quota: ${name}, resources: ${unknown.join(',')}` };
    const requested = maskUsage(delta, restricted);
    if (requested.size === 0) continue;
    const newUsed = addUsage(used, requested);
    const exceeded = [...requested.keys()].filter((k) => compareResourceQuantities(newUsed.get(k)!, hard.get(k)!) > 0);
    if (exceeded.length > 0) {
      return {
        allowed: false,
        message:
          `exceeded quota: ${name}, requested: ${prettyPrintUsage(maskUsage(requested, exceeded))}, ` +
          `used: ${prettyPrintUsage(maskUsage(used, exceeded))}, limited: ${prettyPrintUsage(maskUsage(hard, exceeded))}`,
      };
    }
    charge.push({ ...quota, status: { ...(quota.status ?? {}), used: formatResourceList(newUsed) } });
  }
  return { allowed: true, charge };
}
