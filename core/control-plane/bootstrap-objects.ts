import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ApiServer } from '../apiserver/api-server.js';
import { prepareForCreate } from '../apiserver/handlers/object-lifecycle.js';

/** The namespaces every cluster starts with. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Creates the objects a fresh cluster has (system namespaces), going through the kinds'
 * defaulting; objects that exist are left as they are.
 */
export async function ensureBootstrapObjects(api: ApiServer, registryLookup: (g: string, v: string, p: string) => import('../../sdk/api/resource-type.js').ResourceType | undefined): Promise<void> {
  const nsType = registryLookup('', 'v1', 'namespaces');
  if (!nsType) return;
  for (const name of systemNamespaces) {
    if (await api.storage.get(nsType, undefined, name)) continue;
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    prepareForCreate(nsType, ns, new Date());
    nsType.strategy?.applyDefaults?.(ns);
    await api.storage.create(nsType, ns);
  }
}
