import type { KubeObject } from '../api/kube-object.js';

/** Filters the events that enqueue a reconcile; a missing method lets the event through. */
export interface Predicate<T extends KubeObject = KubeObject> {
  create?(obj: T): boolean;
  update?(oldObj: T, newObj: T): boolean;
  delete?(obj: T): boolean;
}

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a![k] === b?.[k]);
}

/** Updates pass only when metadata.generation changed (spec changes; status-only writes are dropped). */
export const generationChanged: Predicate = {
  update: (o, n) => o.metadata.generation !== n.metadata.generation,
};

/** Updates pass only when labels changed. */
export const labelsChanged: Predicate = {
  update: (o, n) => !sameRecord(o.metadata.labels, n.metadata.labels),
};

/** Updates pass only when annotations changed. */
export const annotationsChanged: Predicate = {
  update: (o, n) => !sameRecord(o.metadata.annotations, n.metadata.annotations),
};

/** Updates pass only when resourceVersion changed (drops relist echoes). */
export const resourceVersionChanged: Predicate = {
  update: (o, n) => o.metadata.resourceVersion !== n.metadata.resourceVersion,
};

/** Passes events that every predicate passes. */
export function and<T extends KubeObject>(...ps: Predicate<T>[]): Predicate<T> {
  return {
    create: (o) => ps.every((p) => p.create?.(o) ?? true),
    update: (o, n) => ps.every((p) => p.update?.(o, n) ?? true),
    delete: (o) => ps.every((p) => p.delete?.(o) ?? true),
  };
}

/** Passes events that any predicate passes. */
export function or<T extends KubeObject>(...ps: Predicate<T>[]): Predicate<T> {
  return {
    create: (o) => ps.some((p) => p.create?.(o) ?? true),
    update: (o, n) => ps.some((p) => p.update?.(o, n) ?? true),
    delete: (o) => ps.some((p) => p.delete?.(o) ?? true),
  };
}

/** Inverts a predicate. */
export function not<T extends KubeObject>(p: Predicate<T>): Predicate<T> {
  return {
    create: (o) => !(p.create?.(o) ?? true),
    update: (o, n) => !(p.update?.(o, n) ?? true),
    delete: (o) => !(p.delete?.(o) ?? true),
  };
}

/** Passes only objects for which `fn` is true (on every event type; updates look at the new object). */
export function matching<T extends KubeObject>(fn: (obj: T) => boolean): Predicate<T> {
  return { create: fn, update: (_o, n) => fn(n), delete: fn };
}
