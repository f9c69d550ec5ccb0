import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy } from '../../../sdk/api/validation/index.js';

/** core/v1 serviceaccounts. */
export const serviceAccountResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  namespaced: true,
  shortNames: ['sa'],
  schemaName: 'io.k8s.api.core.v1.ServiceAccount',
  extraSubresources: [
    { name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
  ],
  strategy: buildStrategy({ namespaced: true }),
};
