import type { Logger as PinoLogger } from 'pino';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { definePlugin, Lifecycle, type PluginContext } from '../../sdk/plugins/index.js';
import {
  startWorkloadControllers,
  workloadControllerNames,
  type RunningWorkloadControllers,
} from './workload-controllers.js';

/**
 * The service token under which the host binds the control plane's KubeClient. `Symbol.for` makes
 * it the same symbol wherever it is spelled, so this matches the core's binding once the sdk
 * exports it.
 */
export const KubeClientService = Symbol.for('capstan.dev/KubeClient');

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
 * KubeClient service; without one it binds nothing (and says so).
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
    bind<Lifecycle>(Lifecycle).toResolvedValue(
      (client: KubeClient) => {
        let running: RunningWorkloadControllers | undefined;
        return {
          async start(ctx: PluginContext) {
            running = await startWorkloadControllers(client, {
              ...readWorkloadPluginConfig(ctx.config),
              clock: ctx.clock,
              logger: ctx.logger as unknown as PinoLogger,
            });
          },
          async stop() {
            await running?.stop();
          },
        };
      },
      [KubeClientService],
    );
  },
});
