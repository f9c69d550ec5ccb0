import type { ResourceType } from '../../sdk/api/resource-type.js';
import { endpointSliceResourceType } from './endpoint-slice-type.js';
import { ingressClassResourceType, ingressResourceType } from './ingress-type.js';
import { networkPolicyResourceType } from './network-policy-type.js';

export { defaultNetworkPolicy } from './network-policy-type.js';

/** networking.k8s.io/v1 and discovery.k8s.io/v1 resource types (served by the networking plugin). */
export const resourceTypes: ResourceType[] = [
  ingressResourceType,
  ingressClassResourceType,
  networkPolicyResourceType,
  endpointSliceResourceType,
];
