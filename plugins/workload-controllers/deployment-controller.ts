import { AlreadyExistsError, NotFoundError } from '../../sdk/client/api-error.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { NowSource } from './now-source.js';
import type { ControllerOptions, ReconcileContext, ReconcileResult, Request } from '../../sdk/runtime/index.js';
import { claimChildren, controlledBy, withKind } from './child-claims.js';
import { controllerRefOf } from './controller-ref.js';
import { deploymentAnnotations } from './deployment-util.js';
import { planDeploymentSync } from './deployment-sync.js';
import { equalIgnoreHash } from './pod-template-hash.js';
import type { Deployment, Pod, ReplicaSet } from './workload-types.js';

/**
 * The Deployment reconciler: claims ReplicaSets by selector, plans one sync
 * (planDeploymentSync) and performs its writes in order. A name collision with a ReplicaSet it
 * does not control raises status.collisionCount, which changes the pod-template-hash.
 */
export class DeploymentReconciler {
  constructor(private readonly clock: NowSource) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(builtin.deployments, req.name, req.namespace);
    if (!cached) return;
    let d = withKind(cached as Deployment, 'apps/v1', 'Deployment');
    const all = (await ctx.cache.list(builtin.replicaSets, { namespace: req.namespace })) as ReplicaSet[];
    const owned = (await claimChildren(
      ctx.client,
      builtin.replicaSets,
      d,
      'apps/v1',
      'Deployment',
      d.spec.selector,
      all,
    )) as ReplicaSet[];
    const podsByRS = new Map<string, Pod[]>();
    if (d.spec.strategy?.type === 'Recreate') {
      const pods = (await ctx.cache.list(builtin.pods, { namespace: req.namespace })) as Pod[];
      for (const rs of owned) podsByRS.set(rs.metadata.uid ?? '', controlledBy(pods, rs.metadata.uid));
    }
    const plan = planDeploymentSync(d, owned, podsByRS, this.clock.now());
    const versions = new Map<string, string | undefined>();
    for (const a of plan.actions) {
      switch (a.type) {
        case 'createReplicaSet':
          try {
            const made = await ctx.client.create(builtin.replicaSets, a.rs);
            versions.set(a.rs.metadata.name!, made.metadata.resourceVersion);
          } catch (err) {
            if (!(err instanceof AlreadyExistsError)) throw err;
            const existing = (await ctx.client.get(
              builtin.replicaSets,
              a.rs.metadata.name!,
              req.namespace,
            )) as ReplicaSet;
            if (
              controllerRefOf(existing)?.uid === d.metadata.uid &&
              equalIgnoreHash(existing.spec.template, d.spec.template)
            )
              break;
            const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
            await ctx.client.updateStatus(builtin.deployments, { ...d, status });
            throw new Error(
              `hash collision for ReplicaSet ${a.rs.metadata.name}; collisionCount is now ${status.collisionCount}`,
              { cause: err },
            );
          }
          break;
        case 'updateReplicaSet':
          if (versions.has(a.rs.metadata.name!)) a.rs.metadata.resourceVersion = versions.get(a.rs.metadata.name!);
          versions.set(
            a.rs.metadata.name!,
            (await ctx.client.update(builtin.replicaSets, a.rs)).metadata.resourceVersion,
          );
          break;
        case 'deleteReplicaSet':
          try {
            await ctx.client.delete(builtin.replicaSets, a.rs.metadata.name!, req.namespace, {
              preconditions: { uid: a.rs.metadata.uid },
              propagationPolicy: 'Background',
            });
          } catch (err) {
            if (!(err instanceof NotFoundError)) throw err;
          }
          break;
        case 'setDeploymentRevision':
          d = withKind(
            (await ctx.client.patch(
              builtin.deployments,
              req.name,
              { metadata: { annotations: { [deploymentAnnotations.revision]: a.revision } } },
              'merge',
              { namespace: req.namespace },
            )) as Deployment,
            'apps/v1',
            'Deployment',
          );
          break;
        case 'updateStatus':
          d = withKind(
            (await ctx.client.updateStatus(builtin.deployments, { ...d, status: a.status })) as Deployment,
            'apps/v1',
            'Deployment',
          );
          break;
        case 'event':
          void ctx.recorder.event(
            d,
            a.eventType,
            a.reason,
            a.reason === 'ScalingReplicaSet' ? 'Scale' : 'Update',
            a.message,
          );
          break;
      }
    }
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: Math.max(1, plan.requeueAfterMs) } : undefined;
  }
}

/** The Deployment controller's registration: Deployments, the ReplicaSets they own, and (for Recreate) those RSs' pods. */
export function deploymentControllerOptions(
  clock: NowSource,
  replicaSetOwner: (namespace: string, name: string) => { name: string } | undefined,
): ControllerOptions {
  return {
    name: 'deployment',
    for: builtin.deployments,
    owns: [builtin.replicaSets],
    watches: [
      {
        resource: builtin.pods,
        predicates: [{ create: () => false, update: () => false }],
        map: (pod) => {
          const ref = controllerRefOf(pod);
          if (!ref || ref.kind !== 'ReplicaSet') return [];
          const owner = replicaSetOwner(pod.metadata.namespace ?? '', ref.name);
          return owner ? [{ namespace: pod.metadata.namespace, name: owner.name }] : [];
        },
      },
    ],
    reconciler: new DeploymentReconciler(clock),
    maxConcurrentReconciles: 5,
  };
}
