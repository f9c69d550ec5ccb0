import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  defaultPodTemplate,
  intOrPercentValue,
  isRecord,
  specOf,
  validateEnum,
  validateNonnegative,
  validatePodTemplateForReplicaSet,
  validatePositiveIntOrPercent,
  validateNotMoreThan100Percent,
} from '../../sdk/api/validation/index.js';
import { validateRequiredSelector, validateSelectorImmutable } from './selector-checks.js';

type Json = Record<string, any>;

/** apps/v1 SetDefaults_DaemonSet. */
export function defaultDaemonSet(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!isRecord(spec.updateStrategy)) spec.updateStrategy = {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    if (!isRecord(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {};
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  if (spec.template !== undefined) defaultPodTemplate(spec.template);
}

function validateDaemonSet(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateRequiredSelector(spec.selector, 'spec.selector');
  if (spec.template === undefined) causes.push(fieldError.required('spec.template', ''));
  else
    causes.push(
      ...validatePodTemplateForReplicaSet(
        spec.template,
        isRecord(spec.selector) ? spec.selector : undefined,
        'spec.template',
      ),
    );
  causes.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const us: Json = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  causes.push(...validateEnum(us.type, ['OnDelete', 'RollingUpdate'], 'spec.updateStrategy.type'));
  if (us.type === 'RollingUpdate' && isRecord(us.rollingUpdate)) {
    const p = 'spec.updateStrategy.rollingUpdate';
    causes.push(...validatePositiveIntOrPercent(us.rollingUpdate.maxUnavailable, `${p}.maxUnavailable`));
    causes.push(...validateNotMoreThan100Percent(us.rollingUpdate.maxUnavailable, `${p}.maxUnavailable`));
    causes.push(...validatePositiveIntOrPercent(us.rollingUpdate.maxSurge, `${p}.maxSurge`));
    if (
      intOrPercentValue(us.rollingUpdate.maxUnavailable) === 0 &&
      intOrPercentValue(us.rollingUpdate.maxSurge) === 0
    ) {
      causes.push(
        fieldError.invalid(`${p}.maxUnavailable`, us.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'),
      );
    }
  }
  return causes;
}

/** apps/v1 daemonsets. */
export const daemonSetResourceType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.apps.v1.DaemonSet',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultDaemonSet,
    validate: validateDaemonSet,
    validateUpdate: validateSelectorImmutable,
  }),
};
