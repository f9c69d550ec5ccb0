import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  defaultPodTemplate,
  isRecord,
  maxLenError,
  nameIsDnsSubdomain,
  specOf,
  validateEnum,
  validateNonnegative,
  type NameValidator,
} from '../../sdk/api/validation/index.js';
import { validateJobSpec } from './job-type.js';

type Json = Record<string, any>;

/** CronJob names leave room for the 11-character suffix of the Jobs they create. */
export const cronJobNameMaxLength = 52;

const cronJobName: NameValidator = (name, prefix) => {
  const errs = nameIsDnsSubdomain(name, prefix);
  if (!prefix && name.length > cronJobNameMaxLength) errs.push(maxLenError(cronJobNameMaxLength));
  return errs;
};

/** batch/v1 SetDefaults_CronJob (the job template gets the pod template defaults only). */
export function defaultCronJob(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  if (isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) && spec.jobTemplate.spec.template !== undefined) {
    defaultPodTemplate(spec.jobTemplate.spec.template);
  }
}

const descriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** A standard five-field cron expression, a descriptor, or `@every <duration>`; returns the parser's complaint. */
export function scheduleProblem(schedule: string): string | undefined {
  let s = schedule.trim();
  if (/^(CRON_)?TZ=\S+\s+/.test(s)) s = s.replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (s.startsWith('@')) {
    if (descriptors.includes(s) || /^@every\s+\S+$/.test(s)) return undefined;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const ok = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;
  for (const f of fields)
    if (!ok.test(f)) return `failed to parse int from ${f}: strconv.Atoi: parsing ${JSON.stringify(f)}: invalid syntax`;
  return undefined;
}

function validateCronJob(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  if (!spec.schedule) causes.push(fieldError.required('spec.schedule', ''));
  else {
    const problem = scheduleProblem(String(spec.schedule));
    if (problem) causes.push(fieldError.invalid('spec.schedule', spec.schedule, problem));
  }
  causes.push(...validateEnum(spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], 'spec.concurrencyPolicy'));
  causes.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  causes.push(...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  causes.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  const jobSpec = isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
  if (!jobSpec) causes.push(fieldError.required('spec.jobTemplate.spec.template', ''));
  else causes.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec', 'cronjob'));
  return causes;
}

/** batch/v1 cronjobs. */
export const cronJobResourceType: ResourceType = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  singular: 'cronjob',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.batch.v1.CronJob',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    nameValidator: cronJobName,
    defaults: defaultCronJob,
    validate: validateCronJob,
  }),
};
