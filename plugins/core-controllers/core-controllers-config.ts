import type { CoreControllersOptions } from './core-controllers.js';

/** The controllers of this plugin, by the names configuration uses. */
export const coreControllerNames = [
  'garbage-collector',
  'namespace',
  'serviceaccount',
  'node-lifecycle',
  'pod-gc',
  'endpoints',
  'endpointslice',
  'resourcequota',
] as const;

/** Thrown for a bad `plugins.config.core-controllers` value; names the key. */
export class CoreControllersConfigError extends Error {}

const seconds = (config: Readonly<Record<string, unknown>>, key: string): number | undefined => {
  const v = config[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new CoreControllersConfigError(
      `plugins.config.core-controllers.${key}: must be a positive number of seconds`,
    );
  return v * 1000;
};

/**
 * Reads `plugins.config.core-controllers`:
 *
 * ```yaml
 * controllers: [garbage-collector, namespace, ...]   # which run (default: all)
 * nodeMonitorGracePeriodSeconds: 40                  # --node-monitor-grace-period
 * nodeStartupGracePeriodSeconds: 60                  # --node-startup-grace-period
 * nodeMonitorPeriodSeconds: 5                        # --node-monitor-period
 * ```
 */
export function readCoreControllersConfig(config: Readonly<Record<string, unknown>>): CoreControllersOptions {
  const known = new Set([
    'controllers',
    'nodeMonitorGracePeriodSeconds',
    'nodeStartupGracePeriodSeconds',
    'nodeMonitorPeriodSeconds',
  ]);
  for (const k of Object.keys(config))
    if (!known.has(k)) throw new CoreControllersConfigError(`plugins.config.core-controllers.${k}: unknown key`);
  const list = config['controllers'];
  let enabled: Set<string> = new Set(coreControllerNames);
  if (list !== undefined) {
    if (!Array.isArray(list))
      throw new CoreControllersConfigError('plugins.config.core-controllers.controllers: must be a list');
    for (const n of list)
      if (!(coreControllerNames as readonly unknown[]).includes(n))
        throw new CoreControllersConfigError(
          `plugins.config.core-controllers.controllers: unknown controller ${JSON.stringify(n)} (known: ${coreControllerNames.join(', ')})`,
        );
    enabled = new Set(list as string[]);
  }
  const grace = seconds(config, 'nodeMonitorGracePeriodSeconds');
  const startup = seconds(config, 'nodeStartupGracePeriodSeconds');
  const period = seconds(config, 'nodeMonitorPeriodSeconds');
  return {
    ...(enabled.has('garbage-collector') ? {} : { garbageCollector: false }),
    ...(enabled.has('namespace') ? {} : { namespace: false }),
    ...(enabled.has('serviceaccount') ? {} : { serviceAccounts: false }),
    ...(enabled.has('node-lifecycle')
      ? {
          nodeLifecycle: {
            ...(grace === undefined ? {} : { gracePeriodMs: grace }),
            ...(startup === undefined ? {} : { startupGracePeriodMs: startup }),
            ...(period === undefined ? {} : { monitorPeriodMs: period }),
          },
        }
      : { nodeLifecycle: false }),
    ...(enabled.has('pod-gc') ? {} : { podGc: false }),
    ...(enabled.has('endpoints') ? {} : { endpoints: false }),
    ...(enabled.has('endpointslice') ? {} : { endpointSlices: false }),
    ...(enabled.has('resourcequota') ? {} : { resourceQuota: false }),
  };
}
