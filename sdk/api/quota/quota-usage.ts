import type { KubeObject } from '../kube-object.js';
import { computeQosClass } from '../validation/index.js';
import {
  addQuantities,
  compareResourceQuantities,
  countQuantity,
  parseResourceList,
  parseResourceQuantity,
  zeroQuantity,
  type ResourceQuantity,
  type UsageList,
} from './resource-quantity.js';

/** The resource a quota counts objects of: group and plural. */
export interface QuotaResource {
  readonly group: string;
  readonly plural: string;
}

/** core/v1 ResourceQuota (what accounting reads and writes). */
export interface ResourceQuota extends KubeObject {
  spec?: {
    hard?: Record<string, string>;
    scopes?: string[];
    scopeSelector?: { matchExpressions?: ScopedResourceSelectorRequirement[] };
  };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** core/v1 ScopedResourceSelectorRequirement. */
export interface ScopedResourceSelectorRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

/** `count/<plural>` for the core group, `count/<plural>.<group>` otherwise. */
export function objectCountName(r: QuotaResource): string {
  return r.group ? `count/${r.plural}.${r.group}` : `count/${r.plural}`;
}

const legacyCounts: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const isPods = (r: QuotaResource) => r.group === '' && r.plural === 'pods';
const isPvcs = (r: QuotaResource) => r.group === '' && r.plural === 'persistentvolumeclaims';
const isServices = (r: QuotaResource) => r.group === '' && r.plural === 'services';

const computePrefixes = ['requests.', 'limits.'];
const podComputeNames = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** True when the quota resource name is one the evaluator of `r` tracks (MatchingResources). */
export function tracksResource(r: QuotaResource, name: string): boolean {
  if (name === objectCountName(r)) return true;
  if (r.group === '' && legacyCounts[r.plural] === name) return true;
  if (isPods(r)) {
    if (podComputeNames.has(name) || name.startsWith('hugepages-')) return true;
    return computePrefixes.some((p) => name.startsWith(p)) && name !== 'requests.storage';
  }
  if (isServices(r)) return name === 'services.nodeports' || name === 'services.loadbalancers';
  if (isPvcs(r))
    return (
      name === 'requests.storage' ||
      /\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.test(name)
    );
  return false;
}

const isExtended = (name: string) =>
  name.includes('/') &&
  !name.startsWith('kubernetes.io/') &&
  !name.includes('.kubernetes.io/') &&
  !name.startsWith('requests.');

type Container = { name?: string; resources?: { requests?: unknown; limits?: unknown } };

function containersOf(spec: Record<string, unknown>, key: 'containers' | 'initContainers'): Container[] {
  const v = spec[key];
  return Array.isArray(v) ? (v as Container[]) : [];
}

/**
 * resourcehelper.PodRequests / PodLimits: the sum over containers, at least the largest init
 * container's value, plus the pod overhead.
 */
export function podResources(pod: KubeObject, which: 'requests' | 'limits'): UsageList {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const total: UsageList = new Map();
  for (const c of containersOf(spec, 'containers'))
    for (const [k, v] of parseResourceList(c.resources?.[which]))
      total.set(k, addQuantities(total.get(k) ?? zeroQuantity, v));
  for (const c of containersOf(spec, 'initContainers'))
    for (const [k, v] of parseResourceList(c.resources?.[which]))
      if (compareResourceQuantities(v, total.get(k) ?? zeroQuantity) > 0) total.set(k, v);
  for (const [k, v] of parseResourceList(spec.overhead))
    if (total.has(k) || which === 'requests') total.set(k, addQuantities(total.get(k) ?? zeroQuantity, v));
  return total;
}

/** podComputeUsageHelper: pods = 1 and the compute resources of the requests and limits given. */
export function computeUsage(requests: UsageList, limits: UsageList): UsageList {
  const out: UsageList = new Map([['pods', countQuantity(1)]]);
  for (const name of podComputeNames) {
    const r = requests.get(name);
    if (r) {
      out.set(name, r);
      out.set(`requests.${name}`, r);
    }
    const l = limits.get(name);
    if (l) out.set(`limits.${name}`, l);
  }
  for (const [name, r] of requests) {
    if (name.startsWith('hugepages-')) {
      out.set(name, r);
      out.set(`requests.${name}`, r);
    } else if (isExtended(name)) out.set(`requests.${name}`, r);
  }
  return out;
}

/** QuotaV1Pod: a pod counts unless it is Succeeded or Failed, or its deletion grace period is over. */
export function podCountsForQuota(pod: KubeObject, nowMs: number): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata.deletionTimestamp;
  if (deletion && pod.metadata.deletionGracePeriodSeconds !== undefined) {
    const at = Date.parse(deletion);
    if (!Number.isNaN(at) && nowMs > at) return false;
  }
  return true;
}

/**
 * The usage one object charges (the evaluators' Usage): the object count under its
 * `count/...` name and legacy name, and for pods their compute resources, for services their
 * node ports and load balancers, for claims their storage (also per storage class).
 */
export function objectUsage(r: QuotaResource, obj: KubeObject, nowMs: number): UsageList {
  const out: UsageList = new Map();
  if (isPods(r)) {
    if (!podCountsForQuota(obj, nowMs)) return out;
    for (const [k, v] of computeUsage(podResources(obj, 'requests'), podResources(obj, 'limits'))) out.set(k, v);
  }
  out.set(objectCountName(r), countQuantity(1));
  if (r.group === '' && legacyCounts[r.plural]) out.set(legacyCounts[r.plural]!, countQuantity(1));
  if (isServices(r)) {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: Array<{ nodePort?: number }> };
    const ports = (spec.ports ?? []).length;
    if (spec.type === 'LoadBalancer') out.set('services.loadbalancers', countQuantity(1));
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') out.set('services.nodeports', countQuantity(ports));
    else out.set('services.nodeports', countQuantity(0));
    if (spec.type !== 'LoadBalancer') out.set('services.loadbalancers', countQuantity(0));
  }
  if (isPvcs(r)) {
    const spec = (obj.spec ?? {}) as { storageClassName?: string; resources?: { requests?: Record<string, unknown> } };
    const storage = parseResourceQuantity(spec.resources?.requests?.storage);
    if (storage) out.set('requests.storage', storage);
    const sc = spec.storageClassName;
    if (sc) {
      out.set(`${sc}.storageclass.storage.k8s.io/persistentvolumeclaims`, countQuantity(1));
      if (storage) out.set(`${sc}.storageclass.storage.k8s.io/requests.storage`, storage);
    }
  }
  return out;
}

/** The scope selectors of a quota: `spec.scopes` as Exists requirements, then `spec.scopeSelector`. */
export function quotaScopeSelectors(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  return [
    ...(quota.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

function hasCrossNamespaceAffinity(pod: KubeObject): boolean {
  const affinity = ((pod.spec ?? {}) as { affinity?: Record<string, Record<string, unknown[]>> }).affinity ?? {};
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity[kind] ?? {};
    const terms = [
      ...((a.requiredDuringSchedulingIgnoredDuringExecution as Array<Record<string, unknown>>) ?? []),
      ...(
        (a.preferredDuringSchedulingIgnoredDuringExecution as Array<{ podAffinityTerm?: Record<string, unknown> }>) ??
        []
      ).map((w) => w.podAffinityTerm ?? {}),
    ];
    if (
      terms.some((t) => (Array.isArray(t.namespaces) && t.namespaces.length > 0) || t.namespaceSelector !== undefined)
    )
      return true;
  }
  return false;
}

/** podMatchesScopeFunc: whether a pod is inside one scope selector. */
export function podMatchesScope(pod: KubeObject, sel: ScopedResourceSelectorRequirement): boolean {
  const spec = (pod.spec ?? {}) as { activeDeadlineSeconds?: number; priorityClassName?: string };
  const terminating = spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
  switch (sel.scopeName) {
    case 'Terminating':
      return terminating;
    case 'NotTerminating':
      return !terminating;
    case 'BestEffort':
      return computeQosClass(pod.spec) === 'BestEffort';
    case 'NotBestEffort':
      return computeQosClass(pod.spec) !== 'BestEffort';
    case 'CrossNamespacePodAffinity':
      return hasCrossNamespaceAffinity(pod);
    case 'PriorityClass': {
      const pc = spec.priorityClassName ?? '';
      switch (sel.operator) {
        case 'Exists':
          return pc !== '';
        case 'DoesNotExist':
          return pc === '';
        case 'In':
          return (sel.values ?? []).includes(pc);
        case 'NotIn':
          return !(sel.values ?? []).includes(pc);
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

/**
 * Whether the quota applies to the object (the evaluator's Matches): an unscoped quota applies to
 * every object whose resources it names; a scoped one only to pods inside every scope.
 */
export function quotaMatches(quota: ResourceQuota, r: QuotaResource, obj: KubeObject): boolean {
  const selectors = quotaScopeSelectors(quota);
  if (selectors.length === 0) return true;
  if (!isPods(r)) return false;
  return selectors.every((s) => podMatchesScope(obj, s));
}

/**
 * The quota resources of `hard` that objects of `r` are charged for under this quota: the ones
 * its evaluator tracks; with a BestEffort scope only the pod counts (a best-effort pod asks for
 * no compute resources).
 */
export function restrictedResources(quota: ResourceQuota, r: QuotaResource, hard: Iterable<string>): string[] {
  const bestEffort = quotaScopeSelectors(quota).some((s) => s.scopeName === 'BestEffort');
  return [...hard].filter((n) => tracksResource(r, n) && (!bestEffort || n === 'pods' || n === objectCountName(r)));
}

/** The resources a quota's hard list needs objects of (for the controller's lists). */
export function resourcesForQuotaNames(names: Iterable<string>): QuotaResource[] {
  const out = new Map<string, QuotaResource>();
  const add = (group: string, plural: string) => out.set(`${plural}.${group}`, { group, plural });
  for (const n of names) {
    const count = /^count\/([^.]+)(?:\.(.+))?$/.exec(n);
    if (count) add(count[2] ?? '', count[1]!);
    else if (n === 'pods' || podComputeNames.has(n) || n.startsWith('hugepages-')) add('', 'pods');
    else if (n === 'requests.storage' || n.includes('.storageclass.storage.k8s.io/')) add('', 'persistentvolumeclaims');
    else if (n.startsWith('requests.') || n.startsWith('limits.')) add('', 'pods');
    else if (n === 'services' || n.startsWith('services.')) add('', 'services');
    else if (legacyCounts[n]) add('', n);
  }
  return [...out.values()];
}

/**
 * A quota's usage: for every resource named in `hard`, the sum over the objects that match the
 * quota (zero when none), from the objects of each resource.
 */
export function quotaUsage(
  quota: ResourceQuota,
  hard: Iterable<string>,
  objects: Array<{ resource: QuotaResource; items: KubeObject[] }>,
  nowMs: number,
): UsageList {
  const names = [...hard];
  const used: UsageList = new Map(names.map((n) => [n, zeroQuantity] as [string, ResourceQuantity]));
  for (const { resource, items } of objects) {
    const tracked = restrictedResources(quota, resource, names);
    if (tracked.length === 0) continue;
    for (const obj of items) {
      if (!quotaMatches(quota, resource, obj)) continue;
      const usage = objectUsage(resource, obj, nowMs);
      for (const n of tracked) {
        const v = usage.get(n);
        if (v) used.set(n, addQuantities(used.get(n)!, v));
      }
    }
  }
  return used;
}
