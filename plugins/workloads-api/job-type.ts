import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  defaultPodTemplate,
  fieldImmutableErrorMsg,
  goLabelSelector,
  invalidFormatted,
  isRecord,
  jsonEqual,
  labelSelectorMatches,
  specOf,
  goStringMap,
  validateEnum,
  validateImmutable,
  validateLabelSelector,
  validateNonnegative,
  validatePodTemplateSpec,
  validatePositive,
} from '../../sdk/api/validation/index.js';
import { validateSelectorImmutable } from './selector-checks.js';

type Json = Record<string, any>;

/** Labels the apiserver puts on a Job's pod template when it generates the selector. */
export const jobLabels = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

/**
 * batch/v1 SetDefaults_Job plus the selector generation of the job strategy's PrepareForCreate:
 * unless manualSelector is true, the template gets the job-name and controller-uid labels (new
 * and legacy keys) and the selector matches `batch.kubernetes.io/controller-uid`. The uid is the
 * one the server set in metadata.uid before defaulting.
 */
export function defaultJob(obj: KubeObject): void {
  const spec = specOf(obj);
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  if (spec.backoffLimit === undefined) spec.backoffLimit = spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= isRecord(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  if (spec.template !== undefined) defaultPodTemplate(spec.template);
  const uid = obj.metadata.uid;
  if (spec.manualSelector !== true && uid && isRecord(spec.template)) {
    const meta = spec.template.metadata as Json;
    const labels: Record<string, string> = isRecord(meta.labels) ? meta.labels : {};
    labels[jobLabels.legacyJobName] ??= obj.metadata.name ?? '';
    labels[jobLabels.jobName] ??= obj.metadata.name ?? '';
    labels[jobLabels.legacyControllerUid] ??= uid;
    labels[jobLabels.controllerUid] ??= uid;
    meta.labels = labels;
    if (!isRecord(spec.selector)) spec.selector = {};
    if (!isRecord(spec.selector.matchLabels)) spec.selector.matchLabels = {};
    spec.selector.matchLabels[jobLabels.controllerUid] ??= uid;
  }
}

/** batch/v1 ValidateJobSpec (the parts that matter for the Job controller). */
export function validateJobSpec(spec: Json, field: string, template: 'job' | 'cronjob'): FieldCause[] {
  const causes = [
    ...validateNonnegative(spec.parallelism, `${field}.parallelism`),
    ...validateNonnegative(spec.completions, `${field}.completions`),
    ...validateNonnegative(spec.backoffLimit, `${field}.backoffLimit`),
    ...validatePositive(spec.activeDeadlineSeconds, `${field}.activeDeadlineSeconds`),
    ...validateNonnegative(spec.ttlSecondsAfterFinished, `${field}.ttlSecondsAfterFinished`),
  ];
  if (spec.completionMode !== undefined)
    causes.push(...validateEnum(spec.completionMode, ['Indexed', 'NonIndexed'], `${field}.completionMode`));
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) {
    causes.push(fieldError.required(`${field}.completions`, 'when completion mode is Indexed'));
  }
  if (spec.podReplacementPolicy !== undefined) {
    causes.push(
      ...validateEnum(spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed'], `${field}.podReplacementPolicy`),
    );
  }
  if (template === 'job') {
    if (!isRecord(spec.selector)) causes.push(fieldError.required(`${field}.selector`, ''));
    else causes.push(...validateLabelSelector(spec.selector, `${field}.selector`));
  }
  if (spec.template === undefined) {
    causes.push(fieldError.required(`${field}.template`, ''));
    return causes;
  }
  const labels = isRecord(spec.template?.metadata) ? spec.template.metadata.labels : undefined;
  if (template === 'job' && isRecord(spec.selector) && !labelSelectorMatches(spec.selector, labels)) {
    causes.push(
      invalidFormatted(
        `${field}.template.metadata.labels`,
        goStringMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  causes.push(...validatePodTemplateSpec(spec.template, `${field}.template`));
  const restart = isRecord(spec.template?.spec) ? spec.template.spec.restartPolicy : undefined;
  if (restart !== 'OnFailure' && restart !== 'Never') {
    causes.push(fieldError.notSupported(`${field}.template.spec.restartPolicy`, restart ?? '', ['OnFailure', 'Never']));
  }
  return causes;
}

function validateJob(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateJobSpec(spec, 'spec', 'job');
  const uid = obj.metadata.uid;
  if (spec.manualSelector !== true && uid && isRecord(spec.selector)) {
    const expected = spec.selector.matchLabels?.[jobLabels.controllerUid];
    if (expected !== uid)
      causes.push(invalidFormatted('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  }
  return causes;
}

/** Selector, completionMode and (unless suspended) the pod template are immutable. */
function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const was: Json = isRecord(old.spec) ? old.spec : {};
  const causes = validateSelectorImmutable(obj, old);
  causes.push(...validateImmutable(spec.completionMode, was.completionMode, 'spec.completionMode'));
  if (spec.completionMode !== 'Indexed')
    causes.push(...validateImmutable(spec.completions, was.completions, 'spec.completions'));
  if (!jsonEqual(spec.template, was.template) && !(was.suspend === true)) {
    causes.push(invalidFormatted('spec.template', 'core.PodTemplateSpec{...}', fieldImmutableErrorMsg));
  }
  return causes;
}

/** batch/v1 jobs. */
export const jobResourceType: ResourceType = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  singular: 'job',
  namespaced: true,
  categories: ['all'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.batch.v1.Job',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultJob,
    validate: validateJob,
    validateUpdate: validateJobUpdate,
    selectableFields: (obj) => ({ 'status.successful': String((obj.status as Json | undefined)?.successful ?? 0) }),
  }),
};
