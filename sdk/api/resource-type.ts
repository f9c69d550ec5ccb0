import type { FieldCause } from './field-cause.js';
import type { KubeObject } from './kube-object.js';

/** A column of a meta.k8s.io/v1 Table, as kubectl prints it. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  /** 0: always shown; 1: shown only with `-o wide`. */
  priority: 0 | 1;
}

/** How one kind is shown in server-side printing (kubectl get). */
export interface TablePrinter {
  readonly columns: readonly TableColumn[];
  /** The cells of one row, in column order. `now` is the server's clock for ages. */
  cells(obj: KubeObject, now: Date): unknown[];
}

/**
 * The behaviour of one kind on writes, in the spirit of the apiserver's REST strategies.
 * Every hook is optional; hooks mutate the object they are given and must be deterministic.
 */
export interface ResourceStrategy {
  /** Fills defaults as the apiserver's defaulting does (called on create and update, before validation). */
  applyDefaults?(obj: KubeObject): void;
  /** Validates a new object. Returns the causes of a 422 Invalid answer (empty when valid). */
  validateCreate?(obj: KubeObject): FieldCause[];
  /** Validates an update against the previous object (immutable fields and the like). */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldCause[];
  /**
   * Values for field selectors beyond metadata.name and metadata.namespace
   * (e.g. `spec.nodeName`, `status.phase`, `involvedObject.uid`).
   */
  selectableFields?(obj: KubeObject): Record<string, string>;
  /** Server-side printing; absent means the default Name and Age columns. */
  printer?: TablePrinter;
}

/** The scale subresource of a kind, as CRDs declare it. */
export interface ScaleSubresource {
  /** JSON path of the desired replicas, e.g. `.spec.replicas`. */
  specReplicasPath: string;
  /** JSON path of the observed replicas, e.g. `.status.replicas`. */
  statusReplicasPath: string;
  /** JSON path of the label selector string in status, if any. */
  labelSelectorPath?: string;
}

/** A subresource as discovery lists it. */
export interface SubresourceInfo {
  /** e.g. `log`, `exec`, `eviction`. */
  readonly name: string;
  /** The kind the subresource takes or returns, e.g. `Eviction`, `Pod`, `Binding`. */
  readonly kind: string;
  /** The group of that kind when it differs (e.g. `policy` for Eviction). */
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
}

/**
 * One resource of one API group version, served by the API server. Built-in kinds, plugin groups
 * and CRDs all register one of these.
 */
export interface ResourceType {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The lower-case plural used in URLs, e.g. `deployments`. */
  readonly plural: string;
  /** The lower-case singular, e.g. `deployment`. */
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Verbs beyond the usual eight, or fewer (default: all of create, delete, deletecollection, get, list, patch, update, watch). */
  readonly verbs?: readonly string[];
  /** Whether the `status` subresource exists (then status is ignored on main-resource writes). */
  readonly statusSubresource?: boolean;
  readonly scaleSubresource?: ScaleSubresource;
  /**
   * Subresources served by other handlers (pods/log, pods/exec, pods/eviction, pods/binding, ...),
   * listed in discovery.
   */
  readonly extraSubresources?: readonly SubresourceInfo[];
  /** Name of the OpenAPI definition that describes the kind, e.g. `io.k8s.api.core.v1.Pod`. */
  readonly schemaName?: string;
  /** Whether a spec change bumps metadata.generation (true for kinds with a spec). */
  readonly tracksGeneration?: boolean;
  readonly strategy?: ResourceStrategy;
  /**
   * Set for a kind served as another version of a resource that lives under a different group
   * (events.k8s.io/v1 Events are core/v1 Events in storage, as in Kubernetes): reads, writes and
   * watches of this type go to that resource's storage, converted on the way.
   */
  readonly storedAs?: StoredAs;
}

/** Where a kind's objects are stored when they share another resource's storage, and how they convert. */
export interface StoredAs {
  /** The group and plural whose storage holds the objects. */
  readonly group: string;
  readonly plural: string;
  /** This type's object as the stored resource's object. Must not modify its argument. */
  toStorage(obj: KubeObject): KubeObject;
  /** A stored object as this type's object. Must not modify its argument. */
  fromStorage(obj: KubeObject): KubeObject;
}
