import { findCondition } from './conditions.js';
import { canonicalJson } from './pod-template-hash.js';
import { newControllerRef } from './controller-ref.js';
import { podFromTemplate } from './pod-from-template.js';
import { formatTime, isPodReady, isPodTerminal, parseTime } from './pod-state.js';
import type { Job, JobStatus, Pod, WorkloadCondition } from './workload-types.js';

/** The finalizer with which the Job controller tracks its pods until it has counted them. */
export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';
/** The annotation and label with a pod's completion index (Indexed jobs). */
export const completionIndexKey = 'batch.kubernetes.io/job-completion-index';
/** The env var with the completion index. */
export const completionIndexEnv = 'JOB_COMPLETION_INDEX';

/** Pod-recreation backoff after failures: 10 s doubling up to 6 min (DefaultJobPodFailureBackOff). */
export const jobBackoffBaseMs = 10_000;
export const jobBackoffMaxMs = 360_000;

/** The Job condition reasons and messages of Kubernetes v1.32. */
export const jobReasons = {
  backoffLimitExceeded: ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
  deadlineExceeded: ['DeadlineExceeded', 'Job was active longer than specified deadline'],
  completionsReached: ['CompletionsReached', 'Reached expected number of succeeded pods'],
  suspended: ['JobSuspended', 'Job suspended'],
  resumed: ['JobResumed', 'Job resumed'],
} as const;

/** One write of a Job sync, in order. */
export type JobAction =
  | { type: 'updateStatus'; status: JobStatus }
  | { type: 'removeFinalizer'; pod: Pod }
  | { type: 'createPod'; pod: Pod }
  | { type: 'deletePod'; pod: Pod }
  | { type: 'event'; eventType: 'Normal' | 'Warning'; reason: string; message: string };

/** A Job sync's writes and when to look again. */
export interface JobSyncPlan {
  actions: JobAction[];
  requeueAfterMs?: number;
}

/** True when the Job has a True Complete or Failed condition. */
export function jobFinished(job: Job): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

/** The index of an Indexed Job's pod, from its annotation (or label); undefined when missing or invalid. */
export function podCompletionIndex(pod: Pod): number | undefined {
  const v = pod.metadata.annotations?.[completionIndexKey] ?? pod.metadata.labels?.[completionIndexKey];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Parses a completedIndexes string (`1,3-5,7`) into a sorted set of numbers. */
export function parseIndexes(s: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!s) return out;
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return out;
}

/** Formats indexes as the API does: sorted, and any run of two or more consecutive indexes as `a-b`. */
export function formatIndexes(set: Iterable<number>): string {
  const sorted = [...new Set(set)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function hasFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(jobTrackingFinalizer) ?? false;
}

/** isPodFailed for v1.32 defaults: Failed phase; without a podFailurePolicy and with TerminatingOrFailed, a deleted non-succeeded pod too. */
export function isJobPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

function podFinishTime(pod: Pod, nowMs: number): number {
  let latest: number | undefined;
  for (const cs of pod.status?.containerStatuses ?? []) {
    const t = parseTime((cs.state as { terminated?: { finishedAt?: string } } | undefined)?.terminated?.finishedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  return latest ?? parseTime(pod.metadata.deletionTimestamp) ?? nowMs;
}

/** The backoff before creating a pod after `failures` consecutive failures (0 for none). */
export function jobBackoffDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(jobBackoffMaxMs, jobBackoffBaseMs * 2 ** Math.min(failures - 1, 30));
}

function condition(
  type: string,
  status: WorkloadCondition['status'],
  reason: string,
  message: string,
  now: number,
): WorkloadCondition {
  const t = formatTime(now);
  return { type, status, reason, message, lastProbeTime: t, lastTransitionTime: t };
}

/** Sets a Job condition (ensureJobConditionStatus): an unchanged one is kept as is. */
function ensureCondition(conds: WorkloadCondition[], c: WorkloadCondition): WorkloadCondition[] {
  const cur = findCondition(conds, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return conds;
  if (cur) return conds.map((x) => (x.type === c.type ? c : x));
  return [...conds, c];
}

/** The pod a Job creates (for Indexed jobs, for `index`). */
export function jobPod(job: Job, index: number | undefined): Pod {
  const name = job.metadata.name ?? '';
  const prefix = index === undefined ? `${name}-` : `${name}-${index}-`;
  const pod = podFromTemplate(
    job.spec.template,
    job.metadata.namespace ?? 'default',
    prefix,
    newControllerRef(job, 'batch/v1', 'Job'),
  );
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), jobTrackingFinalizer];
  if (index !== undefined) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [completionIndexKey]: String(index) };
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [completionIndexKey]: String(index) };
    const spec = pod.spec!;
    if (!spec.hostname) spec.hostname = `${name}-${index}`;
    const env = {
      name: completionIndexEnv,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${completionIndexKey}']` } },
    };
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      if (!(c.env ?? []).some((e) => e.name === completionIndexEnv)) c.env = [...(c.env ?? []), env];
    }
  }
  return pod;
}

/**
 * One sync of a Job (JobController.syncJob, v1.32 defaults: pod tracking with finalizers,
 * JobPodReplacementPolicy, terminal conditions delayed until pods are gone). Finished pods are
 * first recorded in status.uncountedTerminatedPods, their finalizers removed, then counted into
 * succeeded/failed (and completedIndexes). Then: BackoffLimitExceeded or DeadlineExceeded gives
 * FailureTarget and then Failed; enough completions give SuccessCriteriaMet and then Complete
 * (with completionTime); otherwise pods are created or deleted towards parallelism, with
 * exponential backoff after failures. `pods` are the pods the Job controls.
 */
export function planJobSync(job: Job, pods: Pod[], nowMs: number): JobSyncPlan {
  const actions: JobAction[] = [];
  let requeueAfterMs: number | undefined;
  const requeue = (ms: number) => {
    if (requeueAfterMs === undefined || ms < requeueAfterMs) requeueAfterMs = Math.max(0, ms);
  };
  const old = job.status ?? {};
  const finished = jobFinished(job);
  const indexed = job.spec.completionMode === 'Indexed';
  const completions = job.spec.completions;

  // 1. Record newly finished pods as uncounted, then drop their finalizers.
  const uncounted = {
    succeeded: [...(old.uncountedTerminatedPods?.succeeded ?? [])],
    failed: [...(old.uncountedTerminatedPods?.failed ?? [])],
  };
  const known = new Set([...uncounted.succeeded, ...uncounted.failed]);
  const completed = parseIndexes(old.completedIndexes);
  let added = false;
  const succeedingAlready = findCondition(old.conditions, 'SuccessCriteriaMet')?.status === 'True';
  for (const pod of pods) {
    const uid = pod.metadata.uid ?? '';
    if (!hasFinalizer(pod) || known.has(uid) || finished) continue;
    if (pod.status?.phase === 'Succeeded') {
      uncounted.succeeded.push(uid);
      added = true;
    } else if (
      isJobPodFailed(pod, job) &&
      (isPodTerminal(pod) || (pod.metadata.deletionTimestamp && !succeedingAlready))
    ) {
      uncounted.failed.push(uid);
      added = true;
    }
  }
  if (added)
    actions.push({ type: 'updateStatus', status: { ...structuredClone(old), uncountedTerminatedPods: uncounted } });
  const uncountedSet = new Set([...uncounted.succeeded, ...uncounted.failed]);
  for (const pod of pods) {
    if (!hasFinalizer(pod)) continue;
    if (uncountedSet.has(pod.metadata.uid ?? '') || finished) actions.push({ type: 'removeFinalizer', pod });
  }
  let succeeded = (old.succeeded ?? 0) + uncounted.succeeded.length;
  const failed = (old.failed ?? 0) + uncounted.failed.length;
  if (indexed) {
    const byUid = new Map(pods.map((p) => [p.metadata.uid ?? '', p]));
    for (const uid of uncounted.succeeded) {
      const idx = byUid.get(uid) ? podCompletionIndex(byUid.get(uid)!) : undefined;
      if (idx !== undefined && completions !== undefined && idx < completions) completed.add(idx);
    }
    succeeded = Math.max(old.succeeded ?? 0, completed.size);
  }

  const status: JobStatus = structuredClone(old);
  status.uncountedTerminatedPods = {};
  if (succeeded) status.succeeded = succeeded;
  else delete status.succeeded;
  if (failed) status.failed = failed;
  else delete status.failed;
  if (indexed) {
    if (completed.size > 0) status.completedIndexes = formatIndexes(completed);
    else delete status.completedIndexes;
  }
  let conds = [...(status.conditions ?? [])];

  const active = pods.filter((p) => !isPodTerminal(p) && !p.metadata.deletionTimestamp);
  const terminating = pods.filter((p) => !isPodTerminal(p) && p.metadata.deletionTimestamp);
  const deleting = new Set<Pod>();

  if (finished) {
    // Only finalizers remain to be removed; counts are final.
    status.active = 0;
  } else {
    const suspended = job.spec.suspend === true;
    if (!status.startTime && !suspended) status.startTime = formatTime(nowMs);
    const failureTarget = findCondition(conds, 'FailureTarget');
    const successMet = findCondition(conds, 'SuccessCriteriaMet');
    let failing: readonly [string, string] | undefined =
      failureTarget?.status === 'True' ? [failureTarget.reason ?? '', failureTarget.message ?? ''] : undefined;
    let succeeding = successMet?.status === 'True';
    if (!failing && !succeeding) {
      const backoffLimit = job.spec.backoffLimit ?? 6;
      const restarts =
        job.spec.template.spec?.restartPolicy === 'OnFailure'
          ? active.reduce(
              (n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0),
              0,
            )
          : 0;
      const startMs = parseTime(status.startTime);
      const deadline = job.spec.activeDeadlineSeconds;
      if (
        failed > backoffLimit ||
        (restarts > 0 && restarts >= backoffLimit && backoffLimit > 0) ||
        (backoffLimit === 0 && restarts > 0)
      ) {
        failing = jobReasons.backoffLimitExceeded;
      } else if (deadline !== undefined && !suspended && startMs !== undefined && nowMs - startMs >= deadline * 1000) {
        failing = jobReasons.deadlineExceeded;
      } else {
        if (deadline !== undefined && !suspended && startMs !== undefined) requeue(startMs + deadline * 1000 - nowMs);
        const done = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions;
        if (done) succeeding = true;
      }
      if (failing) {
        conds = ensureCondition(conds, condition('FailureTarget', 'True', failing[0], failing[1], nowMs));
        actions.push({ type: 'event', eventType: 'Warning', reason: failing[0], message: failing[1] });
      } else if (succeeding) {
        conds = ensureCondition(
          conds,
          condition('SuccessCriteriaMet', 'True', ...jobReasons.completionsReached, nowMs),
        );
      }
    }
    if (failing || succeeding) {
      for (const p of active) deleting.add(p);
      const remaining = terminating.length + active.length;
      if (remaining === 0) {
        if (failing) conds = ensureCondition(conds, condition('Failed', 'True', failing[0], failing[1], nowMs));
        else {
          conds = ensureCondition(conds, condition('Complete', 'True', ...jobReasons.completionsReached, nowMs));
          status.completionTime = formatTime(nowMs);
          actions.push({ type: 'event', eventType: 'Normal', reason: 'Completed', message: 'Job completed' });
        }
      }
    } else if (suspended) {
      for (const p of active) deleting.add(p);
      if (findCondition(conds, 'Suspended')?.status !== 'True') {
        conds = ensureCondition(conds, condition('Suspended', 'True', ...jobReasons.suspended, nowMs));
        actions.push({ type: 'event', eventType: 'Normal', reason: 'Suspended', message: 'Job suspended' });
      }
    } else {
      if (findCondition(conds, 'Suspended')?.status === 'True') {
        conds = ensureCondition(conds, condition('Suspended', 'False', ...jobReasons.resumed, nowMs));
        status.startTime = formatTime(nowMs);
        actions.push({ type: 'event', eventType: 'Normal', reason: 'Resumed', message: 'Job resumed' });
      }
      manage(job, active, terminating, pods, succeeded, completed, nowMs, actions, deleting, requeue);
    }
  }
  for (const p of deleting) actions.push({ type: 'deletePod', pod: p });
  const created = actions.filter((a) => a.type === 'createPod').length;
  status.conditions = conds;
  if (status.conditions.length === 0) delete status.conditions;
  const activeCount = finished ? 0 : active.length - [...deleting].length + created;
  if (activeCount > 0) status.active = activeCount;
  else delete status.active;
  status.ready = active.filter((p) => !deleting.has(p) && isPodReady(p)).length;
  status.terminating = terminating.length + deleting.size;
  if (canonicalJson(status) !== canonicalJson(old) || actions.some((a) => a.type === 'removeFinalizer'))
    actions.push({ type: 'updateStatus', status });
  return { actions, requeueAfterMs };
}

function manage(
  job: Job,
  active: Pod[],
  terminating: Pod[],
  pods: Pod[],
  succeeded: number,
  completed: Set<number>,
  nowMs: number,
  actions: JobAction[],
  deleting: Set<Pod>,
  requeue: (ms: number) => void,
): void {
  const parallelism = job.spec.parallelism ?? 1;
  const completions = job.spec.completions;
  const indexed = job.spec.completionMode === 'Indexed';
  let wantActive: number;
  if (completions === undefined) wantActive = succeeded > 0 ? active.length : parallelism;
  else wantActive = Math.max(0, Math.min(parallelism, completions - succeeded));
  const activeLeft = active.filter((p) => {
    if (!indexed) return true;
    const idx = podCompletionIndex(p);
    if (idx === undefined || (completions !== undefined && idx >= completions) || completed.has(idx)) {
      deleting.add(p);
      return false;
    }
    return true;
  });
  const rmAtLeast = activeLeft.length - wantActive;
  if (rmAtLeast > 0) {
    const ranked = [...activeLeft].sort((a, b) => {
      const ra = a.spec?.nodeName ? 1 : 0;
      const rb = b.spec?.nodeName ? 1 : 0;
      if (ra !== rb) return ra - rb;
      const pa = a.status?.phase === 'Running' ? 1 : 0;
      const pb = b.status?.phase === 'Running' ? 1 : 0;
      return pa - pb;
    });
    for (const p of ranked.slice(0, rmAtLeast)) deleting.add(p);
  }
  const terminatingCount = job.spec.podReplacementPolicy === 'Failed' ? terminating.length : 0;
  const stillActive = activeLeft.filter((p) => !deleting.has(p)).length;
  const diff = wantActive - terminatingCount - stillActive;
  if (diff <= 0) return;
  // Backoff after failures since the last success.
  const lastSuccess = Math.max(
    0,
    ...pods.filter((p) => p.status?.phase === 'Succeeded').map((p) => podFinishTime(p, nowMs)),
  );
  const failures = pods
    .filter((p) => isJobPodFailed(p, job) && (isPodTerminal(p) || p.metadata.deletionTimestamp))
    .map((p) => podFinishTime(p, nowMs))
    .filter((t) => t >= lastSuccess);
  if (failures.length > 0) {
    const wait = Math.max(...failures) + jobBackoffDelay(failures.length) - nowMs;
    if (wait > 0) {
      requeue(wait);
      return;
    }
  }
  if (!indexed) {
    for (let i = 0; i < diff; i++) actions.push({ type: 'createPod', pod: jobPod(job, undefined) });
    return;
  }
  const busy = new Set(activeLeft.filter((p) => !deleting.has(p)).map((p) => podCompletionIndex(p)));
  let made = 0;
  for (let i = 0; i < (completions ?? 0) && made < diff; i++) {
    if (completed.has(i) || busy.has(i)) continue;
    actions.push({ type: 'createPod', pod: jobPod(job, i) });
    made++;
  }
}

/**
 * The TTL-after-finished controller's decision: when a finished Job with
 * ttlSecondsAfterFinished expires (its completion or failure time plus the TTL); undefined when
 * the Job is not finished or has no TTL.
 */
export function jobExpiresAt(job: Job): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  const finished = jobFinished(job);
  if (ttl === undefined || !finished) return undefined;
  const c = findCondition(job.status?.conditions, finished);
  const finishedAt = parseTime(
    finished === 'Complete' ? (job.status?.completionTime ?? c?.lastTransitionTime) : c?.lastTransitionTime,
  );
  if (finishedAt === undefined) return undefined;
  return finishedAt + ttl * 1000;
}
