import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  clusterRoleBindingResourceType,
  clusterRoleResourceType,
  roleBindingResourceType,
  roleResourceType,
} from './rbac-types.js';

/** rbac.authorization.k8s.io/v1 resource types. */
export const resourceTypes: ResourceType[] = [
  roleResourceType,
  roleBindingResourceType,
  clusterRoleResourceType,
  clusterRoleBindingResourceType,
];
