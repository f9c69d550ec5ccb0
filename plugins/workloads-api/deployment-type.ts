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
  validateNotMoreThan100Percent,
  validatePodTemplateForReplicaSet,
  validatePositiveIntOrPercent,
} from '../../sdk/api/validation/index.js';
import { validateRequiredSelector, validateSelectorImmutable } from './selector-checks.js';

type Json = Record<string, any>;

/** apps/v1 SetDefaults_Deployment. */
export function defaultDeployment(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  if (!isRecord(spec.strategy)) spec.strategy = {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    if (!isRecord(spec.strategy.rollingUpdate)) spec.strategy.rollingUpdate = {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  if (spec.template !== undefined) defaultPodTemplate(spec.template);
}

function validateStrategy(strategy: Json | undefined, field: string): FieldCause[] {
  if (!isRecord(strategy)) return [];
  const causes = validateEnum(strategy.type, ['Recreate', 'RollingUpdate'], `${field}.type`);
  const ru = strategy.rollingUpdate;
  if (strategy.type === 'Recreate' && ru !== undefined) {
    causes.push(
      fieldError.forbidden(`${field}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"),
    );
  }
  if (strategy.type === 'RollingUpdate') {
    if (!isRecord(ru))
      causes.push(fieldError.required(`${field}.rollingUpdate`, 'this should be defaulted and never be nil'));
    else {
      const p = `${field}.rollingUpdate`;
      causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      causes.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        causes.push(fieldError.invalid(`${p}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      causes.push(...validateNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
    }
  }
  return causes;
}

/** apps/v1 ValidateDeploymentSpec. */
export function validateDeployment(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateNonnegative(spec.replicas, 'spec.replicas');
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
  causes.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  causes.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds !== undefined) {
    causes.push(...validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      causes.push(
        fieldError.invalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return causes;
}

/** apps/v1 deployments. */
export const deploymentResourceType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  statusSubresource: true,
  scaleSubresource: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
  schemaName: 'io.k8s.api.apps.v1.Deployment',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultDeployment,
    validate: validateDeployment,
    validateUpdate: validateSelectorImmutable,
  }),
};
