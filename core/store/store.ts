/**
 * The revisioned key-value contract behind the API server, in the spirit of kine.
 *
 * Every write gets a new global revision (it becomes the object's `resourceVersion`). Writes are
 * compare-and-swap and report a conflict as a value, never as an exception. Watches are async
 * iterables that fail with {@link CompactedError} when their start revision is no longer kept.
 * A write's promise resolves only once the write is durable.
 */

/** One stored key at one revision. */
export interface KeyValue {
  /** The full key, e.g. `/registry/pods/default/web-1`. */
  readonly key: string;
  /** The stored bytes, as UTF-8 text (the API server stores JSON). */
  readonly value: string;
  /** The revision at which this key was created (0 never occurs for a live key). */
  readonly createRevision: number;
  /** The revision of the last write to this key. */
  readonly modRevision: number;
}

/** Why a compare-and-swap write was refused. */
export type WriteFailure = 'exists' | 'not-found' | 'conflict';

/** The outcome of a write: the stored (or, for delete, the removed) key, or why it was refused. */
export type WriteResult =
  | { readonly ok: true; readonly kv: KeyValue; readonly revision: number }
  | { readonly ok: false; readonly reason: WriteFailure; readonly current?: KeyValue; readonly revision: number };

/** A change seen by a watch. `revision` is the revision of the write that caused it. */
export interface StoreEvent {
  readonly type: 'create' | 'update' | 'delete';
  /** The key after the write; for `delete`, the key as it was before, with `modRevision` of the deletion. */
  readonly kv: KeyValue;
  /** The key before the write (absent for `create`). */
  readonly prev?: KeyValue;
  readonly revision: number;
}

/** Options for a ranged read. */
export interface ListOptions {
  /** Read the state as of this revision (0 or absent: the latest). Fails with CompactedError if compacted. */
  readonly revision?: number;
  /** Return at most this many keys (0 or absent: all). */
  readonly limit?: number;
  /** Return keys strictly greater than this key (the pagination cursor). */
  readonly after?: string;
}

/** A page of keys, in key order. */
export interface ListResult {
  readonly kvs: KeyValue[];
  /** The revision the read was served at. */
  readonly revision: number;
  /** True when more keys under the prefix follow the last one returned. */
  readonly more: boolean;
  /** How many keys under the prefix follow the ones returned (when `more`). */
  readonly remaining: number;
}

/** Thrown (or thrown by a watch iterator) when a revision older than the compacted one is asked for. */
export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`required revision ${requested} has been compacted (oldest kept: ${compacted})`);
    this.name = 'CompactedError';
  }
}

/** The store contract every driver (sqlite, etcd, memory) implements and the conformance suite checks. */
export interface Store {
  /** The current (latest) revision of the whole store. */
  currentRevision(): Promise<number>;
  /** The oldest revision that can still be read or watched from. */
  compactedRevision(): Promise<number>;
  /** Reads one key, at `revision` if given. */
  get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }>;
  /** Lists keys that start with `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Counts the live keys that start with `prefix`. */
  count(prefix: string): Promise<{ count: number; revision: number }>;
  /** Creates `key`; refused with `exists` if it is present. Durable when it resolves. */
  create(key: string, value: string): Promise<WriteResult>;
  /**
   * Replaces `key` if its modRevision equals `expectedModRevision`; refused with `conflict`
   * (with the current value) or `not-found`. Durable when it resolves.
   */
  update(key: string, value: string, expectedModRevision: number): Promise<WriteResult>;
  /**
   * Deletes `key`, only if its modRevision equals `expectedModRevision` when given.
   * On success `kv` is the removed value and `revision` the revision of the deletion.
   */
  delete(key: string, expectedModRevision?: number): Promise<WriteResult>;
  /**
   * Streams every change under `prefix` with a revision greater than `fromRevision`, in revision
   * order, until `signal` aborts (then the iterator ends normally). Throws CompactedError from the
   * iterator if `fromRevision` is older than the compacted revision.
   */
  watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent>;
  /** Forgets history up to (not including) `revision`; reads and watches below it then fail. */
  compact(revision: number): Promise<void>;
  /** Releases connections and files. Idempotent. */
  close(): Promise<void>;
}
