import type { KubeClient } from '../../../sdk/index.js';
import { AlreadyExistsError, builtin, NotFoundError } from '../../../sdk/index.js';
import { managedBy, managedByLabel } from './webapp-children.js';

/**
 * `webapp-directory`: one ConfigMap per namespace listing every WebApp's URL. No single WebApp
 * owns it, so the garbage collector cannot clean up after a deleted WebApp: that is what the
 * operator's finalizer does (removeFromDirectory).
 */
export const directoryName = 'webapp-directory';

/** Adds or refreshes the app's entry (a merge patch touches only that key). Idempotent. */
export async function addToDirectory(client: KubeClient, namespace: string, app: string, url: string): Promise<void> {
  try {
    await client.create(builtin.configMaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: directoryName, namespace, labels: { [managedByLabel]: managedBy } },
      data: { [app]: url },
    });
    return;
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
  await client.patch(builtin.configMaps, directoryName, { data: { [app]: url } }, 'merge', { namespace });
}

/** Removes the app's entry; a missing directory is fine. Idempotent. */
export async function removeFromDirectory(client: KubeClient, namespace: string, app: string): Promise<void> {
  try {
    await client.patch(builtin.configMaps, directoryName, { data: { [app]: null } }, 'merge', { namespace });
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}
