import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { ObjectStorage } from './object-storage.js';

/**
 * How many objects of one namespaced kind each namespace holds, kept in memory from the watch cache
 * (as kube-apiserver's admission plugins read informer caches). Admission uses it to skip the store
 * read for namespaces without ResourceQuotas or LimitRanges, which is nearly all of them.
 */
export class NamespaceCounts {
  private readonly counts = new Map<string, number>();
  private started = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly cache: WatchCache,
    readonly type: ResourceType,
  ) {}

  /** Lists the objects and follows their changes. Call after the watch cache started. */
  async start(): Promise<void> {
    const listed = await this.storage.list(this.type, undefined, {});
    for (const o of listed.items) this.bump(o.metadata.namespace, 1);
    const sub = this.cache.subscribe(
      {
        prefix: this.storage.prefix(this.type),
        onEvent: (e) => {
          if (e.type === 'ADDED') this.bump(e.object.metadata.namespace, 1);
          else if (e.type === 'DELETED') this.bump(e.object.metadata.namespace, -1);
        },
        onClose: () => {
          // The cache lost its history (compaction): fall back to the store until restarted.
          this.started = false;
          this.counts.clear();
        },
      },
      listed.revision,
    );
    this.unsubscribe = sub.ok ? sub.unsubscribe : undefined;
    this.started = sub.ok;
  }

  /** The number of objects in `namespace`, or undefined when unknown (not started): ask the store. */
  count(namespace: string): number | undefined {
    return this.started ? (this.counts.get(namespace) ?? 0) : undefined;
  }

  stop(): void {
    this.unsubscribe?.();
    this.started = false;
  }

  private bump(namespace: string | undefined, by: number): void {
    if (!namespace) return;
    const n = (this.counts.get(namespace) ?? 0) + by;
    if (n > 0) this.counts.set(namespace, n);
    else this.counts.delete(namespace);
  }
}
