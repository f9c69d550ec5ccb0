import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, defaultPodTemplate, validatePodTemplateSpec } from '../../../sdk/api/validation/index.js';

/** core/v1 podtemplates. */
export const podTemplateResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PodTemplate',
  plural: 'podtemplates',
  singular: 'podtemplate',
  namespaced: true,
  schemaName: 'io.k8s.api.core.v1.PodTemplate',
  strategy: buildStrategy({
    namespaced: true,
    defaults: (obj) => {
      if (obj.template === undefined) obj.template = {};
      defaultPodTemplate(obj.template);
    },
    validate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
  }),
};
