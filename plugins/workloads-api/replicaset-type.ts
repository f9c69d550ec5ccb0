import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  defaultPodTemplate,
  isRecord,
  specOf,
  validateNonnegative,
  validatePodTemplateForReplicaSet,
} from '../../sdk/api/validation/index.js';
import { validateRequiredSelector, validateSelectorImmutable } from './selector-checks.js';

type Json = Record<string, any>;

function validateReplicaSet(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateNonnegative(spec.replicas, 'spec.replicas');
  causes.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...validateRequiredSelector(spec.selector, 'spec.selector'));
  if (spec.template === undefined) causes.push(fieldError.required('spec.template', ''));
  else
    causes.push(
      ...validatePodTemplateForReplicaSet(
        spec.template,
        isRecord(spec.selector) ? spec.selector : undefined,
        'spec.template',
      ),
    );
  return causes;
}

/** apps/v1 replicasets. */
export const replicaSetResourceType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  statusSubresource: true,
  scaleSubresource: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
  schemaName: 'io.k8s.api.apps.v1.ReplicaSet',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: (obj) => {
      const spec = specOf(obj);
      spec.replicas ??= 1;
      if (spec.template !== undefined) defaultPodTemplate(spec.template);
    },
    validate: validateReplicaSet,
    validateUpdate: validateSelectorImmutable,
  }),
};
