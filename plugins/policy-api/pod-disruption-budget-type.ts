import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  isRecord,
  validateEnum,
  validateLabelSelector,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;

function validatePdb(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    causes.push(fieldError.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const f of ['minAvailable', 'maxUnavailable']) {
    causes.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`));
    causes.push(...validateNotMoreThan100Percent(spec[f], `spec.${f}`));
  }
  causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (spec.unhealthyPodEvictionPolicy !== undefined) {
    causes.push(
      ...validateEnum(
        spec.unhealthyPodEvictionPolicy,
        ['AlwaysAllow', 'IfHealthyBudget'],
        'spec.unhealthyPodEvictionPolicy',
      ),
    );
  }
  return causes;
}

/** policy/v1 poddisruptionbudgets. */
export const podDisruptionBudgetResourceType: ResourceType = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  shortNames: ['pdb'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: (obj) => {
      if (!isRecord(obj.status))
        obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    },
    validate: validatePdb,
  }),
};
