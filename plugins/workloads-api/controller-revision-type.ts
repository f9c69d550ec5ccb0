import type { ResourceType } from '../../sdk/api/resource-type.js';
import { buildStrategy, validateImmutable, validateNonnegative } from '../../sdk/api/validation/index.js';

/** apps/v1 controllerrevisions (the history of DaemonSets and StatefulSets). */
export const controllerRevisionResourceType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  namespaced: true,
  schemaName: 'io.k8s.api.apps.v1.ControllerRevision',
  strategy: buildStrategy({
    namespaced: true,
    validate: (obj) => validateNonnegative(obj.revision, 'revision'),
    validateUpdate: (obj, old) => validateImmutable(obj.data, old.data, 'data'),
  }),
};
