import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  defaultPodTemplate,
  isRecord,
  jsonEqual,
  specOf,
  validateEnum,
  validateNonnegative,
  validatePodTemplateForReplicaSet,
} from '../../sdk/api/validation/index.js';
import { validateRequiredSelector, validateSelectorImmutable } from './selector-checks.js';

type Json = Record<string, any>;

/** apps/v1 SetDefaults_StatefulSet. */
export function defaultStatefulSet(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.podManagementPolicy ??= 'OrderedReady';
  if (!isRecord(spec.updateStrategy)) spec.updateStrategy = {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    if (!isRecord(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  if (!isRecord(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  for (const pvc of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!isRecord(pvc)) continue;
    pvc.apiVersion ??= 'v1';
    pvc.kind ??= 'PersistentVolumeClaim';
    if (!isRecord(pvc.spec)) pvc.spec = {};
    pvc.spec.volumeMode ??= 'Filesystem';
    if (!isRecord(pvc.status)) pvc.status = { phase: 'Pending' };
  }
  if (spec.template !== undefined) defaultPodTemplate(spec.template);
}

function validateStatefulSet(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateEnum(spec.podManagementPolicy, ['OrderedReady', 'Parallel'], 'spec.podManagementPolicy');
  const us: Json = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  causes.push(...validateEnum(us.type, ['OnDelete', 'RollingUpdate'], 'spec.updateStrategy.type'));
  if (us.type === 'OnDelete' && us.rollingUpdate !== undefined) {
    causes.push(
      fieldError.invalid(
        'spec.updateStrategy.rollingUpdate',
        us.rollingUpdate,
        "only allowed for updateStrategy 'RollingUpdate'",
      ),
    );
  }
  if (isRecord(us.rollingUpdate))
    causes.push(...validateNonnegative(us.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  const retention: Json = isRecord(spec.persistentVolumeClaimRetentionPolicy)
    ? spec.persistentVolumeClaimRetentionPolicy
    : {};
  causes.push(
    ...validateEnum(
      retention.whenDeleted,
      ['Retain', 'Delete'],
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
    ),
  );
  causes.push(
    ...validateEnum(retention.whenScaled, ['Retain', 'Delete'], 'spec.persistentVolumeClaimRetentionPolicy.whenScaled'),
  );
  causes.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  causes.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...validateRequiredSelector(spec.selector, 'spec.selector'));
  if (spec.template === undefined) causes.push(fieldError.required('spec.template', ''));
  else
    causes.push(
      ...validatePodTemplateForReplicaSet(
        withClaimVolumes(spec.template, spec.volumeClaimTemplates),
        isRecord(spec.selector) ? spec.selector : undefined,
        'spec.template',
      ),
    );
  return causes;
}

/**
 * The template as its pods will be: containers may mount the volumeClaimTemplates by name, so the
 * claims count as volumes when the mounts are checked (the union Kubernetes' validation intends).
 */
function withClaimVolumes(template: unknown, claims: unknown): unknown {
  if (!isRecord(template) || !isRecord(template.spec) || !Array.isArray(claims)) return template;
  const own = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
  const names = new Set(own.map((v: Json) => v?.name));
  const extra = claims
    .map((c) => (isRecord(c) && isRecord(c.metadata) ? c.metadata.name : undefined))
    .filter((n): n is string => typeof n === 'string' && n !== '' && !names.has(n))
    .map((name) => ({ name, persistentVolumeClaim: { claimName: name } }));
  if (extra.length === 0) return template;
  return { ...template, spec: { ...template.spec, volumes: [...own, ...extra] } };
}

const updatableStatefulSetFields = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const spec: Json = { ...(isRecord(obj.spec) ? obj.spec : {}) };
  const was: Json = { ...(isRecord(old.spec) ? old.spec : {}) };
  for (const f of [...updatableStatefulSetFields, 'revisionHistoryLimit']) {
    delete spec[f];
    delete was[f];
  }
  const causes = validateSelectorImmutable(obj, old);
  delete spec.selector;
  delete was.selector;
  if (!jsonEqual(spec, was)) {
    causes.push(
      fieldError.forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return causes;
}

/** apps/v1 statefulsets. */
export const statefulSetResourceType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  statusSubresource: true,
  scaleSubresource: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
  schemaName: 'io.k8s.api.apps.v1.StatefulSet',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultStatefulSet,
    validate: validateStatefulSet,
    validateUpdate: validateStatefulSetUpdate,
  }),
};
