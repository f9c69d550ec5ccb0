import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  csiDriverResourceType,
  csiNodeResourceType,
  storageClassResourceType,
  volumeAttachmentResourceType,
} from './storage-types.js';

export { defaultCsiDriver } from './storage-types.js';

/** storage.k8s.io/v1 resource types (served by the storage plugins). */
export const resourceTypes: ResourceType[] = [
  storageClassResourceType,
  csiDriverResourceType,
  csiNodeResourceType,
  volumeAttachmentResourceType,
];
