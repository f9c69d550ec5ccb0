import { newControllerRef } from './controller-ref.js';
import { parseCronSchedule, CronParseError, type CronSchedule } from './cron-schedule.js';
import { jobFinished } from './job-logic.js';
import { formatTime, parseTime } from './pod-state.js';
import { formatInZone, isKnownTimeZone } from './zoned-time.js';
import type { CronJob, Job } from './workload-types.js';

/** The annotation with the scheduled time a CronJob created a Job for. */
export const cronJobScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Extra wait after the next schedule time before requeueing (nextScheduleDelta). */
export const nextScheduleDeltaMs = 100;

/** What `mostRecentScheduleTime` reports about missed runs. */
export type MissedSchedules = 'none' | 'few' | 'many';

/**
 * mostRecentScheduleTime: starting from lastScheduleTime (or creationTimestamp), optionally no
 * earlier than now - startingDeadlineSeconds, the latest activation at or before now (undefined
 * when the next one lies in the future), with an estimate of how many were missed. Throws when
 * two consecutive activations coincide (an impossible date such as 31 February).
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  nowMs: number,
  schedule: CronSchedule,
  includeStartingDeadline: boolean,
): { earliest: number; mostRecent?: number; missed: MissedSchedules } {
  let earliest = parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? nowMs;
  const deadline = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadline && deadline !== undefined) {
    const schedulingDeadline = nowMs - deadline * 1000;
    if (schedulingDeadline > earliest) earliest = schedulingDeadline;
  }
  const t1 = schedule.next(earliest);
  if (t1 === undefined || nowMs < t1) return { earliest, missed: 'none' };
  const t2 = schedule.next(t1);
  if (t2 === undefined || nowMs < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const elapsed = Math.floor((nowMs - t1) / 1000);
  const missedCount = Math.floor(elapsed / between) + 1;
  let mostRecent: number | undefined;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** The name of the Job for a scheduled time: `<cronjob>-<minutes since the epoch>`. */
export function cronJobJobName(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

/** getJobFromTemplate2: the Job a CronJob creates for `scheduledMs`. */
export function jobFromCronJob(cj: CronJob, scheduledMs: number, timeZone: string): Job {
  const tmpl = structuredClone(cj.spec.jobTemplate);
  const annotations = { ...(tmpl.metadata?.annotations ?? {}) };
  annotations[cronJobScheduledTimestampAnnotation] = formatInZone(scheduledMs, timeZone);
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: cronJobJobName(cj, scheduledMs),
      namespace: cj.metadata.namespace,
      annotations,
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: tmpl.spec,
  };
  if (tmpl.metadata?.labels && Object.keys(tmpl.metadata.labels).length > 0)
    job.metadata.labels = { ...tmpl.metadata.labels };
  return job;
}

/** One write of a CronJob sync. */
export type CronJobAction =
  | { type: 'createJob'; job: Job }
  | { type: 'deleteJob'; job: Job }
  | { type: 'updateStatus'; status: NonNullable<CronJob['status']> }
  | { type: 'event'; eventType: 'Normal' | 'Warning'; reason: string; message: string };

/** A CronJob sync's writes and when to look again. */
export interface CronJobSyncPlan {
  actions: CronJobAction[];
  requeueAfterMs?: number;
}

function finishTime(job: Job): number | undefined {
  const kind = jobFinished(job);
  if (!kind) return undefined;
  if (kind === 'Complete' && job.status?.completionTime) return parseTime(job.status.completionTime);
  return parseTime(job.status?.conditions?.find((c) => c.type === kind)?.lastTransitionTime);
}

/**
 * One sync of a CronJob (CronJobControllerV2.syncCronJob and cleanupFinishedJobs). `jobs` are
 * the Jobs it controls. Finished Jobs leave status.active (and a Complete one moves
 * lastSuccessfulTime); an unfinished Job missing from the list is added. Unless suspended, the
 * most recent missed activation creates a Job named after it, unless it is older than
 * startingDeadlineSeconds (MissSchedule), already made, or concurrencyPolicy forbids it (Forbid:
 * skip while one runs; Replace: delete the running ones first). The oldest finished Jobs beyond
 * the history limits are deleted. `defaultZone` is the zone of schedules without timeZone.
 */
export function planCronJobSync(cj: CronJob, jobs: Job[], nowMs: number, defaultZone = 'UTC'): CronJobSyncPlan {
  const actions: CronJobAction[] = [];
  const old = cj.status ?? {};
  const status: NonNullable<CronJob['status']> = structuredClone(old);
  let active = [...(status.active ?? [])];
  const byUid = new Map(jobs.map((j) => [j.metadata.uid, j]));
  const event = (eventType: 'Normal' | 'Warning', reason: string, message: string) =>
    actions.push({ type: 'event', eventType, reason, message });

  for (const job of jobs) {
    const inActive = active.some((a) => a.uid === job.metadata.uid);
    const finished = jobFinished(job);
    if (!inActive && !finished) {
      active.push(jobRef(job));
    } else if (inActive && finished) {
      active = active.filter((a) => a.uid !== job.metadata.uid);
      event('Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finished}`);
    }
    if (finished === 'Complete') {
      const t = finishTime(job);
      const last = parseTime(status.lastSuccessfulTime);
      if (t !== undefined && (last === undefined || t > last)) status.lastSuccessfulTime = formatTime(t);
    }
  }
  const missing = active.filter((a) => !byUid.has(a.uid));
  for (const m of missing) event('Normal', 'MissingJob', `Active job went missing: ${m.name}`);
  active = active.filter((a) => byUid.has(a.uid));

  const finish = (requeueAfterMs?: number): CronJobSyncPlan => {
    cleanupHistory(cj, jobs, actions);
    if (active.length > 0) status.active = active;
    else delete status.active;
    if (JSON.stringify(status) !== JSON.stringify(old)) actions.push({ type: 'updateStatus', status });
    return { actions, requeueAfterMs };
  };

  if (cj.metadata.deletionTimestamp) return finish();
  const zone = cj.spec.timeZone ?? defaultZone;
  if (cj.spec.timeZone !== undefined && !isKnownTimeZone(cj.spec.timeZone)) {
    event(
      'Warning',
      'UnknownTimeZone',
      `invalid timeZone: "${cj.spec.timeZone}": unknown time zone ${cj.spec.timeZone}`,
    );
    return finish();
  }
  if (cj.spec.suspend) return finish();
  let schedule: CronSchedule;
  try {
    schedule = parseCronSchedule(cj.spec.schedule, zone);
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    event('Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec.schedule}" : ${e.message}`);
    return finish();
  }
  const requeueForNext = (): number | undefined => {
    const r = mostRecentScheduleTime({ ...cj, status }, nowMs, schedule, false);
    const base = r.mostRecent ?? r.earliest;
    const next = schedule.next(base);
    return next === undefined ? undefined : next - nowMs + nextScheduleDeltaMs;
  };
  let recent: ReturnType<typeof mostRecentScheduleTime>;
  try {
    recent = mostRecentScheduleTime(cj, nowMs, schedule, true);
  } catch (e) {
    event('Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${(e as Error).message}`);
    return finish();
  }
  if (recent.missed === 'many')
    event(
      'Warning',
      'TooManyMissedTimes',
      'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    );
  const scheduled = recent.mostRecent;
  if (scheduled === undefined) return finish(requeueForNext());
  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined && scheduled + deadline * 1000 < nowMs) {
    event('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${formatInZone(scheduled, zone)}`);
    return finish(requeueForNext());
  }
  const name = cronJobJobName(cj, scheduled);
  if (active.some((a) => a.name === name) || parseTime(status.lastScheduleTime) === scheduled)
    return finish(requeueForNext());
  const policy = cj.spec.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    event(
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return finish(requeueForNext());
  }
  if (policy === 'Replace') {
    for (const a of active) {
      const job = jobs.find((j) => j.metadata.uid === a.uid);
      if (!job) continue;
      actions.push({ type: 'deleteJob', job });
      event('Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    }
    active = [];
  }
  const job = jobFromCronJob(cj, scheduled, zone);
  actions.push({ type: 'createJob', job });
  event('Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`);
  active.push({ kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, apiVersion: 'batch/v1' });
  status.lastScheduleTime = formatTime(scheduled);
  const plan = finish(requeueForNext());
  return plan;
}

/** An ObjectReference to a Job, as status.active holds it. */
export function jobRef(job: Job): NonNullable<NonNullable<CronJob['status']>['active']>[number] {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace,
    name: job.metadata.name,
    uid: job.metadata.uid,
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion,
  };
}

function cleanupHistory(cj: CronJob, jobs: Job[], actions: CronJobAction[]): void {
  const succeededLimit = cj.spec.successfulJobsHistoryLimit;
  const failedLimit = cj.spec.failedJobsHistoryLimit;
  if (succeededLimit === undefined && failedLimit === undefined) return;
  const byStart = (a: Job, b: Job) => {
    const ta = parseTime(a.status?.startTime);
    const tb = parseTime(b.status?.startTime);
    if (ta === undefined && tb !== undefined) return 1;
    if (tb === undefined && ta !== undefined) return -1;
    if (ta !== tb) return (ta ?? 0) - (tb ?? 0);
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  };
  const remove = (list: Job[], limit: number | undefined) => {
    if (limit === undefined) return;
    const sorted = [...list].sort(byStart);
    for (const job of sorted.slice(0, Math.max(0, sorted.length - limit))) {
      if (job.metadata.deletionTimestamp) continue;
      actions.push({ type: 'deleteJob', job });
      actions.push({
        type: 'event',
        eventType: 'Normal',
        reason: 'SuccessfulDelete',
        message: `Deleted job ${job.metadata.name}`,
      });
    }
  };
  remove(
    jobs.filter((j) => jobFinished(j) === 'Complete'),
    succeededLimit,
  );
  remove(
    jobs.filter((j) => jobFinished(j) === 'Failed'),
    failedLimit,
  );
}
