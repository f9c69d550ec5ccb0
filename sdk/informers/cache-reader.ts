import type { KubeObject } from '../api/kube-object.js';
import type { ResourceDescriptor } from '../client/resource-descriptor.js';
import { compileLabelSelector } from './label-selector-string.js';
import { compareResourceVersions } from './resource-version.js';
import type { InformerFactory } from './informer-factory.js';
import type { SharedInformer } from './shared-informer.js';

/** Reads objects from the shared informer caches. */
export interface CacheReader {
  /** A cached object, or undefined. Starts (and waits for) a cluster-wide informer if none covers it. */
  get<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string): Promise<T | undefined>;
  /** Cached objects, of one namespace and matching a label selector string when given. */
  list<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<T[]>;
  /** Cached objects by a custom index; the index is added to the informer when missing (with `fn`). */
  byIndex<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    index: string,
    value: string,
    fn?: (obj: T) => string[],
  ): Promise<T[]>;
}

/** A CacheReader over an InformerFactory. */
export class InformerCacheReader implements CacheReader {
  constructor(private readonly factory: InformerFactory) {}

  async get<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string) {
    const inf = await this.informerFor(res, namespace);
    // Several informers may hold the object (a controller's selected view and an unfiltered one);
    // they receive events independently, so take the newest copy any of them has.
    let best = inf.get(name, namespace);
    for (const other of this.factory.informersOf(res)) {
      if (other === inf || !other.hasSynced()) continue;
      const o = other.get(name, namespace);
      if (o && (!best || compareResourceVersions(o.metadata.resourceVersion, best.metadata.resourceVersion) === 1))
        best = o;
    }
    return best;
  }

  async list<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    options: { namespace?: string; labelSelector?: string } = {},
  ) {
    const inf = await this.informerFor(res, options.namespace);
    const items = inf.list(options.namespace);
    if (!options.labelSelector) return items;
    const match = compileLabelSelector(options.labelSelector);
    return items.filter((o) => match(o.metadata.labels));
  }

  async byIndex<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    index: string,
    value: string,
    fn?: (obj: T) => string[],
  ) {
    const inf = await this.informerFor(res, undefined);
    if (fn) inf.addIndexer(index, fn);
    return inf.byIndex(index, value);
  }

  /** An unfiltered informer covering the namespace (cluster-wide preferred); created when missing. */
  private async informerFor<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    namespace?: string,
  ): Promise<SharedInformer<T>> {
    const candidates = this.factory
      .informersOf(res)
      .filter((i) => !i.selector.labelSelector && !i.selector.fieldSelector)
      .filter((i) => !i.selector.namespace || (namespace !== undefined && i.selector.namespace === namespace));
    const inf = candidates.find((i) => !i.selector.namespace) ?? candidates[0] ?? this.factory.informer(res);
    if (!inf.hasSynced()) {
      inf.start();
      await inf.waitForSync();
    }
    return inf;
  }
}
