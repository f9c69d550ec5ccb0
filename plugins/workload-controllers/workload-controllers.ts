import type { Logger } from 'pino';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { Manager, type Clock } from '../../sdk/runtime/index.js';
import { controllerRefOf } from './controller-ref.js';
import { cronJobControllerOptions } from './cron-job-controller.js';
import { daemonSetControllerOptions } from './daemon-set-controller.js';
import type { DaemonSet } from './workload-types.js';
import { deploymentControllerOptions } from './deployment-controller.js';
import { jobControllerOptions } from './job-controller.js';
import { replicaSetControllerOptions } from './replica-set-controller.js';
import { statefulSetControllerOptions } from './stateful-set-controller.js';

/** Options of the workload controllers. */
export interface WorkloadControllerOptions {
  /** Time for every decision (minReadySeconds, deadlines, backoff, schedules); default the system clock. */
  clock?: Clock;
  /** Zone of CronJob schedules without spec.timeZone (kube-controller-manager's local zone); default UTC. */
  defaultTimeZone?: string;
  /** Which controllers to run (default all): `replicaset`, `deployment`, `daemonset`, `statefulset`, `job`, `cronjob`. */
  enabled?: readonly string[];
}

/** Names of the controllers this package provides. */
export const workloadControllerNames = [
  'replicaset',
  'deployment',
  'daemonset',
  'statefulset',
  'job',
  'cronjob',
] as const;

/** Adds the ReplicaSet, Deployment, DaemonSet, StatefulSet, Job and CronJob controllers to a manager (which may already run). */
export function addWorkloadControllers(manager: Manager, options: WorkloadControllerOptions = {}): void {
  const clock = options.clock ?? { now: () => Date.now() };
  const on = (n: string) => !options.enabled || options.enabled.includes(n);
  if (on('replicaset')) manager.addController(replicaSetControllerOptions(clock) as never);
  if (on('deployment')) {
    const rsInformer = manager.informers.informer(builtin.replicaSets);
    manager.addController(
      deploymentControllerOptions(clock, (namespace, name) => {
        const rs = rsInformer.get(name, namespace);
        const ref = rs ? controllerRefOf(rs) : undefined;
        return ref?.kind === 'Deployment' ? { name: ref.name } : undefined;
      }),
    );
  }
  if (on('daemonset')) {
    const dsInformer = manager.informers.informer(builtin.daemonSets);
    manager.addController(daemonSetControllerOptions(clock, () => dsInformer.list() as DaemonSet[]));
  }
  if (on('statefulset')) manager.addController(statefulSetControllerOptions(clock));
  if (on('job')) manager.addController(jobControllerOptions(clock));
  if (on('cronjob')) manager.addController(cronJobControllerOptions(clock, options.defaultTimeZone ?? 'UTC'));
}

/** A running set of workload controllers with their own manager. */
export interface RunningWorkloadControllers {
  readonly manager: Manager;
  stop(): Promise<void>;
}

/**
 * Starts the workload controllers on their own manager over `client` (no leader election: for
 * embedding and tests; `capstan server` adds them to its elected manager instead).
 */
export async function startWorkloadControllers(
  client: KubeClient,
  options: WorkloadControllerOptions & { logger?: Logger } = {},
): Promise<RunningWorkloadControllers> {
  const manager = new Manager({ client, clock: options.clock, logger: options.logger });
  addWorkloadControllers(manager, options);
  await manager.start();
  return { manager, stop: () => manager.stop() };
}
