import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { keyOf, objectKey } from '../shared/object-key.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { WorkQueue } from '../shared/work-queue.js';
import { selectorMatches, type PodLike, type ServiceLike } from './pod-endpoint.js';

/**
 * What the Endpoints and EndpointSlice controllers share: watches of Services and Pods, and a
 * queue of Service keys fed by Service changes and by changes of the pods a Service selects.
 */
export abstract class ServiceEndpointsBase {
  protected readonly queue: WorkQueue;
  protected readonly logger: Logger;
  protected services!: ResourceWatcher<ServiceLike>;
  protected pods!: ResourceWatcher<PodLike>;
  protected nodes?: ResourceWatcher;

  constructor(
    protected readonly client: KubeClient,
    protected readonly deps: { clock: Clock; logger: Logger },
    component: string,
    private readonly watchNodes = false,
  ) {
    this.logger = deps.logger.child({ component });
    this.queue = new WorkQueue({
      clock: deps.clock,
      concurrency: 5,
      process: (key) => this.reconcile(key),
      onError: (key, err) => this.logger.debug({ err, service: key }, 'sync failed; retrying'),
    });
  }

  /** Reconciles the Service of a `namespace/name` key (which may no longer exist). */
  protected abstract reconcile(key: string): Promise<void>;

  /** Starts the watches; returns once they have listed. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.queue.stop(), { once: true });
    const common = { clock: this.deps.clock, logger: this.logger };
    const svcKey = (s: KubeObject) => this.queue.add(objectKey(s));
    this.services = new ResourceWatcher<ServiceLike>(
      this.client,
      builtin.services,
      { onAdd: svcKey, onUpdate: svcKey, onDelete: svcKey },
      common,
    );
    this.pods = new ResourceWatcher<PodLike>(
      this.client,
      builtin.pods,
      {
        onAdd: (p) => this.podChanged(p),
        onUpdate: (p, old) => this.podChanged(p, old),
        onDelete: (p) => this.podChanged(p),
      },
      common,
    );
    const watchers: ResourceWatcher<KubeObject>[] = [this.services, this.pods];
    if (this.watchNodes) {
      const all = () => {
        for (const s of this.services.list()) this.queue.add(objectKey(s));
      };
      this.nodes = new ResourceWatcher(
        this.client,
        builtin.nodes,
        { onUpdate: (n, o) => zoneOf(n) !== zoneOf(o) && all() },
        common,
      );
      watchers.push(this.nodes);
    }
    for (const w of watchers) void w.run(signal);
    await Promise.all(watchers.map((w) => w.synced));
  }

  /** Resolves when no Service is waiting or being synced. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private podChanged(pod: PodLike, old?: PodLike): void {
    for (const svc of this.services.list(pod.metadata.namespace)) {
      if (selectorMatches(svc, pod) || (old && selectorMatches(svc, old))) {
        this.queue.add(keyOf(svc.metadata.namespace, svc.metadata.name!));
      }
    }
  }
}

/** The topology zone label of a node. */
export function zoneOf(node: KubeObject | undefined): string | undefined {
  return node?.metadata.labels?.['topology.kubernetes.io/zone'];
}
