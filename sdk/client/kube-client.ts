import type { KubeObject } from '../api/kube-object.js';
import type { ResourceDescriptor } from './resource-descriptor.js';

/** List metadata as the API returns it. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A page of objects. */
export interface ObjectList<T extends KubeObject> {
  metadata: ListMeta;
  items: T[];
}

/** Options of list and watch. */
export interface ListOptions {
  /** Required for namespaced resources unless listing across all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

/** Options of watch. */
export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  /** Ends the watch (the iterator then finishes normally). */
  signal?: AbortSignal;
}

/** One watch event. ERROR events are thrown by the iterator as typed errors, never yielded. */
export interface WatchEvent<T extends KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

/** Options shared by writes. */
export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** The patch content types. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

/** DeleteOptions. */
export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * The typed Kubernetes client every operator, controller, plugin and CLI command uses. It speaks
 * the standard API, so it works against Capstan and any real cluster. Failures are thrown as the
 * typed errors of `api-error.ts` (NotFoundError, ConflictError, AlreadyExistsError, InvalidError, ...).
 */
export interface KubeClient {
  get<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string): Promise<T>;
  list<T extends KubeObject>(res: ResourceDescriptor<T>, options?: ListOptions): Promise<ObjectList<T>>;
  create<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options?: WriteOptions): Promise<T>;
  /** PUT; `obj.metadata.resourceVersion` makes it conditional. */
  update<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options?: WriteOptions): Promise<T>;
  /** PUT on the status subresource. */
  updateStatus<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options?: WriteOptions): Promise<T>;
  /** PATCH with the given type; `subresource` e.g. `status` or `scale`. */
  patch<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    name: string,
    patch: unknown,
    type: PatchType,
    options?: WriteOptions & { namespace?: string; subresource?: string; force?: boolean },
  ): Promise<T>;
  /** Server-side apply of `obj` (needs a fieldManager). */
  apply<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    obj: T,
    options: WriteOptions & { fieldManager: string; force?: boolean; subresource?: string },
  ): Promise<T>;
  /** Deletes; resolves with the object as the server returned it (or undefined for a Status answer). */
  delete<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    name: string,
    namespace?: string,
    options?: DeleteOptions,
  ): Promise<T | undefined>;
  /** A watch stream; throws GoneError (410) or other typed errors from the iterator. */
  watch<T extends KubeObject>(res: ResourceDescriptor<T>, options?: WatchOptions): AsyncIterable<WatchEvent<T>>;
  /** A raw request to any path (subresources such as pods/log, eviction, binding); JSON in and out. */
  request<R = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<R>;
}
