import type { KubeObject } from '../../sdk/api/kube-object.js';
import { ForbiddenError, NotFoundError } from '../../sdk/client/api-error.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { NowSource } from './now-source.js';
import type { ControllerOptions, ReconcileContext, ReconcileResult, Request } from '../../sdk/runtime/index.js';
import { claimChildren, withKind } from './child-claims.js';
import { newControllerRef } from './controller-ref.js';
import { podFromTemplate, podsPrefix } from './pod-from-template.js';
import { canonicalJson } from './pod-template-hash.js';
import { isPodActive } from './pod-state.js';
import { nextAvailabilityCheck, replicaSetPodDiff, replicaSetStatus } from './replica-set-logic.js';
import type { Pod, ReplicaSet } from './workload-types.js';

/** The pod index of the ReplicaSet controller: a pod's controller UID, or `orphan/<namespace>` without one. */
export const podsByControllerIndex = 'workload-controllers/pod-controller';

/** The index values of `podsByControllerIndex`. */
export function podControllerKeys(pod: KubeObject): string[] {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  return [ref ? ref.uid : `orphan/${pod.metadata.namespace ?? ''}`];
}

/**
 * The pods a ReplicaSet may claim: those it controls and the orphans of its namespace (pods
 * controlled by another object are never claimed), from an index rather than a scan of the
 * namespace.
 */
async function claimCandidates(ctx: ReconcileContext, rs: ReplicaSet): Promise<Pod[]> {
  const byIndex = (v: string) => ctx.cache.byIndex(builtin.pods, podsByControllerIndex, v, podControllerKeys);
  const [controlled, orphans] = await Promise.all([
    byIndex(rs.metadata.uid ?? ''),
    byIndex(`orphan/${rs.metadata.namespace ?? ''}`),
  ]);
  return [...controlled, ...orphans] as Pod[];
}

/** Creates `count` pods in slow-start batches (1, 2, 4, ...), stopping at the first failing batch. */
export async function createInBatches(
  count: number,
  create: () => Promise<void>,
): Promise<{ created: number; error?: Error }> {
  let created = 0;
  let batch = 1;
  while (created < count) {
    const n = Math.min(batch, count - created);
    const results = await Promise.allSettled(Array.from({ length: n }, () => create()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    created += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { created, error: failed.reason as Error };
    batch *= 2;
  }
  return { created };
}

/**
 * The ReplicaSet reconciler: claims the pods its selector matches, creates pods from the template
 * (generateName `<rs>-`, controller reference) or deletes the surplus in ranked order, and writes
 * status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration).
 */
export class ReplicaSetReconciler {
  constructor(private readonly clock: NowSource) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(builtin.replicaSets, req.name, req.namespace);
    if (!cached) return;
    const rs = withKind(cached as ReplicaSet, 'apps/v1', 'ReplicaSet');
    const pods = await claimCandidates(ctx, rs);
    const owned = await claimChildren(ctx.client, builtin.pods, rs, 'apps/v1', 'ReplicaSet', rs.spec.selector, pods);
    const active = (owned as Pod[]).filter(isPodActive);
    let manageError: { creating: boolean; message: string } | undefined;
    if (!rs.metadata.deletionTimestamp) {
      const diff = replicaSetPodDiff(rs, active, active, this.clock.now());
      if (diff.create > 0) {
        const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
        const result = await createInBatches(diff.create, async () => {
          const pod = podFromTemplate(rs.spec.template, req.namespace!, podsPrefix(req.name), ref);
          await ctx.client.create(builtin.pods, pod);
        });
        if (result.created > 0)
          void ctx.recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Create', `Created ${result.created} pod(s)`);
        if (result.error) {
          if (!(result.error instanceof ForbiddenError && /being terminated/.test(result.error.message))) {
            manageError = { creating: true, message: result.error.message };
            void ctx.recorder.event(rs, 'Warning', 'FailedCreate', 'Create', `Error creating: ${result.error.message}`);
          }
        }
      }
      // Deleted in parallel, as the ReplicaSet controller does for one burst.
      const deletions = await Promise.allSettled(
        diff.delete.map((pod) =>
          ctx.client.delete(builtin.pods, pod.metadata.name!, req.namespace, {
            preconditions: { uid: pod.metadata.uid },
          }),
        ),
      );
      deletions.forEach((r, i) => {
        if (r.status === 'fulfilled')
          void ctx.recorder.event(
            rs,
            'Normal',
            'SuccessfulDelete',
            'Delete',
            `Deleted pod: ${diff.delete[i]!.metadata.name}`,
          );
        else if (!(r.reason instanceof NotFoundError))
          manageError = { creating: false, message: (r.reason as Error).message };
      });
    }
    const now = this.clock.now();
    const fresh = (
      (await ctx.cache.byIndex(builtin.pods, podsByControllerIndex, rs.metadata.uid ?? '', podControllerKeys)) as Pod[]
    ).filter(
      (p) => isPodActive(p) && p.metadata.ownerReferences?.some((r) => r.controller && r.uid === rs.metadata.uid),
    );
    const status = replicaSetStatus(rs, fresh, now, manageError);
    if (canonicalJson(status) !== canonicalJson(rs.status ?? {})) {
      try {
        await ctx.client.updateStatus(builtin.replicaSets, { ...rs, status });
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        return;
      }
    }
    if (manageError) throw new Error(manageError.message);
    const next = nextAvailabilityCheck(rs, fresh, now);
    return next !== undefined ? { requeueAfterMs: Math.max(1, next - now) } : undefined;
  }
}

/** The ReplicaSet controller's registration: ReplicaSets, and the pods they own. */
export function replicaSetControllerOptions(clock: NowSource): ControllerOptions<ReplicaSet> {
  return {
    name: 'replicaset',
    for: builtin.replicaSets as never,
    owns: [builtin.pods],
    reconciler: new ReplicaSetReconciler(clock),
    maxConcurrentReconciles: 5,
  };
}
