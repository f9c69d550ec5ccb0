import test from 'ava';
import {
  mostRecentScheduleTime,
  planCronJobSync,
  type CronJobAction,
} from '../../../plugins/workload-controllers/cron-job-logic.js';
import { parseCronSchedule } from '../../../plugins/workload-controllers/cron-schedule.js';
import { formatTime } from '../../../plugins/workload-controllers/pod-state.js';
import type { CronJob, Job } from '../../../plugins/workload-controllers/workload-types.js';

const created = Date.parse('2025-01-01T10:00:30Z');

function cronJob(spec: Partial<CronJob['spec']> = {}, status?: CronJob['status']): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid', creationTimestamp: formatTime(created) },
    spec: {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels: { team: 'a' } },
        spec: { template: { spec: { containers: [{ name: 'c' }] } } },
      },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

function runningJob(name: string, uid: string): Job {
  return { metadata: { name, namespace: 'default', uid }, spec: { template: {} }, status: { active: 1 } };
}

const byType = <T extends CronJobAction['type']>(a: CronJobAction[], type: T) =>
  a.filter((x) => x.type === type) as Array<Extract<CronJobAction, { type: T }>>;

test('nothing is due before the first activation; the requeue lands just after it', (t) => {
  const plan = planCronJobSync(cronJob(), [], Date.parse('2025-01-01T10:03:00Z'));
  t.is(byType(plan.actions, 'createJob').length, 0);
  t.is(plan.requeueAfterMs, 2 * 60_000 + 100);
});

test('a due activation creates <name>-<minutes since epoch> with a controller ref, the scheduled-timestamp annotation and status', (t) => {
  const now = Date.parse('2025-01-01T10:05:02Z');
  const plan = planCronJobSync(cronJob(), [], now);
  const [create] = byType(plan.actions, 'createJob');
  const scheduled = Date.parse('2025-01-01T10:05:00Z');
  t.is(create?.job.metadata.name, `hello-${scheduled / 60_000}`);
  t.is(create?.job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2025-01-01T10:05:00Z');
  t.deepEqual(create?.job.metadata.labels, { team: 'a' });
  t.like(create?.job.metadata.ownerReferences?.[0], { kind: 'CronJob', name: 'hello', controller: true });
  const [status] = byType(plan.actions, 'updateStatus');
  t.is(status?.status.lastScheduleTime, '2025-01-01T10:05:00Z');
  t.is(status?.status.active?.[0]?.name, create?.job.metadata.name);
  t.is(plan.requeueAfterMs, 5 * 60_000 - 2000 + 100);
});

test('the scheduled-timestamp annotation is written in the CronJob time zone', (t) => {
  const cj = cronJob({ schedule: '0 9 * * *', timeZone: 'Europe/Berlin' });
  const plan = planCronJobSync(cj, [], Date.parse('2025-01-02T08:00:10Z'));
  t.is(
    byType(plan.actions, 'createJob')[0]?.job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
    '2025-01-02T09:00:00+01:00',
  );
});

test('an activation already recorded in lastScheduleTime is not run twice', (t) => {
  const cj = cronJob({}, { lastScheduleTime: '2025-01-01T10:05:00Z' });
  t.is(byType(planCronJobSync(cj, [], Date.parse('2025-01-01T10:06:00Z')).actions, 'createJob').length, 0);
});

test('Forbid skips the run while a Job is active', (t) => {
  const running = runningJob('hello-1', 'j1');
  const cj = cronJob(
    { concurrencyPolicy: 'Forbid' },
    { lastScheduleTime: '2025-01-01T10:00:00Z', active: [{ name: 'hello-1', uid: 'j1', kind: 'Job' }] },
  );
  const plan = planCronJobSync(cj, [running], Date.parse('2025-01-01T10:05:01Z'));
  t.is(byType(plan.actions, 'createJob').length, 0);
  t.true(byType(plan.actions, 'event').some((e) => e.reason === 'JobAlreadyActive'));
});

test('Replace deletes the running Job and starts the new one', (t) => {
  const running = runningJob('hello-1', 'j1');
  const cj = cronJob(
    { concurrencyPolicy: 'Replace' },
    { lastScheduleTime: '2025-01-01T10:00:00Z', active: [{ name: 'hello-1', uid: 'j1', kind: 'Job' }] },
  );
  const plan = planCronJobSync(cj, [running], Date.parse('2025-01-01T10:05:01Z'));
  t.deepEqual(
    plan.actions.filter((a) => a.type === 'deleteJob' || a.type === 'createJob').map((a) => a.type),
    ['deleteJob', 'createJob'],
  );
  t.deepEqual(
    byType(plan.actions, 'updateStatus')[0]?.status.active?.map((a) => a.name),
    [`hello-${Date.parse('2025-01-01T10:05:00Z') / 60_000}`],
  );
});

test('Allow starts a new Job while another runs', (t) => {
  const running = runningJob('hello-1', 'j1');
  const cj = cronJob(
    {},
    { lastScheduleTime: '2025-01-01T10:00:00Z', active: [{ name: 'hello-1', uid: 'j1', kind: 'Job' }] },
  );
  const plan = planCronJobSync(cj, [running], Date.parse('2025-01-01T10:05:01Z'));
  t.is(byType(plan.actions, 'createJob').length, 1);
  t.is(byType(plan.actions, 'updateStatus')[0]?.status.active?.length, 2);
});

test('startingDeadlineSeconds: activations missed by more than the deadline are not run', (t) => {
  const cj = cronJob({ startingDeadlineSeconds: 60 }, { lastScheduleTime: '2025-01-01T10:00:00Z' });
  t.is(byType(planCronJobSync(cj, [], Date.parse('2025-01-01T10:07:00Z')).actions, 'createJob').length, 0);
  t.is(byType(planCronJobSync(cj, [], Date.parse('2025-01-01T10:05:59Z')).actions, 'createJob').length, 1);
});

test('suspend stops new runs', (t) => {
  t.is(
    byType(planCronJobSync(cronJob({ suspend: true }), [], Date.parse('2025-01-01T10:05:01Z')).actions, 'createJob')
      .length,
    0,
  );
});

test('an unknown time zone is reported and nothing runs', (t) => {
  const plan = planCronJobSync(cronJob({ timeZone: 'Mars/Olympus' }), [], Date.parse('2025-01-01T10:05:01Z'));
  t.is(byType(plan.actions, 'createJob').length, 0);
  t.true(byType(plan.actions, 'event').some((e) => e.reason === 'UnknownTimeZone'));
});

test('finished Jobs leave active, a Complete one sets lastSuccessfulTime, and history beyond the limits is deleted', (t) => {
  const done = (name: string, uid: string, start: string, type: 'Complete' | 'Failed'): Job => ({
    metadata: { name, namespace: 'default', uid },
    spec: { template: {} },
    status: {
      startTime: start,
      ...(type === 'Complete' ? { completionTime: start } : {}),
      conditions: [{ type, status: 'True', lastTransitionTime: start }],
    },
  });
  const jobs = [
    done('a', 'a', '2025-01-01T09:00:00Z', 'Complete'),
    done('b', 'b', '2025-01-01T09:05:00Z', 'Complete'),
    done('c', 'c', '2025-01-01T09:10:00Z', 'Failed'),
    done('d', 'd', '2025-01-01T09:15:00Z', 'Failed'),
  ];
  const cj = cronJob({ successfulJobsHistoryLimit: 1, suspend: true }, { active: [{ name: 'b', uid: 'b' }] });
  const plan = planCronJobSync(cj, jobs, Date.parse('2025-01-01T10:00:00Z'));
  t.deepEqual(
    byType(plan.actions, 'deleteJob')
      .map((a) => a.job.metadata.name)
      .sort(),
    ['a', 'c'],
  );
  const [s] = byType(plan.actions, 'updateStatus');
  t.is(s?.status.active, undefined);
  t.is(s?.status.lastSuccessfulTime, '2025-01-01T09:05:00Z');
});

test('mostRecentScheduleTime finds the latest missed activation and counts missed ones', (t) => {
  const cj = cronJob({ schedule: '* * * * *' }, { lastScheduleTime: '2025-01-01T10:00:00Z' });
  const r = mostRecentScheduleTime(cj, Date.parse('2025-01-01T10:05:30Z'), parseCronSchedule('* * * * *'), true);
  t.is(new Date(r.mostRecent!).toISOString(), '2025-01-01T10:05:00.000Z');
  t.is(r.missed, 'few');
  const many = mostRecentScheduleTime(cj, Date.parse('2025-01-01T14:00:30Z'), parseCronSchedule('* * * * *'), true);
  t.is(many.missed, 'many');
});
