import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';

const nameSuffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix the apiserver appends to `generateName`. */
export function generateNameSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += nameSuffixAlphabet[Math.floor(Math.random() * nameSuffixAlphabet.length)];
  return s;
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `apps/v1` or `v1`. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Drops empty metadata maps and lists, which Go's `omitempty` never serialises. */
export function dropEmptyMetadata(obj: KubeObject): void {
  const m = obj.metadata as Record<string, unknown>;
  for (const k of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields']) {
    const v = m[k];
    if (
      v === null ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
    ) {
      delete m[k];
    }
  }
}

/**
 * Prepares a new object as the apiserver's BeforeCreate does: system fields set, user attempts
 * at them discarded, status dropped for kinds with a status subresource.
 */
export function prepareForCreate(type: ResourceType, obj: KubeObject, now: Date): void {
  const m = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.resourceVersion;
  delete m.selfLink;
  if (type.tracksGeneration) m.generation = 1;
  else delete m.generation;
  if (type.statusSubresource) delete obj.status;
  dropEmptyMetadata(obj);
  obj.apiVersion = apiVersionOf(type);
  obj.kind = type.kind;
}

/**
 * Prepares an update: system fields come from the stored object, status is kept from it for
 * kinds with a status subresource, and generation is bumped when anything but metadata and
 * status changed.
 */
export function prepareForUpdate(type: ResourceType, obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (type.statusSubresource) {
    if (old.status !== undefined) obj.status = old.status;
    else delete obj.status;
  }
  if (type.tracksGeneration) {
    m.generation = (o.generation ?? 1) + (specChanged(obj, old) ? 1 : 0);
  } else if (o.generation !== undefined) m.generation = o.generation;
  dropEmptyMetadata(obj);
  obj.apiVersion = apiVersionOf(type);
  obj.kind = type.kind;
}

/**
 * Prepares a write to the `status` subresource: everything but status (and the annotations and
 * labels kubelets and controllers may not change there) comes from the stored object.
 */
export function prepareForStatusUpdate(type: ResourceType, obj: KubeObject, old: KubeObject): KubeObject {
  const next: KubeObject = structuredClone(old);
  if (obj.status !== undefined) next.status = obj.status;
  else delete next.status;
  next.metadata.resourceVersion = obj.metadata.resourceVersion;
  next.metadata.managedFields = obj.metadata.managedFields;
  next.apiVersion = apiVersionOf(type);
  next.kind = type.kind;
  return next;
}

/** True when a field other than metadata and status differs. */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(a[k], b[k])) return true;
  }
  return false;
}

/** True when the two objects are equal apart from resourceVersion and managedFields timestamps. */
export function semanticallyEqual(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields, ...meta } = o.metadata;
    return {
      ...o,
      metadata: { ...meta, managedFields: managedFields?.map(({ time: _t, ...rest }) => rest) },
    };
  };
  return deepEqual(strip(a), strip(b));
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}
