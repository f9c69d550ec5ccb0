import type { Controller, KubeClient, ManagerOptions } from '../../../sdk/index.js';
import { builtin, Manager } from '../../../sdk/index.js';
import { webAppResource, type WebApp } from './generated/apps.capstan.dev/v1alpha1/index.js';
import { managedBy, managedByLabel } from './webapp-children.js';
import { WebAppReconciler } from './webapp-reconciler.js';

/** Only the objects this operator manages are cached, not every ConfigMap of the cluster. */
const ownedSelector = { labelSelector: `${managedByLabel}=${managedBy}` };

/**
 * Adds the WebApp controller to a manager: it reconciles WebApps and is woken by changes to the
 * Deployments, Services and ConfigMaps they own.
 */
export function addWebAppController(manager: Manager, options: { now?: () => number } = {}): Controller<WebApp> {
  return manager.addController<WebApp>({
    name: 'webapp',
    for: webAppResource,
    owns: [
      { resource: builtin.deployments, selector: ownedSelector },
      { resource: builtin.services, selector: ownedSelector },
      { resource: builtin.configMaps, selector: ownedSelector },
    ],
    reconciler: new WebAppReconciler(options.now),
    maxConcurrentReconciles: 4,
  });
}

/** A started manager running the WebApp controller against `client`; stop it with `stop()`. */
export async function startWebAppOperator(
  client: KubeClient,
  options: Omit<ManagerOptions, 'client'> = {},
): Promise<Manager> {
  const manager = new Manager({ eventSource: 'apps.capstan.dev', ...options, client });
  addWebAppController(manager);
  await manager.start();
  return manager;
}
