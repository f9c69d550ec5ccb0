import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { ConflictError, NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { resourcePath } from '../../../sdk/client/resource-path.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { discoverResources, hasVerbs, type DiscoveredResource } from '../shared/resource-discovery.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { rfc3339 } from '../shared/time-format.js';
import { WorkQueue, type ProcessResult } from '../shared/work-queue.js';
import {
  mergeConditions,
  namespaceDeletionOutcome,
  podTerminationEstimateSeconds,
  type NamespaceCondition,
  type ResourceContentResult,
} from './namespace-deletion-status.js';

/** The finalizer of spec.finalizers that the namespace controller owns. */
export const kubernetesFinalizer = 'kubernetes';

interface NamespaceObject extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

/**
 * The namespace lifecycle controller: when a namespace is Terminating it deletes every namespaced
 * object in it (deletecollection, background propagation), reports what remains in the namespace's
 * status conditions, and once nothing remains removes `kubernetes` from spec.finalizers through the
 * finalize subresource, which lets the API server delete the namespace.
 */
export class NamespaceController {
  private readonly queue: WorkQueue;
  private readonly logger: Logger;

  constructor(
    private readonly client: KubeClient,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    this.logger = deps.logger.child({ component: 'namespace-controller' });
    this.queue = new WorkQueue({
      clock: deps.clock,
      concurrency: 10,
      process: (name) => this.sync(name),
      onError: (name, err) => this.logger.debug({ err, namespace: name }, 'namespace deletion failed; retrying'),
    });
  }

  /** Starts watching namespaces; returns once the first list is in. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.queue.stop(), { once: true });
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    };
    const watcher = new ResourceWatcher(
      this.client,
      builtin.namespaces,
      { onAdd: enqueue, onUpdate: enqueue },
      {
        clock: this.deps.clock,
        logger: this.logger,
      },
    );
    void watcher.run(signal);
    await watcher.synced;
  }

  /** One pass over a namespace; exported for tests through the queue only. */
  private async sync(name: string): Promise<ProcessResult | void> {
    let ns: NamespaceObject;
    try {
      ns = (await this.client.get(builtin.namespaces, name)) as NamespaceObject;
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    if (!(ns.spec?.finalizers ?? []).includes(kubernetesFinalizer)) return;
    const { resources, failed } = await discoverResources(this.client);
    const deletable = resources.filter((r) => r.descriptor.namespaced && hasVerbs(r, 'list', 'delete'));
    const results = await Promise.all(deletable.map((r) => this.deleteContent(r, name)));
    const outcome = namespaceDeletionOutcome(results, failed);
    await this.updateConditions(ns, outcome.conditions);
    if (!outcome.empty) {
      return outcome.requeueAfterSeconds !== undefined
        ? { requeueAfterMs: outcome.requeueAfterSeconds * 1000 }
        : Promise.reject(new Error('content deletion failed'));
    }
    const fresh = (await this.client.get(builtin.namespaces, name)) as NamespaceObject;
    const finalizers = (fresh.spec?.finalizers ?? []).filter((f) => f !== kubernetesFinalizer);
    await this.client.request('PUT', `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, {
      ...fresh,
      apiVersion: 'v1',
      kind: 'Namespace',
      spec: { ...fresh.spec, finalizers },
    });
    this.logger.info({ namespace: name }, 'namespace content removed; finalized');
  }

  private async deleteContent(r: DiscoveredResource, namespace: string): Promise<ResourceContentResult> {
    const d = r.descriptor;
    const base = { group: d.group, plural: d.plural };
    try {
      let estimateSeconds = 0;
      if (d.group === '' && d.plural === 'pods') {
        estimateSeconds = podTerminationEstimateSeconds((await this.client.list(d, { namespace })).items);
      }
      const body = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' };
      if (hasVerbs(r, 'deletecollection')) {
        await this.client.request('DELETE', resourcePath(d, namespace), body);
      } else {
        for (const obj of (await this.client.list(d, { namespace })).items) {
          await this.client
            .delete(d, obj.metadata.name!, namespace, { propagationPolicy: 'Background' })
            .catch((err) => {
              if (!(err instanceof NotFoundError)) throw err;
            });
        }
      }
      const left = (await this.client.list(d, { namespace })).items;
      const finalizers: Record<string, number> = {};
      for (const o of left) for (const f of o.metadata.finalizers ?? []) finalizers[f] = (finalizers[f] ?? 0) + 1;
      return { ...base, remaining: left.length, finalizers, estimateSeconds };
    } catch (err) {
      if (err instanceof NotFoundError) return { ...base, remaining: 0, finalizers: {}, estimateSeconds: 0 };
      const message = err instanceof Error ? err.message : String(err);
      return {
        ...base,
        remaining: 0,
        finalizers: {},
        estimateSeconds: 0,
        error: `${d.group ? `${d.plural}.${d.group}` : d.plural}: ${message}`,
      };
    }
  }

  private async updateConditions(ns: NamespaceObject, conditions: NamespaceCondition[]): Promise<void> {
    const merged = mergeConditions(ns.status?.conditions, conditions, rfc3339(this.deps.clock.now()));
    if (JSON.stringify(merged) === JSON.stringify(ns.status?.conditions ?? [])) return;
    try {
      await this.client.updateStatus(builtin.namespaces, { ...ns, status: { ...ns.status, conditions: merged } });
    } catch (err) {
      if (!(err instanceof ConflictError) && !(err instanceof NotFoundError)) throw err;
    }
  }
}
