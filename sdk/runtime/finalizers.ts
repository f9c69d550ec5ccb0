import type { KubeObject } from '../api/kube-object.js';

/** Whether the object carries the finalizer. */
export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Adds a finalizer (mutating `obj`); returns whether it changed, i.e. whether an update is needed. */
export function addFinalizer(obj: KubeObject, finalizer: string): boolean {
  if (hasFinalizer(obj, finalizer)) return false;
  obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), finalizer];
  return true;
}

/** Removes a finalizer (mutating `obj`); returns whether it changed. */
export function removeFinalizer(obj: KubeObject, finalizer: string): boolean {
  if (!hasFinalizer(obj, finalizer)) return false;
  obj.metadata.finalizers = obj.metadata.finalizers!.filter((f) => f !== finalizer);
  return true;
}

/** Whether the object is being deleted (deletionTimestamp set). */
export function isBeingDeleted(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}
