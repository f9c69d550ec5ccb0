import type { Logger as PinoLogger } from 'pino';
import { bindLedLifecycle, definePlugin, KubeClientService } from '../../sdk/plugins/index.js';
import {
  startWorkloadControllers,
  workloadControllerNames,
  type RunningWorkloadControllers,
} from './workload-controllers.js';

export { KubeClientService };

/** The Lease that elects the process running these controllers. */
export const workloadControllersLease = 'capstan-workload-controllers';

/** Reads `plugins.config.workload-controllers`: `defaultTimeZone` (string) and `controllers` (list of names). */
export function readWorkloadPluginConfig(config: Readonly<Record<string, unknown>>): {
  defaultTimeZone: string;
  enabled?: string[];
} {
  const tz = config['defaultTimeZone'];
  const list = config['controllers'];
  const enabled = Array.isArray(list)
    ? list.filter(
        (n): n is string => typeof n === 'string' && (workloadControllerNames as readonly string[]).includes(n),
      )
    : undefined;
  return { defaultTimeZone: typeof tz === 'string' && tz !== '' ? tz : 'UTC', ...(enabled ? { enabled } : {}) };
}

/**
 * The workload controllers plugin: ReplicaSet, Deployment, DaemonSet, Job and CronJob controllers on the sdk
 * controller runtime, started when the plugin starts and stopped on shutdown. It needs the
 * KubeClient service; without one it binds nothing (and says so). With a Leadership service the
 * controllers run only in the process that holds the `capstan-workload-controllers` Lease.
 */
export const workloadControllersPlugin = definePlugin({
  name: 'workload-controllers',
  version: '0.1.0',
  description: 'ReplicaSet, Deployment, DaemonSet, Job and CronJob controllers (kube-controller-manager semantics)',
  register(reg) {
    bindLedLifecycle(reg, {
      component: 'workload-controllers',
      lease: workloadControllersLease,
      start: (client, ctx): Promise<RunningWorkloadControllers> =>
        startWorkloadControllers(client, {
          ...readWorkloadPluginConfig(ctx.config),
          clock: ctx.clock,
          logger: ctx.logger as unknown as PinoLogger,
        }),
    });
  },
});
