import { NotFoundError } from '../../sdk/client/api-error.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { ControllerOptions, ReconcileContext, ReconcileResult, Request } from '../../sdk/runtime/index.js';
import { claimChildren, withKind } from './child-claims.js';
import { planDaemonSetSync } from './daemon-set-logic.js';
import type { NowSource } from './now-source.js';
import { canonicalJson } from './pod-template-hash.js';
import { createInBatches } from './replica-set-controller.js';
import type { DaemonSet, Node, Pod } from './workload-types.js';

/** The DaemonSet reconciler: one pod per eligible node, rolling updates, status. */
export class DaemonSetReconciler {
  constructor(private readonly clock: NowSource) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(builtin.daemonSets, req.name, req.namespace);
    if (!cached) return;
    const ds = withKind(cached as DaemonSet, 'apps/v1', 'DaemonSet');
    const nodes = (await ctx.cache.list(builtin.nodes)) as Node[];
    const pods = (await ctx.cache.list(builtin.pods, { namespace: req.namespace })) as Pod[];
    const owned = (await claimChildren(
      ctx.client,
      builtin.pods,
      ds,
      'apps/v1',
      'DaemonSet',
      ds.spec.selector,
      pods,
    )) as Pod[];
    const plan = planDaemonSetSync(ds, nodes, owned, this.clock.now());
    for (const pod of plan.delete) {
      try {
        await ctx.client.delete(builtin.pods, pod.metadata.name!, req.namespace, {
          preconditions: { uid: pod.metadata.uid },
        });
        void ctx.recorder.event(ds, 'Normal', 'SuccessfulDelete', 'Delete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    let i = 0;
    const result = await createInBatches(plan.create.length, async () => {
      const pod = await ctx.client.create(builtin.pods, plan.create[i++]!);
      void ctx.recorder.event(ds, 'Normal', 'SuccessfulCreate', 'Create', `Created pod: ${pod.metadata.name}`);
    });
    if (canonicalJson(plan.status) !== canonicalJson(ds.status ?? {})) {
      await ctx.client.updateStatus(builtin.daemonSets, { ...ds, status: plan.status });
    }
    if (result.error) throw result.error;
    const minReady = ds.spec.minReadySeconds ?? 0;
    return minReady > 0 && plan.status.numberReady !== (plan.status.numberAvailable ?? 0)
      ? { requeueAfterMs: minReady * 1000 }
      : undefined;
  }
}

/** The DaemonSet controller's registration: DaemonSets, their pods, and nodes (every DaemonSet looks again). */
export function daemonSetControllerOptions(clock: NowSource, allDaemonSets: () => DaemonSet[]): ControllerOptions {
  return {
    name: 'daemonset',
    for: builtin.daemonSets,
    owns: [builtin.pods],
    watches: [
      {
        resource: builtin.nodes,
        map: () => allDaemonSets().map((ds) => ({ namespace: ds.metadata.namespace, name: ds.metadata.name! })),
      },
    ],
    reconciler: new DaemonSetReconciler(clock),
    maxConcurrentReconciles: 2,
  };
}
