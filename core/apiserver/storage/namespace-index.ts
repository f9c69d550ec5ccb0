import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { ObjectStorage } from './object-storage.js';

/**
 * Namespaces kept in memory from the watch cache, so that every namespaced create need not read
 * its namespace from the store. A name the index has not seen (yet) is read from the store, so a
 * namespace created a moment ago is never reported missing.
 */
export class NamespaceIndex {
  private readonly known = new Map<string, KubeObject>();
  private unsubscribe?: () => void;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly cache: WatchCache,
    private readonly type: ResourceType,
  ) {}

  /** Loads the namespaces and follows their changes. Call after the watch cache started. */
  async start(): Promise<void> {
    const listed = await this.storage.list(this.type, undefined, {});
    for (const ns of listed.items) this.known.set(ns.metadata.name!, ns);
    const sub = this.cache.subscribe(
      {
        prefix: this.storage.prefix(this.type),
        onEvent: (e) => {
          if (e.type === 'DELETED') this.known.delete(e.object.metadata.name!);
          else this.known.set(e.object.metadata.name!, e.object);
        },
        onClose: () => this.known.clear(),
      },
      listed.revision,
    );
    this.unsubscribe = sub.ok ? sub.unsubscribe : undefined;
  }

  /** The namespace named `name`, or undefined if it does not exist. */
  async get(name: string): Promise<KubeObject | undefined> {
    return this.known.get(name) ?? (await this.storage.get(this.type, undefined, name));
  }

  stop(): void {
    this.unsubscribe?.();
  }
}
