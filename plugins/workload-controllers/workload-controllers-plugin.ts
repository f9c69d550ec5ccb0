import type { Logger as PinoLogger } from 'pino';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import {
  definePlugin,
  KubeClientService,
  Leadership,
  leadComponent,
  Lifecycle,
  type LedComponent,
  type PluginContext,
} from '../../sdk/plugins/index.js';
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
  register({ bind, isBound, logger }) {
    if (!isBound(KubeClientService)) {
      logger.warn(
        { component: 'workload-controllers' },
        'no KubeClient service is bound; workload controllers stay off',
      );
      return;
    }
    bind<Lifecycle>(Lifecycle).toResolvedValue<[KubeClient, Leadership | undefined]>(
      (client: KubeClient, leadership: Leadership | undefined) => {
        let led: LedComponent | undefined;
        return {
          async start(ctx: PluginContext) {
            led = await leadComponent(
              ctx,
              leadership,
              workloadControllersLease,
              (): Promise<RunningWorkloadControllers> =>
                startWorkloadControllers(client, {
                  ...readWorkloadPluginConfig(ctx.config),
                  clock: ctx.clock,
                  logger: ctx.logger as unknown as PinoLogger,
                }),
            );
          },
          async stop() {
            await led?.done;
          },
        };
      },
      [KubeClientService, { serviceIdentifier: Leadership, optional: true }],
    );
  },
});
