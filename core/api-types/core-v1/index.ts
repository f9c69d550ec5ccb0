import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { configMapResourceType } from './configmap-type.js';
import { endpointsResourceType } from './endpoints-type.js';
import { coreEventResourceType } from './event-type.js';
import { limitRangeResourceType } from './limit-range-type.js';
import { namespaceResourceType } from './namespace-type.js';
import { nodeResourceType } from './node-type.js';
import { persistentVolumeClaimResourceType } from './persistent-volume-claim-type.js';
import { persistentVolumeResourceType } from './persistent-volume-type.js';
import { podTemplateResourceType } from './pod-template-type.js';
import { podResourceType } from './pod-type.js';
import { replicationControllerResourceType } from './replication-controller-type.js';
import { resourceQuotaResourceType } from './resource-quota-type.js';
import { secretResourceType } from './secret-type.js';
import { serviceAccountResourceType } from './service-account-type.js';
import { serviceResourceType } from './service-type.js';

export { podSelectableFields, podUpdatableFieldsText } from './pod-type.js';
export { coreEventSelectableFields } from './event-type.js';
export { namespaceNameLabel } from './namespace-type.js';

/** The core/v1 resource types. */
export const resourceTypes: ResourceType[] = [
  namespaceResourceType,
  podResourceType,
  serviceResourceType,
  endpointsResourceType,
  configMapResourceType,
  secretResourceType,
  serviceAccountResourceType,
  coreEventResourceType,
  nodeResourceType,
  persistentVolumeResourceType,
  persistentVolumeClaimResourceType,
  resourceQuotaResourceType,
  limitRangeResourceType,
  replicationControllerResourceType,
  podTemplateResourceType,
];
