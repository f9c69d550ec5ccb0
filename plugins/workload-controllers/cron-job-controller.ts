import { AlreadyExistsError, NotFoundError } from '../../sdk/client/api-error.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { NowSource } from './now-source.js';
import type { ControllerOptions, ReconcileContext, ReconcileResult, Request } from '../../sdk/runtime/index.js';
import { controlledBy, withKind } from './child-claims.js';
import { jobRef, planCronJobSync } from './cron-job-logic.js';
import type { CronJob, Job } from './workload-types.js';

/**
 * The CronJob reconciler: plans one sync (planCronJobSync) over the Jobs the CronJob controls and
 * performs it; requeues for the next activation.
 */
export class CronJobReconciler {
  constructor(
    private readonly clock: NowSource,
    private readonly defaultTimeZone: string,
  ) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(builtin.cronJobs, req.name, req.namespace);
    if (!cached) return;
    let cj = withKind(cached as CronJob, 'batch/v1', 'CronJob');
    const jobs = controlledBy(
      (await ctx.cache.list(builtin.jobs, { namespace: req.namespace })) as Job[],
      cj.metadata.uid,
    );
    const plan = planCronJobSync(cj, jobs, this.clock.now(), this.defaultTimeZone);
    const created = new Map<string, Job>();
    for (const a of plan.actions) {
      switch (a.type) {
        case 'createJob':
          try {
            created.set(a.job.metadata.name!, (await ctx.client.create(builtin.jobs, a.job)) as Job);
          } catch (err) {
            if (err instanceof AlreadyExistsError) return { requeueAfterMs: 1 };
            void ctx.recorder.event(
              cj,
              'Warning',
              'FailedCreate',
              'Create',
              `Error creating job: ${(err as Error).message}`,
            );
            throw err;
          }
          break;
        case 'deleteJob':
          try {
            await ctx.client.delete(builtin.jobs, a.job.metadata.name!, req.namespace, {
              propagationPolicy: 'Background',
            });
          } catch (err) {
            if (!(err instanceof NotFoundError)) throw err;
          }
          break;
        case 'updateStatus': {
          const status = structuredClone(a.status);
          status.active = status.active?.map((r) => (r.name && created.has(r.name) ? jobRef(created.get(r.name)!) : r));
          if (status.active === undefined) delete status.active;
          cj = withKind(
            (await ctx.client.updateStatus(builtin.cronJobs, { ...cj, status })) as CronJob,
            'batch/v1',
            'CronJob',
          );
          break;
        }
        case 'event':
          void ctx.recorder.event(cj, a.eventType, a.reason, a.reason, a.message);
          break;
      }
    }
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: Math.max(1, plan.requeueAfterMs) } : undefined;
  }
}

/** The CronJob controller's registration: CronJobs and the Jobs they own. */
export function cronJobControllerOptions(clock: NowSource, defaultTimeZone = 'UTC'): ControllerOptions {
  return {
    name: 'cronjob',
    for: builtin.cronJobs,
    owns: [builtin.jobs],
    reconciler: new CronJobReconciler(clock, defaultTimeZone),
  };
}
