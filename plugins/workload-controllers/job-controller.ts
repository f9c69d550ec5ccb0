import { NotFoundError } from '../../sdk/client/api-error.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { NowSource } from './now-source.js';
import type { ControllerOptions, ReconcileContext, ReconcileResult, Request } from '../../sdk/runtime/index.js';
import { claimChildren, withKind } from './child-claims.js';
import { controllerRefOf } from './controller-ref.js';
import { jobExpiresAt, jobTrackingFinalizer, planJobSync } from './job-logic.js';
import { createInBatches } from './replica-set-controller.js';
import type { Job, Pod } from './workload-types.js';

/** Removes the job-tracking finalizer with a JSON patch that first tests it is still at its index. */
export async function removeTrackingFinalizer(ctx: ReconcileContext, pod: Pod): Promise<void> {
  const i = pod.metadata.finalizers?.indexOf(jobTrackingFinalizer) ?? -1;
  if (i < 0) return;
  try {
    await ctx.client.patch(
      builtin.pods,
      pod.metadata.name!,
      [
        { op: 'test', path: `/metadata/finalizers/${i}`, value: jobTrackingFinalizer },
        { op: 'remove', path: `/metadata/finalizers/${i}` },
      ],
      'json',
      { namespace: pod.metadata.namespace },
    );
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}

/**
 * The Job reconciler: claims pods by selector, plans one sync (planJobSync) and performs it; a
 * finished Job with ttlSecondsAfterFinished is deleted (foreground) once it expires. Pods whose
 * Job is gone lose their tracking finalizer.
 */
export class JobReconciler {
  constructor(private readonly clock: NowSource) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(builtin.jobs, req.name, req.namespace);
    const pods = (await ctx.cache.list(builtin.pods, { namespace: req.namespace })) as Pod[];
    if (!cached) {
      for (const pod of pods) {
        const ref = controllerRefOf(pod);
        if (ref?.kind === 'Job' && ref.name === req.name) await removeTrackingFinalizer(ctx, pod);
      }
      return;
    }
    let job = withKind(cached as Job, 'batch/v1', 'Job');
    const now = this.clock.now();
    const expires = jobExpiresAt(job);
    if (expires !== undefined && !job.metadata.deletionTimestamp) {
      if (expires <= now) {
        try {
          await ctx.client.delete(builtin.jobs, req.name, req.namespace, {
            propagationPolicy: 'Foreground',
            preconditions: { uid: job.metadata.uid },
          });
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
        return;
      }
    }
    const owned = (await claimChildren(
      ctx.client,
      builtin.pods,
      job,
      'batch/v1',
      'Job',
      job.spec.selector ?? {},
      pods,
    )) as Pod[];
    const plan = planJobSync(job, owned, now);
    const creates: Pod[] = [];
    for (const a of plan.actions) {
      switch (a.type) {
        case 'updateStatus':
          job = withKind(
            (await ctx.client.updateStatus(builtin.jobs, { ...job, status: a.status })) as Job,
            'batch/v1',
            'Job',
          );
          break;
        case 'removeFinalizer':
          await removeTrackingFinalizer(ctx, a.pod);
          break;
        case 'createPod':
          creates.push(a.pod);
          break;
        case 'deletePod':
          try {
            await ctx.client.delete(builtin.pods, a.pod.metadata.name!, req.namespace, {
              preconditions: { uid: a.pod.metadata.uid },
            });
          } catch (err) {
            if (!(err instanceof NotFoundError)) throw err;
          }
          break;
        case 'event':
          void ctx.recorder.event(job, a.eventType, a.reason, a.reason, a.message);
          break;
      }
      if (a.type !== 'createPod' && creates.length > 0) await this.create(ctx, job, creates.splice(0));
    }
    if (creates.length > 0) await this.create(ctx, job, creates.splice(0));
    let requeue = plan.requeueAfterMs;
    if (expires !== undefined) requeue = Math.min(requeue ?? Infinity, expires - now);
    return requeue !== undefined && Number.isFinite(requeue) ? { requeueAfterMs: Math.max(1, requeue) } : undefined;
  }

  private async create(ctx: ReconcileContext, job: Job, pods: Pod[]): Promise<void> {
    let i = 0;
    const result = await createInBatches(pods.length, async () => {
      await ctx.client.create(builtin.pods, pods[i++]!);
    });
    if (result.created > 0)
      void ctx.recorder.event(job, 'Normal', 'SuccessfulCreate', 'Create', `Created ${result.created} pod(s)`);
    if (result.error) throw result.error;
  }
}

/** The Job controller's registration: Jobs and the pods they own. */
export function jobControllerOptions(clock: NowSource): ControllerOptions {
  return {
    name: 'job',
    for: builtin.jobs,
    owns: [builtin.pods],
    reconciler: new JobReconciler(clock),
    maxConcurrentReconciles: 5,
  };
}
