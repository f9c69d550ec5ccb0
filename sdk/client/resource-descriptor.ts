import type { KubeObject } from '../api/kube-object.js';

/**
 * Names one resource of the Kubernetes API for the typed client and informers. Codegen writes one
 * per CRD version; `builtin` has the common built-in kinds. `T` is the object type.
 */
export interface ResourceDescriptor<T extends KubeObject = KubeObject> {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** Lower-case plural used in URLs, e.g. `deployments`. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Phantom field carrying `T`; never set. */
  readonly __type?: T;
}

/** `apps/v1` or `v1`. */
export function apiVersionOfDescriptor(d: ResourceDescriptor<KubeObject>): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

/** Defines a descriptor (a helper for readable literals). */
export function defineResource<T extends KubeObject = KubeObject>(
  d: Omit<ResourceDescriptor<T>, '__type'>,
): ResourceDescriptor<T> {
  return d;
}
