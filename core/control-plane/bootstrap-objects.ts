import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import type { ApiServer } from '../apiserver/api-server.js';
import { prepareForCreate } from '../apiserver/handlers/object-lifecycle.js';

/** The namespaces every cluster starts with. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

type Lookup = (group: string, version: string, plural: string) => ResourceType | undefined;

/**
 * Creates the objects a fresh cluster has: the system namespaces and the `kubernetes` Service in
 * `default` (cluster IP 10.96.0.1, port 443 to the API server's port) with its Endpoints. Each
 * goes through its kind's defaulting; objects that exist are left as they are.
 */
export async function ensureBootstrapObjects(
  api: ApiServer,
  lookup: Lookup,
  apiServer: { host: string; port: number },
): Promise<void> {
  const nsType = lookup('', 'v1', 'namespaces');
  if (nsType) {
    for (const name of systemNamespaces) {
      await ensure(api, nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
  const svcType = lookup('', 'v1', 'services');
  if (svcType) {
    await ensure(api, svcType, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServer.port }],
        sessionAffinity: 'None',
      },
    });
  }
  const epType = lookup('', 'v1', 'endpoints');
  if (epType) {
    await ensure(api, epType, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        { addresses: [{ ip: apiServer.host }], ports: [{ name: 'https', port: apiServer.port, protocol: 'TCP' }] },
      ],
    });
  }
}

async function ensure(api: ApiServer, type: ResourceType, obj: KubeObject): Promise<void> {
  if (await api.storage.get(type, obj.metadata.namespace, obj.metadata.name!)) return;
  prepareForCreate(type, obj, new Date());
  type.strategy?.applyDefaults?.(obj);
  await api.storage.create(type, obj);
}
