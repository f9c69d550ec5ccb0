import type { ResourceType } from '../../sdk/api/resource-type.js';
import { crdResourceType } from './apiextensions-v1/crd-type.js';
import { leaseResourceType } from './coordination-v1/lease-type.js';
import { resourceTypes as coreV1ResourceTypes } from './core-v1/index.js';
import { eventsV1ResourceType } from './events-v1/event-type.js';
import { priorityClassResourceType } from './scheduling-v1/priority-class-type.js';
// The one place the core imports plugin code: the built-in plugins' API modules (resource types
// and strategies only, written against sdk/) are registered together with the core's own groups.
// The plugins themselves (controllers, drivers) are still loaded by the plugin host.
import { resourceTypes as autoscalingResourceTypes } from '../../plugins/autoscaling-api/index.js';
import { resourceTypes as networkingResourceTypes } from '../../plugins/networking-api/index.js';
import { resourceTypes as policyResourceTypes } from '../../plugins/policy-api/index.js';
import { resourceTypes as rbacResourceTypes } from '../../plugins/rbac-api/index.js';
import { resourceTypes as storageResourceTypes } from '../../plugins/storage-api/index.js';
import { resourceTypes as workloadsResourceTypes } from '../../plugins/workloads-api/index.js';

export {
  podSelectableFields,
  podUpdatableFieldsText,
  coreEventSelectableFields,
  namespaceNameLabel,
} from './core-v1/index.js';

/** The groups the core owns: core/v1, events.k8s.io, coordination.k8s.io, scheduling.k8s.io, apiextensions.k8s.io. */
export const resourceTypes: ResourceType[] = [
  ...coreV1ResourceTypes,
  eventsV1ResourceType,
  leaseResourceType,
  priorityClassResourceType,
  crdResourceType,
];

/** Every built-in resource type the API server serves: the core's groups, then the built-in plugins' API groups. */
export function allBuiltinResourceTypes(): ResourceType[] {
  return [
    ...resourceTypes,
    ...workloadsResourceTypes,
    ...autoscalingResourceTypes,
    ...networkingResourceTypes,
    ...storageResourceTypes,
    ...policyResourceTypes,
    ...rbacResourceTypes,
  ];
}
