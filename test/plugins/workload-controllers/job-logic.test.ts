import test from 'ava';
import {
  formatIndexes,
  jobBackoffDelay,
  jobExpiresAt,
  jobTrackingFinalizer,
  parseIndexes,
  planJobSync,
  type JobAction,
} from '../../../plugins/workload-controllers/job-logic.js';
import { formatTime } from '../../../plugins/workload-controllers/pod-state.js';
import type { Job, Pod } from '../../../plugins/workload-controllers/workload-types.js';
import { newUid, t0 } from './fixtures.js';

function job(spec: Partial<Job['spec']> = {}, status?: Job['status']): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', generation: 1 },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      template: {
        metadata: { labels: { 'batch.kubernetes.io/job-name': 'pi' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] },
      },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

function jobPod(
  phase: string,
  opts: { index?: number; finishedAtMs?: number; finalizer?: boolean; deleting?: boolean } = {},
): Pod {
  const p: Pod = {
    metadata: {
      name: `pi-${newUid()}`,
      namespace: 'default',
      uid: newUid(),
      finalizers: opts.finalizer === false ? [] : [jobTrackingFinalizer],
      ...(opts.index !== undefined
        ? { annotations: { 'batch.kubernetes.io/job-completion-index': String(opts.index) } }
        : {}),
      ...(opts.deleting ? { deletionTimestamp: formatTime(t0) } : {}),
    },
    spec: { containers: [{ name: 'pi' }] },
    status: {
      phase,
      ...(opts.finishedAtMs !== undefined
        ? { containerStatuses: [{ name: 'pi', state: { terminated: { finishedAt: formatTime(opts.finishedAtMs) } } }] }
        : {}),
    },
  };
  return p;
}

const creates = (a: JobAction[]) => a.filter((x) => x.type === 'createPod') as Array<{ type: 'createPod'; pod: Pod }>;
const lastStatus = (a: JobAction[]) =>
  (a.filter((x) => x.type === 'updateStatus').pop() as { status: Job['status'] } | undefined)?.status;

const creationCases = [
  { title: 'completions 1', spec: { parallelism: 1, completions: 1 }, want: 1 },
  { title: 'parallelism 3 of completions 5', spec: { parallelism: 3, completions: 5 }, want: 3 },
  { title: 'parallelism 5 of completions 2', spec: { parallelism: 5, completions: 2 }, want: 2 },
  { title: 'work queue (no completions), parallelism 4', spec: { parallelism: 4, completions: undefined }, want: 4 },
  { title: 'parallelism 0', spec: { parallelism: 0, completions: 3 }, want: 0 },
];
for (const c of creationCases) {
  test(`a new Job creates its first pods: ${c.title}`, (t) => {
    const plan = planJobSync(job(c.spec), [], t0);
    const made = creates(plan.actions);
    t.is(made.length, c.want);
    for (const { pod } of made) {
      t.is(pod.metadata.generateName, 'pi-');
      t.deepEqual(pod.metadata.finalizers, [jobTrackingFinalizer]);
      t.like(pod.metadata.ownerReferences?.[0], { kind: 'Job', name: 'pi', uid: 'job-uid', controller: true });
    }
    const status = lastStatus(plan.actions)!;
    t.is(status.startTime, formatTime(t0));
    t.is(status.ready, 0);
    t.is(status.terminating, 0);
    t.deepEqual(status.uncountedTerminatedPods, {});
    t.is(status.active, c.want || undefined);
  });
}

test('a succeeded pod is recorded as uncounted, its finalizer removed, then counted; the Job gets SuccessCriteriaMet and Complete', (t) => {
  const done = jobPod('Succeeded');
  const j = job({}, { startTime: formatTime(t0), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  const plan = planJobSync(j, [done], t0 + 5000);
  const kinds = plan.actions.filter((a) => a.type !== 'event').map((a) => a.type);
  t.deepEqual(kinds, ['updateStatus', 'removeFinalizer', 'updateStatus']);
  const first = plan.actions[0] as { status: Job['status'] };
  t.deepEqual(first.status?.uncountedTerminatedPods, { succeeded: [done.metadata.uid], failed: [] });
  const s = lastStatus(plan.actions)!;
  t.is(s.succeeded, 1);
  t.is(s.active, undefined);
  t.deepEqual(s.uncountedTerminatedPods, {});
  t.deepEqual(
    s.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
    [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ],
  );
  t.is(s.completionTime, formatTime(t0 + 5000));
});

test('more failures than backoffLimit give FailureTarget, the active pods are deleted, and Failed once they are gone', (t) => {
  const j = job(
    { backoffLimit: 1, parallelism: 2, completions: 4 },
    { startTime: formatTime(t0), failed: 1, uncountedTerminatedPods: {} },
  );
  const running = jobPod('Running');
  const plan = planJobSync(j, [jobPod('Failed', { finishedAtMs: t0 }), running], t0 + 1000);
  const s = lastStatus(plan.actions)!;
  t.is(s.failed, 2);
  t.deepEqual(
    s.conditions?.map((c) => [c.type, c.reason, c.message]),
    [['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']],
  );
  t.true(plan.actions.some((a) => a.type === 'deletePod' && a.pod === running));
  t.is(creates(plan.actions).length, 0);
  const after = job({ backoffLimit: 1, parallelism: 2, completions: 4 }, s);
  const s2 = lastStatus(planJobSync(after, [], t0 + 2000).actions)!;
  t.like(
    s2.conditions?.find((c) => c.type === 'Failed'),
    { status: 'True', reason: 'BackoffLimitExceeded' },
  );
  t.is(s2.completionTime, undefined);
});

test('activeDeadlineSeconds: a requeue at the deadline, then DeadlineExceeded', (t) => {
  const j = job({ activeDeadlineSeconds: 30 }, { startTime: formatTime(t0), active: 1, uncountedTerminatedPods: {} });
  const running = jobPod('Running');
  const before = planJobSync(j, [running], t0 + 10_000);
  t.is(before.requeueAfterMs, 20_000);
  t.false(before.actions.some((a) => a.type === 'deletePod'));
  const at = planJobSync(j, [running], t0 + 30_000);
  t.like(lastStatus(at.actions)?.conditions?.[0], {
    type: 'FailureTarget',
    reason: 'DeadlineExceeded',
    message: 'Job was active longer than specified deadline',
  });
  t.true(at.actions.some((a) => a.type === 'deletePod'));
});

const backoff: Array<[number, number]> = [
  [0, 0],
  [1, 10_000],
  [2, 20_000],
  [3, 40_000],
  [6, 320_000],
  [7, 360_000],
  [20, 360_000],
];
for (const [failures, ms] of backoff) {
  test(`pod recreation backoff after ${failures} failures is ${ms} ms`, (t) => {
    t.is(jobBackoffDelay(failures), ms);
  });
}

test('a failed pod is replaced only after the backoff', (t) => {
  const j = job({}, { startTime: formatTime(t0), uncountedTerminatedPods: {}, failed: 1 });
  const failed = jobPod('Failed', { finishedAtMs: t0, finalizer: false });
  const early = planJobSync(j, [failed], t0 + 4000);
  t.is(creates(early.actions).length, 0);
  t.is(early.requeueAfterMs, 6000);
  const late = planJobSync(j, [failed], t0 + 10_000);
  t.is(creates(late.actions).length, 1);
});

test('an Indexed Job creates pods for the lowest pending indexes with the index annotation, label, env and hostname', (t) => {
  const j = job(
    { completionMode: 'Indexed', completions: 5, parallelism: 2 },
    { startTime: formatTime(t0), completedIndexes: '0', succeeded: 1, uncountedTerminatedPods: {} },
  );
  const plan = planJobSync(j, [jobPod('Running', { index: 1 })], t0);
  const made = creates(plan.actions);
  t.is(made.length, 1);
  const p = made[0]!.pod;
  t.is(p.metadata.generateName, 'pi-2-');
  t.is(p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '2');
  t.is(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'], '2');
  t.is(p.spec?.hostname, 'pi-2');
  t.deepEqual(p.spec?.containers?.[0]?.env, [
    {
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
    },
  ]);
});

test('an Indexed Job records completedIndexes as ranges', (t) => {
  const j = job(
    { completionMode: 'Indexed', completions: 5, parallelism: 3 },
    { startTime: formatTime(t0), completedIndexes: '0-1', succeeded: 2, uncountedTerminatedPods: {} },
  );
  const s = lastStatus(
    planJobSync(j, [jobPod('Succeeded', { index: 3 }), jobPod('Running', { index: 2 })], t0).actions,
  )!;
  t.is(s.completedIndexes, '0-1,3');
  t.is(s.succeeded, 3);
});

test('completed index sets format and parse as the API writes them', (t) => {
  t.is(formatIndexes([7, 1, 3, 4, 5, 0]), '0-1,3-5,7');
  t.deepEqual([...parseIndexes('0-1,3-5,7')], [0, 1, 3, 4, 5, 7]);
});

test('suspend deletes active pods and sets Suspended; resuming sets Suspended False/JobResumed', (t) => {
  const j = job(
    { suspend: true, parallelism: 2, completions: 2 },
    { startTime: formatTime(t0), active: 2, uncountedTerminatedPods: {} },
  );
  const plan = planJobSync(j, [jobPod('Running'), jobPod('Running')], t0);
  t.is(plan.actions.filter((a) => a.type === 'deletePod').length, 2);
  const s = lastStatus(plan.actions)!;
  t.like(s.conditions?.[0], { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
  const resumed = job({ suspend: false, parallelism: 2, completions: 2 }, { ...s, active: undefined, terminating: 0 });
  const r = planJobSync(resumed, [], t0 + 1000);
  t.like(lastStatus(r.actions)?.conditions?.[0], {
    type: 'Suspended',
    status: 'False',
    reason: 'JobResumed',
    message: 'Job resumed',
  });
  t.is(creates(r.actions).length, 2);
});

test('ttlSecondsAfterFinished: a finished Job expires at completionTime + TTL', (t) => {
  const j = job(
    { ttlSecondsAfterFinished: 100 },
    {
      completionTime: formatTime(t0),
      conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: formatTime(t0) }],
    },
  );
  t.is(jobExpiresAt(j), t0 + 100_000);
  t.is(jobExpiresAt(job({ ttlSecondsAfterFinished: 100 })), undefined);
});
