import type { KubeObject, OwnerReference } from '../api/kube-object.js';

/** Thrown by setControllerReference when another controller already owns the object. */
export class AlreadyOwnedError extends Error {
  constructor(
    readonly object: KubeObject,
    readonly owner: OwnerReference,
  ) {
    super(
      `Object ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} is already owned by another ${owner.kind} controller ${owner.name}`,
    );
    this.name = 'AlreadyOwnedError';
  }
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** An ownerReference naming `owner` (which needs apiVersion, kind, name and uid). */
export function ownerReference(
  owner: KubeObject,
  options: { controller?: boolean; blockOwnerDeletion?: boolean } = {},
): OwnerReference {
  const { apiVersion, kind } = owner;
  const { name, uid } = owner.metadata;
  if (!apiVersion || !kind || !name || !uid)
    throw new TypeError('owner needs apiVersion, kind, metadata.name and metadata.uid');
  const ref: OwnerReference = { apiVersion, kind, name, uid };
  if (options.controller !== undefined) ref.controller = options.controller;
  if (options.blockOwnerDeletion !== undefined) ref.blockOwnerDeletion = options.blockOwnerDeletion;
  return ref;
}

/** Whether a reference points at the same object (same group, kind and name; uid when both have one). */
function refersTo(ref: OwnerReference, other: OwnerReference): boolean {
  return (
    groupOf(ref.apiVersion) === groupOf(other.apiVersion) &&
    ref.kind === other.kind &&
    ref.name === other.name &&
    (!ref.uid || !other.uid || ref.uid === other.uid)
  );
}

/** The controller ownerReference of an object, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** Whether `obj` has an ownerReference to `owner` (by uid). */
export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

/**
 * Makes `owner` the controller of `obj` (controller: true, blockOwnerDeletion: true), as
 * controller-runtime's SetControllerReference: replaces an existing reference to the same owner,
 * throws AlreadyOwnedError when another object is the controller. Mutates and returns `obj`.
 */
export function setControllerReference<T extends KubeObject>(owner: KubeObject, obj: T): T {
  const ref = ownerReference(owner, { controller: true, blockOwnerDeletion: true });
  const existing = getControllerOf(obj);
  if (existing && !refersTo(existing, ref)) throw new AlreadyOwnedError(obj, existing);
  return upsert(obj, ref);
}

/** Adds (or refreshes) a non-controller ownerReference to `owner`. Mutates and returns `obj`. */
export function setOwnerReference<T extends KubeObject>(owner: KubeObject, obj: T): T {
  return upsert(obj, ownerReference(owner));
}

/** Removes every ownerReference to `owner`. Returns whether one was removed. */
export function removeOwnerReference(owner: KubeObject, obj: KubeObject): boolean {
  const refs = obj.metadata.ownerReferences ?? [];
  const kept = refs.filter((r) => r.uid !== owner.metadata.uid);
  if (kept.length === refs.length) return false;
  obj.metadata.ownerReferences = kept;
  return true;
}

function upsert<T extends KubeObject>(obj: T, ref: OwnerReference): T {
  const refs = [...(obj.metadata.ownerReferences ?? [])];
  const i = refs.findIndex((r) => refersTo(r, ref));
  if (i >= 0) refs[i] = ref;
  else refs.push(ref);
  obj.metadata.ownerReferences = refs;
  return obj;
}
