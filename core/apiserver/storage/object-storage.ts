import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { KeyValue, Store, WriteFailure } from '../../store/store.js';

/** The root of every API object key in the store. */
export const registryRoot = '/registry/';

/** The outcome of an object write: the object as stored (with its resourceVersion) or why it failed. */
export type ObjectWriteResult =
  { ok: true; object: KubeObject; revision: number } | { ok: false; reason: WriteFailure; current?: KubeObject };

/**
 * Maps API objects onto store keys and values. An object is stored as JSON without its
 * resourceVersion, which is always the store's modRevision of the key.
 */
export class ObjectStorage {
  constructor(readonly store: Store) {}

  /** The key prefix of a resource, optionally narrowed to one namespace. Ends with `/`. */
  prefix(type: ResourceType, namespace?: string): string {
    const where = type.storedAs ?? type;
    const base = `${registryRoot}${where.group || 'core'}/${where.plural}/`;
    return type.namespaced && namespace ? `${base}${namespace}/` : base;
  }

  /** The key of one object. */
  key(type: ResourceType, namespace: string | undefined, name: string): string {
    return type.namespaced ? `${this.prefix(type)}${namespace}/${name}` : `${this.prefix(type)}${name}`;
  }

  async get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const { kv } = await this.store.get(this.key(type, namespace, name));
    return kv ? viewOf(type, decode(kv)) : undefined;
  }

  async list(
    type: ResourceType,
    namespace: string | undefined,
    options: { revision?: number; limit?: number; after?: string },
  ): Promise<{ items: KubeObject[]; revision: number; more: boolean; remaining: number; lastKey?: string }> {
    const res = await this.store.list(this.prefix(type, namespace), options);
    return {
      items: res.kvs.map((kv) => viewOf(type, decode(kv))),
      revision: res.revision,
      more: res.more,
      remaining: res.remaining,
      lastKey: res.kvs.at(-1)?.key,
    };
  }

  async create(type: ResourceType, obj: KubeObject): Promise<ObjectWriteResult> {
    const res = await this.store.create(
      this.key(type, obj.metadata.namespace, obj.metadata.name!),
      encode(storedFormOf(type, obj)),
    );
    if (!res.ok) return { ok: false, reason: res.reason, current: res.current && viewOf(type, decode(res.current)) };
    return { ok: true, object: withVersion(obj, res.kv.modRevision), revision: res.revision };
  }

  async update(type: ResourceType, obj: KubeObject, expectedRevision: number): Promise<ObjectWriteResult> {
    const res = await this.store.update(
      this.key(type, obj.metadata.namespace, obj.metadata.name!),
      encode(storedFormOf(type, obj)),
      expectedRevision,
    );
    if (!res.ok) return { ok: false, reason: res.reason, current: res.current && viewOf(type, decode(res.current)) };
    return { ok: true, object: withVersion(obj, res.kv.modRevision), revision: res.revision };
  }

  async delete(type: ResourceType, obj: KubeObject, expectedRevision?: number): Promise<ObjectWriteResult> {
    const res = await this.store.delete(this.key(type, obj.metadata.namespace, obj.metadata.name!), expectedRevision);
    if (!res.ok) return { ok: false, reason: res.reason, current: res.current && viewOf(type, decode(res.current)) };
    return { ok: true, object: withVersion(viewOf(type, decode(res.kv)), res.revision), revision: res.revision };
  }
}

/** A stored object as `type` serves it (converted when the type shares another resource's storage). */
export function viewOf(type: ResourceType, stored: KubeObject): KubeObject {
  if (!type.storedAs) return stored;
  const view = type.storedAs.fromStorage(stored);
  view.metadata = { ...view.metadata, resourceVersion: stored.metadata.resourceVersion };
  return view;
}

function storedFormOf(type: ResourceType, obj: KubeObject): KubeObject {
  return type.storedAs ? type.storedAs.toStorage(obj) : obj;
}

/** Serialises an object for the store (its resourceVersion is not stored). */
export function encode(obj: KubeObject): string {
  const rv = obj.metadata.resourceVersion;
  if (rv === undefined) return JSON.stringify(obj);
  delete obj.metadata.resourceVersion;
  try {
    return JSON.stringify(obj);
  } finally {
    obj.metadata.resourceVersion = rv;
  }
}

/** Parses a stored value and sets its resourceVersion from the key's modRevision. */
export function decode(kv: KeyValue): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}

function withVersion(obj: KubeObject, revision: number): KubeObject {
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
