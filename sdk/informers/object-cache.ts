import type { KubeObject } from '../api/kube-object.js';

/** Computes the index values of an object (an object may have several, or none). */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];

/** The name of the built-in index by namespace. */
export const namespaceIndex = 'namespace';

/** The cache key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The cache key of an object from its metadata. */
export function keyOfObject(obj: KubeObject): string {
  return objectKey(obj.metadata.name ?? '', obj.metadata.namespace);
}

/** An indexed in-memory store of objects by key, with the namespace index and custom indexers. */
export class ObjectCache<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indices = new Map<string, { fn: IndexFunc<T>; values: Map<string, Set<string>> }>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexer(namespaceIndex, (o) => [o.metadata.namespace ?? '']);
    for (const [name, fn] of Object.entries(indexers)) this.addIndexer(name, fn);
  }

  /** Adds an index (built from the current content); a name already present is kept as it is. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indices.has(name)) return;
    const index = { fn, values: new Map<string, Set<string>>() };
    this.indices.set(name, index);
    for (const [key, obj] of this.items) this.indexAdd(index, key, obj);
  }

  hasIndex(name: string): boolean {
    return this.indices.has(name);
  }

  get size(): number {
    return this.items.size;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  values(): T[] {
    return [...this.items.values()];
  }

  /** The objects whose index `name` contains `value`. Throws when the index does not exist. */
  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`no index named ${name}`);
    const keys = index.values.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const o = this.items.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  set(key: string, obj: T): void {
    const old = this.items.get(key);
    if (old) for (const index of this.indices.values()) this.indexRemove(index, key, old);
    this.items.set(key, obj);
    for (const index of this.indices.values()) this.indexAdd(index, key, obj);
  }

  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    for (const index of this.indices.values()) this.indexRemove(index, key, old);
    this.items.delete(key);
    return old;
  }

  private indexAdd(index: { fn: IndexFunc<T>; values: Map<string, Set<string>> }, key: string, obj: T) {
    for (const v of index.fn(obj)) {
      let set = index.values.get(v);
      if (!set) index.values.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private indexRemove(index: { fn: IndexFunc<T>; values: Map<string, Set<string>> }, key: string, obj: T) {
    for (const v of index.fn(obj)) {
      const set = index.values.get(v);
      if (!set) continue;
      set.delete(key);
      if (set.size === 0) index.values.delete(v);
    }
  }
}
