import type { Logger } from 'pino';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { Leadership } from '../../sdk/plugins/leadership.js';
import { SchedulerPluginRegistration, type KubeSchedulerConfiguration } from '../../sdk/scheduler/index.js';
import type { PluginHost } from '../plugins/index.js';
import { resolveProfiles } from '../scheduler/profile-config.js';
import { startScheduler } from '../scheduler/run-scheduler.js';

/** The Lease that elects the scheduling process, as kube-scheduler's. */
export const schedulerLease = 'kube-scheduler';

/** What the control plane's scheduler needs. */
export interface ControlPlaneSchedulerOptions {
  plugins: PluginHost;
  client: KubeClient;
  leadership: Leadership;
  /** The configuration file's `scheduler:` section (KubeSchedulerConfiguration-shaped). */
  config?: Readonly<Record<string, unknown>>;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Starts the scheduler with every SchedulerPluginRegistration the plugins contributed, while this
 * process leads the `kube-scheduler` Lease (at once when not leader-elected; then this resolves
 * once it has synced, and throws for an invalid configuration). Returns undefined, and logs why,
 * when no plugin contributes scheduler plugins.
 */
export async function startControlPlaneScheduler(
  o: ControlPlaneSchedulerOptions,
): Promise<{ done: Promise<void> } | undefined> {
  if (!o.plugins.container.isBound(SchedulerPluginRegistration)) {
    o.logger.warn('no scheduler plugins are loaded (is scheduler-defaults disabled?); pods will not be scheduled');
    return undefined;
  }
  const registrations = o.plugins.container.getAll<SchedulerPluginRegistration>(SchedulerPluginRegistration);
  const config = o.config as KubeSchedulerConfiguration | undefined;
  resolveProfiles(config);
  const lead = async (signal: AbortSignal) => {
    const running = await startScheduler({ client: o.client, registrations, config, logger: o.logger, signal });
    await running.done;
  };
  if (!o.leadership.elected) {
    const running = await startScheduler({
      client: o.client,
      registrations,
      config,
      logger: o.logger,
      signal: o.signal,
    });
    return { done: running.done };
  }
  return { done: o.leadership.whileLeading(schedulerLease, lead, o.signal) };
}
