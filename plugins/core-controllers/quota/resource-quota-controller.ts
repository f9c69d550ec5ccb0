import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../../sdk/client/resource-descriptor.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { objectKey, splitKey } from '../shared/object-key.js';
import { discoverResources } from '../shared/resource-discovery.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { WorkQueue } from '../shared/work-queue.js';
import { canonicalHard, quotaStatus } from './quota-status.js';
import {
  objectUsage,
  resourcesForQuotaNames,
  type QuotaResource,
  type ResourceQuota,
} from '../../../sdk/api/quota/quota-usage.js';
import { prettyPrintUsage } from '../../../sdk/api/quota/resource-quantity.js';

/** Options of the ResourceQuota controller. */
export interface ResourceQuotaControllerOptions {
  /** Full recalculation of every quota (kube-controller-manager's --resource-quota-sync-period; default 5 min). */
  readonly resyncPeriodMs?: number;
}

const idOf = (r: QuotaResource) => (r.group ? `${r.plural}.${r.group}` : r.plural);

/**
 * The ResourceQuota controller: keeps status.hard equal to spec.hard and status.used equal to the
 * usage of the objects in the quota's namespace that match its scopes. Admission charges new
 * objects as they are created; this controller recalculates when a quota's spec changes, when an
 * object is deleted or stops counting (a pod that finished), and every resync period.
 */
export class ResourceQuotaController {
  private readonly queue: WorkQueue;
  private readonly logger: Logger;
  private quotas?: ResourceWatcher<ResourceQuota>;
  private readonly watchers = new Map<string, ResourceWatcher>();
  private signal?: AbortSignal;
  private discovered?: Map<string, ResourceDescriptor<KubeObject>>;

  constructor(
    private readonly client: KubeClient,
    private readonly deps: { clock: Clock; logger: Logger },
    private readonly options: ResourceQuotaControllerOptions = {},
  ) {
    this.logger = deps.logger.child({ component: 'resourcequota-controller' });
    this.queue = new WorkQueue({
      clock: deps.clock,
      process: (key) => this.sync(key),
      onError: (key, err) => this.logger.debug({ err, quota: key }, 'quota sync failed; retrying'),
    });
  }

  /** Starts the watches; returns once quotas and the common counted kinds have listed. */
  async start(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    signal.addEventListener('abort', () => this.queue.stop(), { once: true });
    const enqueue = (q: ResourceQuota) => this.queue.add(objectKey(q));
    this.quotas = new ResourceWatcher<ResourceQuota>(
      this.client,
      builtin.resourceQuotas as ResourceDescriptor<ResourceQuota>,
      {
        onAdd: enqueue,
        onUpdate: (q, old) => {
          const specChanged = JSON.stringify(q.spec ?? {}) !== JSON.stringify(old.spec ?? {});
          const hardMismatch = JSON.stringify(q.status?.hard ?? {}) !== JSON.stringify(canonicalHard(q));
          if (specChanged || hardMismatch) enqueue(q);
        },
      },
      { clock: this.deps.clock, logger: this.logger },
    );
    void this.quotas.run(signal);
    const base: QuotaResource[] = ['pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets'].map(
      (plural) => ({ group: '', plural }),
    );
    await Promise.all([this.quotas.synced, ...base.map((r) => this.watcherFor(r).then((w) => w?.synced))]);
  }

  private namespaceChanged(namespace: string | undefined): void {
    if (!namespace) return;
    for (const q of this.quotas?.list(namespace) ?? []) this.queue.add(objectKey(q));
  }

  private async descriptorOf(r: QuotaResource): Promise<ResourceDescriptor<KubeObject> | undefined> {
    const known = Object.values(builtin).find((d) => d.group === r.group && d.plural === r.plural);
    if (known) return known as ResourceDescriptor<KubeObject>;
    if (!this.discovered?.has(idOf(r))) {
      const { resources } = await discoverResources(this.client);
      this.discovered = new Map(resources.map((d) => [idOf(d.descriptor), d.descriptor]));
    }
    const d = this.discovered.get(idOf(r));
    return d && d.namespaced ? d : undefined;
  }

  /** The watcher of a counted resource, started on first use; undefined for a resource the server does not serve. */
  private async watcherFor(r: QuotaResource): Promise<ResourceWatcher | undefined> {
    const id = idOf(r);
    const existing = this.watchers.get(id);
    if (existing) return existing;
    const descriptor = await this.descriptorOf(r);
    if (!descriptor || this.watchers.has(id)) return this.watchers.get(id);
    const now = () => this.deps.clock.now();
    const usageText = (o: KubeObject) => prettyPrintUsage(objectUsage(r, o, now()));
    const w = new ResourceWatcher(
      this.client,
      descriptor,
      {
        onUpdate: (o, old) => {
          if (usageText(o) !== usageText(old)) this.namespaceChanged(o.metadata.namespace);
        },
        onDelete: (o) => this.namespaceChanged(o.metadata.namespace),
      },
      { clock: this.deps.clock, logger: this.logger },
    );
    this.watchers.set(id, w);
    if (this.signal) void w.run(this.signal);
    return w;
  }

  private async sync(key: string): Promise<{ requeueAfterMs: number } | void> {
    const quota = this.quotas!.get(key);
    if (!quota) return;
    const { namespace } = splitKey(key);
    const names = Object.keys(quota.spec?.hard ?? {});
    const objects: Array<{ resource: QuotaResource; items: KubeObject[] }> = [];
    for (const resource of resourcesForQuotaNames(names)) {
      const w = await this.watcherFor(resource);
      if (!w) continue;
      await w.synced;
      objects.push({ resource, items: w.list(namespace) });
    }
    const status = quotaStatus(quota, objects, this.deps.clock.now());
    if (JSON.stringify(status) !== JSON.stringify(quota.status ?? {})) {
      try {
        await this.client.updateStatus(builtin.resourceQuotas, { ...quota, status } as KubeObject);
      } catch (err) {
        if (err instanceof NotFoundError) return;
        throw err;
      }
    }
    return { requeueAfterMs: this.options.resyncPeriodMs ?? 5 * 60_000 };
  }

  /** Waits until nothing is queued (for tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
