import {
  ageColumn,
  column,
  containersColumn,
  imagesColumn,
  nameColumn,
  selectorColumn,
} from './column-descriptions.js';
import { containerCells } from './container-cells.js';
import { num, obj, objects, str } from './field-access.js';
import { humanDuration, parseTimestamp, translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';
import { formatLabelSelector } from './label-format.js';

const JOB_SELECTOR_DESCRIPTION =
  'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors';

/** Whether the first condition of `type` has status True (hasJobCondition). */
function jobCondition(conditions: unknown, type: string): boolean {
  const c = objects(conditions).find((x) => str(x.type) === type);
  return c !== undefined && str(c.status) === 'True';
}

function jobStatus(job: { metadata: { deletionTimestamp?: string } }, conditions: unknown): string {
  if (jobCondition(conditions, 'Complete')) return 'Complete';
  if (jobCondition(conditions, 'Failed')) return 'Failed';
  if (typeof job.metadata.deletionTimestamp === 'string' && job.metadata.deletionTimestamp !== '') return 'Terminating';
  if (jobCondition(conditions, 'Suspended')) return 'Suspended';
  if (jobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const succeeded = num(status.succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  const parallelism = num(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(status: Record<string, unknown>, now: Date): string {
  const start = parseTimestamp(status.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(status.completionTime);
  return humanDuration((end ?? now.getTime()) - start);
}

/** Jobs (1.32): Name, Status, Completions, Duration, Age, [Containers, Images, Selector]. */
export const jobPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column(
      'Completions',
      'string',
      'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
    ),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(JOB_SELECTOR_DESCRIPTION),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [names, images] = containerCells(obj(obj(spec.template).spec));
    return [
      o.metadata.name ?? '',
      jobStatus(o, status.conditions),
      completions(spec, status),
      jobDuration(status, now),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ];
  },
};

/** `True`, `False` or `<unset>` (printBoolPtr). */
export function boolPointerText(value: unknown): string {
  if (typeof value !== 'boolean') return '<unset>';
  return value ? 'True' : 'False';
}

/** CronJobs: Name, Schedule, Timezone, Suspend, Active, Last Schedule, Age, [Containers, Images, Selector]. */
export const cronJobPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column(
      'Timezone',
      'string',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones',
    ),
    column(
      'Suspend',
      'boolean',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
    ),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(JOB_SELECTOR_DESCRIPTION),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const jobSpec = obj(obj(spec.jobTemplate).spec);
    const [names, images] = containerCells(obj(obj(jobSpec.template).spec));
    const last =
      parseTimestamp(status.lastScheduleTime) === undefined
        ? '<none>'
        : translateTimestampSince(status.lastScheduleTime, now);
    return [
      o.metadata.name ?? '',
      str(spec.schedule),
      typeof spec.timeZone === 'string' ? spec.timeZone : '<none>',
      boolPointerText(spec.suspend),
      objects(status.active).length,
      last,
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(jobSpec.selector),
    ];
  },
};
