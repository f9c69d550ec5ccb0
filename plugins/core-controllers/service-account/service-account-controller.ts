import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { AlreadyExistsError, ForbiddenError, NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { WorkQueue } from '../shared/work-queue.js';

/** The accounts every active namespace gets (kube-controller-manager's --service-account default). */
export const defaultServiceAccounts: readonly string[] = ['default'];

/** Whether a namespace takes new content (it exists, is not being deleted and is not Terminating). */
export function namespaceIsActive(ns: KubeObject | undefined): boolean {
  if (!ns || ns.metadata.deletionTimestamp) return false;
  return (ns.status as { phase?: string } | undefined)?.phase !== 'Terminating';
}

/** The ServiceAccounts missing from a namespace, given the names it has. */
export function missingServiceAccounts(ns: KubeObject | undefined, existing: ReadonlySet<string>): string[] {
  if (!namespaceIsActive(ns)) return [];
  return defaultServiceAccounts.filter((n) => !existing.has(n));
}

/**
 * The ServiceAccount controller: every active namespace has a `default` ServiceAccount; one that
 * is deleted is created again.
 */
export class ServiceAccountController {
  private readonly queue: WorkQueue;
  private readonly logger: Logger;
  private namespaces?: ResourceWatcher;
  private accounts?: ResourceWatcher;

  constructor(
    private readonly client: KubeClient,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    this.logger = deps.logger.child({ component: 'serviceaccount-controller' });
    this.queue = new WorkQueue({
      clock: deps.clock,
      process: (ns) => this.sync(ns),
      onError: (ns, err) => this.logger.debug({ err, namespace: ns }, 'service account sync failed; retrying'),
    });
  }

  /** Starts watching namespaces and service accounts; returns once both have listed. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.queue.stop(), { once: true });
    const common = { clock: this.deps.clock, logger: this.logger };
    const byName = (ns: KubeObject) => this.queue.add(ns.metadata.name!);
    this.namespaces = new ResourceWatcher(this.client, builtin.namespaces, { onAdd: byName, onUpdate: byName }, common);
    this.accounts = new ResourceWatcher(
      this.client,
      builtin.serviceAccounts,
      { onDelete: (sa) => this.queue.add(sa.metadata.namespace!) },
      common,
    );
    void this.namespaces.run(signal);
    void this.accounts.run(signal);
    await Promise.all([this.namespaces.synced, this.accounts.synced]);
  }

  private async sync(namespace: string): Promise<void> {
    const ns = this.namespaces!.get(namespace);
    const existing = new Set(this.accounts!.list(namespace).map((sa) => sa.metadata.name!));
    for (const name of missingServiceAccounts(ns, existing)) {
      try {
        await this.client.create(builtin.serviceAccounts, { metadata: { name, namespace } });
      } catch (err) {
        if (err instanceof AlreadyExistsError || err instanceof NotFoundError) continue;
        if (err instanceof ForbiddenError && /being terminated/.test(err.message)) continue;
        throw err;
      }
    }
  }
}
