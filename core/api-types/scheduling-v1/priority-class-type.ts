import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, validateEnum } from '../../../sdk/api/validation/index.js';

/** The highest priority a user-defined class may have. */
export const highestUserDefinablePriority = 1_000_000_000;
/** The built-in classes and their values. */
export const systemPriorityClasses: Record<string, number> = {
  'system-node-critical': 2_000_001_000,
  'system-cluster-critical': 2_000_000_000,
};

function validatePriorityClass(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = obj.metadata.name ?? '';
  if (name.startsWith('system-')) {
    if (systemPriorityClasses[name] === undefined) {
      causes.push(fieldError.forbidden('metadata.name', "priority class names with 'system-' prefix are reserved"));
    } else if (obj.value !== systemPriorityClasses[name]) {
      causes.push(fieldError.forbidden('value', `value of ${name} must be ${systemPriorityClasses[name]}`));
    }
  } else if (typeof obj.value === 'number' && obj.value > highestUserDefinablePriority) {
    causes.push(
      fieldError.forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`,
      ),
    );
  }
  if (obj.preemptionPolicy !== undefined)
    causes.push(...validateEnum(obj.preemptionPolicy, ['Never', 'PreemptLowerPriority'], 'preemptionPolicy'));
  return causes;
}

function validatePriorityClassUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  if (obj.value !== old.value) causes.push(fieldError.forbidden('value', 'may not be changed in an update.'));
  if (obj.preemptionPolicy !== old.preemptionPolicy)
    causes.push(fieldError.invalid('preemptionPolicy', obj.preemptionPolicy ?? '', 'field is immutable'));
  return causes;
}

/** scheduling.k8s.io/v1 priorityclasses. */
export const priorityClassResourceType: ResourceType = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  singular: 'priorityclass',
  namespaced: false,
  shortNames: ['pc'],
  schemaName: 'io.k8s.api.scheduling.v1.PriorityClass',
  strategy: buildStrategy({
    namespaced: false,
    defaults: (obj) => {
      obj.preemptionPolicy ??= 'PreemptLowerPriority';
    },
    validate: validatePriorityClass,
    validateUpdate: validatePriorityClassUpdate,
  }),
};
