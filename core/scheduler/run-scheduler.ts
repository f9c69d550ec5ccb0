import type { Logger } from 'pino';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { InformerFactory } from '../../sdk/informers/index.js';
import type { ResourceDescriptor } from '../../sdk/client/resource-descriptor.js';
import {
  SchedulerPluginRegistry,
  type Clock,
  type KubeSchedulerConfiguration,
  type Node,
  type Pod,
  type PodDisruptionBudget,
  type PriorityClass,
  type SchedulerPluginRegistration,
} from '../../sdk/scheduler/index.js';
import { Scheduler } from './scheduler.js';

/** How to start a scheduler against an API server. */
export interface StartSchedulerOptions {
  /** The client the informers list/watch with and the scheduler writes through. */
  readonly client: KubeClient;
  /** Every scheduler plugin contributed (SchedulerPluginRegistration bindings). */
  readonly registrations: Iterable<SchedulerPluginRegistration>;
  readonly config?: KubeSchedulerConfiguration;
  /** Shared informers of the process; a private factory is made when absent. */
  readonly informers?: InformerFactory;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Stops the scheduler (and a private informer factory). */
  readonly signal: AbortSignal;
}

/** A running scheduler. */
export interface RunningScheduler {
  readonly scheduler: Scheduler;
  /** Settles when the loop has ended after `signal` aborted. */
  readonly done: Promise<void>;
}

/**
 * Wires a Scheduler to shared informers (pods, nodes, PodDisruptionBudgets, PriorityClasses,
 * namespaces), waits for pods and nodes to sync, then runs the scheduling loop until `signal`
 * aborts. Throws when the configuration is invalid (unknown plugin, duplicate profile, ...).
 */
export async function startScheduler(opts: StartSchedulerOptions): Promise<RunningScheduler> {
  const own = !opts.informers;
  const factory = opts.informers ?? new InformerFactory(opts.client, { clock: opts.clock, logger: opts.logger });
  const scheduler = new Scheduler({
    client: factory.client,
    registry: new SchedulerPluginRegistry(opts.registrations),
    config: opts.config,
    clock: opts.clock,
    logger: opts.logger,
  });
  const pods = factory.informer(builtin.pods as ResourceDescriptor<Pod>);
  pods.addEventHandler({
    onAdd: (p) => scheduler.onPodAdd(p),
    onUpdate: (o, n) => scheduler.onPodUpdate(o, n),
    onDelete: (p) => scheduler.onPodDelete(p),
  });
  const nodes = factory.informer(builtin.nodes as ResourceDescriptor<Node>);
  nodes.addEventHandler({
    onAdd: (n) => scheduler.onNodeAdd(n),
    onUpdate: (o, n) => scheduler.onNodeUpdate(o, n),
    onDelete: (n) => scheduler.onNodeDelete(n),
  });
  const watch = <T extends KubeObject>(res: typeof builtin.pods, set: (o: T) => void, del: (o: T) => void) =>
    factory.informer(res).addEventHandler({
      onAdd: (o) => set(o as T),
      onUpdate: (_o, n) => set(n as T),
      onDelete: (o) => del(o as T),
    });
  watch<PodDisruptionBudget>(
    builtin.podDisruptionBudgets,
    (o) => scheduler.objects.setPdb(o),
    (o) => scheduler.objects.deletePdb(o),
  );
  watch<PriorityClass>(
    builtin.priorityClasses,
    (o) => scheduler.objects.setPriorityClass(o),
    (o) => scheduler.objects.deletePriorityClass(o),
  );
  watch<KubeObject>(
    builtin.namespaces,
    (o) => scheduler.objects.setNamespace(o),
    (o) => scheduler.objects.deleteNamespace(o),
  );
  factory.start();
  await Promise.all([pods.waitForSync(opts.signal), nodes.waitForSync(opts.signal)]);
  const done = scheduler.run(opts.signal).finally(async () => {
    if (own) await factory.stop();
  });
  return { scheduler, done };
}
