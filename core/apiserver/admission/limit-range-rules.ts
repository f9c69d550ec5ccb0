import type { KubeObject } from '../../../sdk/api/kube-object.js';
import {
  addQuantities,
  compareResourceQuantities,
  formatResourceQuantity,
  parseResourceList,
  parseResourceQuantity,
  quantityToNumber,
  zeroQuantity,
  type ResourceQuantity,
  type UsageList,
} from '../../../sdk/api/quota/resource-quantity.js';

/** core/v1 LimitRangeItem. */
export interface LimitRangeItem {
  type: 'Container' | 'Pod' | 'PersistentVolumeClaim' | string;
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

/** core/v1 LimitRange. */
export interface LimitRange extends KubeObject {
  spec?: { limits?: LimitRangeItem[] };
}

/** The annotation naming what the LimitRanger defaulted. */
export const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

interface Container {
  name: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

const sortedEntries = (r: Record<string, string> | undefined) =>
  Object.entries(r ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** SetDefaults_LimitRangeItem for Container items: default from max, defaultRequest from default then min. */
export function defaultedItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const def = { ...(item.max ?? {}), ...(item.default ?? {}) };
  const defReq = { ...(item.min ?? {}), ...def, ...(item.defaultRequest ?? {}) };
  return { ...item, default: def, defaultRequest: defReq };
}

function containersOf(pod: KubeObject): Array<{ c: Container; prefix: string }> {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  return [
    ...(spec.initContainers ?? []).map((c) => ({ c, prefix: 'init container' })),
    ...(spec.containers ?? []).map((c) => ({ c, prefix: 'container' })),
  ];
}

/**
 * The LimitRanger's mutation of a new pod (PodMutateLimitFunc): for every container, each
 * resource of the Container items' `default` missing from its limits and of `defaultRequest`
 * missing from its requests is set; the `kubernetes.io/limit-ranger` annotation says what was
 * set. Ranges apply in order, the first to set a value wins.
 */
export function applyLimitRangeDefaults(pod: KubeObject, ranges: LimitRange[]): void {
  for (const range of ranges) {
    const limits: Record<string, string> = {};
    const requests: Record<string, string> = {};
    for (const raw of range.spec?.limits ?? []) {
      const item = defaultedItem(raw);
      if (item.type !== 'Container') continue;
      Object.assign(requests, item.defaultRequest ?? {});
      Object.assign(limits, item.default ?? {});
    }
    if (Object.keys(limits).length === 0 && Object.keys(requests).length === 0) continue;
    const notes: string[] = [];
    // Regular containers first, then init containers, as mergeContainerResources is called.
    const all = containersOf(pod);
    const ordered = [...all.filter((x) => x.prefix === 'container'), ...all.filter((x) => x.prefix !== 'container')];
    for (const { c, prefix } of ordered) {
      const res = (c.resources ??= {});
      const lim = (res.limits ??= {});
      const req = (res.requests ??= {});
      const setLimits: string[] = [];
      const setRequests: string[] = [];
      for (const [k, v] of Object.entries(limits)) {
        if (lim[k] === undefined) {
          lim[k] = v;
          setLimits.push(k);
        }
      }
      for (const [k, v] of Object.entries(requests)) {
        if (req[k] === undefined) {
          req[k] = v;
          setRequests.push(k);
        }
      }
      if (Object.keys(lim).length === 0) delete res.limits;
      if (Object.keys(req).length === 0) delete res.requests;
      if (setRequests.length > 0) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
      if (setLimits.length > 0) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
    }
    if (notes.length > 0) {
      pod.metadata.annotations = {
        ...(pod.metadata.annotations ?? {}),
        [limitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}`,
      };
    }
  }
}

const str = (q: ResourceQuantity) => formatResourceQuantity(q);

function minConstraint(type: string, name: string, enforcedText: string, req: UsageList, lim: UsageList): string[] {
  const enforced = parseResourceQuantity(enforcedText);
  if (!enforced) return [];
  const r = req.get(name);
  const l = lim.get(name);
  if (!r) return [`minimum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`];
  if (compareResourceQuantities(r, enforced) < 0)
    return [`minimum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(r)}`];
  if (l && compareResourceQuantities(l, enforced) < 0)
    return [`minimum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(l)}`];
  return [];
}

function maxConstraint(type: string, name: string, enforcedText: string, req: UsageList, lim: UsageList): string[] {
  const enforced = parseResourceQuantity(enforcedText);
  if (!enforced) return [];
  const r = req.get(name);
  const l = lim.get(name);
  if (!l) return [`maximum ${name} usage per ${type} is ${str(enforced)}.  No limit is specified`];
  if (compareResourceQuantities(l, enforced) > 0)
    return [`maximum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(l)}`];
  if (r && compareResourceQuantities(r, enforced) > 0)
    return [`maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(r)}`];
  return [];
}

function maxRequestConstraint(type: string, name: string, enforcedText: string, req: UsageList): string[] {
  const enforced = parseResourceQuantity(enforcedText);
  if (!enforced) return [];
  const r = req.get(name);
  if (!r) return [`maximum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`];
  if (compareResourceQuantities(r, enforced) > 0)
    return [`maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(r)}`];
  return [];
}

function ratioConstraint(type: string, name: string, enforcedText: string, req: UsageList, lim: UsageList): string[] {
  const enforced = parseResourceQuantity(enforcedText);
  if (!enforced) return [];
  const r = req.get(name);
  const l = lim.get(name);
  const e = str(enforced);
  if (!r || r.nano === 0n)
    return [`${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`];
  if (!l || l.nano === 0n)
    return [`${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`];
  const ratio = quantityToNumber(l) / quantityToNumber(r);
  if (ratio > quantityToNumber(enforced))
    return [`${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${ratio.toFixed(6)}`];
  return [];
}

function sumLists(lists: UsageList[]): UsageList {
  const out: UsageList = new Map();
  for (const l of lists) for (const [k, v] of l) out.set(k, addQuantities(out.get(k) ?? zeroQuantity, v));
  return out;
}

function maxInto(total: UsageList, other: UsageList): void {
  for (const [k, v] of other) if (compareResourceQuantities(v, total.get(k) ?? zeroQuantity) > 0) total.set(k, v);
}

/**
 * PodValidateLimitFunc: the errors of a pod against one range's Container items (per container:
 * min, max, maxLimitRequestRatio) and Pod items (the pod's summed requests and limits, at least
 * any init container's).
 */
export function validatePodLimits(pod: KubeObject, range: LimitRange): string[] {
  const errors: string[] = [];
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const reqOf = (c: Container) => parseResourceList(c.resources?.requests);
  const limOf = (c: Container) => parseResourceList(c.resources?.limits);
  for (const raw of range.spec?.limits ?? []) {
    const item = defaultedItem(raw);
    if (item.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        const req = reqOf(c);
        const lim = limOf(c);
        for (const [k, v] of sortedEntries(item.min)) errors.push(...minConstraint('Container', k, v, req, lim));
        for (const [k, v] of sortedEntries(item.max)) errors.push(...maxConstraint('Container', k, v, req, lim));
        for (const [k, v] of sortedEntries(item.maxLimitRequestRatio))
          errors.push(...ratioConstraint('Container', k, v, req, lim));
      }
    } else if (item.type === 'Pod') {
      const req = sumLists((spec.containers ?? []).map(reqOf));
      const lim = sumLists((spec.containers ?? []).map(limOf));
      for (const c of spec.initContainers ?? []) {
        maxInto(req, reqOf(c));
        maxInto(lim, limOf(c));
      }
      for (const [k, v] of sortedEntries(item.min)) errors.push(...minConstraint('Pod', k, v, req, lim));
      for (const [k, v] of sortedEntries(item.max)) errors.push(...maxConstraint('Pod', k, v, req, lim));
      for (const [k, v] of sortedEntries(item.maxLimitRequestRatio))
        errors.push(...ratioConstraint('Pod', k, v, req, lim));
    }
  }
  return errors;
}

/** PersistentVolumeClaimValidateLimitFunc: a claim's storage request against min and max. */
export function validateClaimLimits(pvc: KubeObject, range: LimitRange): string[] {
  const errors: string[] = [];
  const req = parseResourceList(
    ((pvc.spec ?? {}) as { resources?: { requests?: Record<string, unknown> } }).resources?.requests,
  );
  for (const item of range.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of sortedEntries(item.min))
      errors.push(...minConstraint('PersistentVolumeClaim', k, v, req, new Map()));
    for (const [k, v] of sortedEntries(item.max))
      errors.push(...maxRequestConstraint('PersistentVolumeClaim', k, v, req));
  }
  return errors;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several as `[a, b]`. */
export function aggregateMessage(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}
