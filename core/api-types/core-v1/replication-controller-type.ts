import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  defaultPodTemplate,
  isRecord,
  specOf,
  validateLabels,
  validateNonnegative,
  validatePodTemplateForReplicaSet,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** replicas 1; an empty selector and empty labels default to the template's labels. */
function defaultRc(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  spec.minReadySeconds ??= 0;
  const templateLabels =
    isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  if (isRecord(templateLabels)) {
    if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...templateLabels };
    if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0)
      obj.metadata.labels = { ...(templateLabels as Record<string, string>) };
  }
  if (spec.template !== undefined) defaultPodTemplate(spec.template);
}

function validateRc(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateNonnegative(spec.replicas, 'spec.replicas');
  causes.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const selector: Record<string, string> = isRecord(spec.selector) ? spec.selector : {};
  if (Object.keys(selector).length === 0) causes.push(fieldError.required('spec.selector', ''));
  else causes.push(...validateLabels(selector, 'spec.selector'));
  if (spec.template === undefined) causes.push(fieldError.required('spec.template', ''));
  else causes.push(...validatePodTemplateForReplicaSet(spec.template, { matchLabels: selector }, 'spec.template'));
  return causes;
}

/** core/v1 replicationcontrollers. */
export const replicationControllerResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ReplicationController',
  plural: 'replicationcontrollers',
  singular: 'replicationcontroller',
  namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
  statusSubresource: true,
  scaleSubresource: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
  schemaName: 'io.k8s.api.core.v1.ReplicationController',
  tracksGeneration: true,
  strategy: buildStrategy({ namespaced: true, defaults: defaultRc, validate: validateRc }),
};
