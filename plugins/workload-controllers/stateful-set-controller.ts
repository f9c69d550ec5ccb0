import type { OwnerReference } from '../../sdk/api/kube-object.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../sdk/client/api-error.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { ControllerOptions, ReconcileContext, ReconcileResult, Request } from '../../sdk/runtime/index.js';
import { claimChildren, withKind } from './child-claims.js';
import type { NowSource } from './now-source.js';
import { canonicalJson } from './pod-template-hash.js';
import { podOrdinal } from './stateful-set-identity.js';
import { planStatefulSetSync, type StatefulSetAction } from './stateful-set-logic.js';
import {
  equalRevision,
  planRevisions,
  revisionsToTruncate,
  templateOfRevision,
  type RevisionPlan,
} from './stateful-set-revisions.js';
import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from './workload-types.js';

/**
 * The StatefulSet reconciler: ControllerRevisions for the template history, pods with stable
 * names and claims made in order, rolling updates from the highest ordinal, and status.
 */
export class StatefulSetReconciler {
  constructor(private readonly clock: NowSource) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(builtin.statefulSets, req.name, req.namespace);
    if (!cached) return;
    const set = withKind(cached as StatefulSet, 'apps/v1', 'StatefulSet');
    const ns = req.namespace!;
    const allPods = (await ctx.cache.list(builtin.pods, { namespace: ns })) as Pod[];
    const pods = (await claimChildren(
      ctx.client,
      builtin.pods,
      set,
      'apps/v1',
      'StatefulSet',
      set.spec.selector,
      allPods.filter((p) => podOrdinal(set, p) !== undefined),
    )) as Pod[];
    const allRevisions = (await ctx.cache.list(builtin.controllerRevisions, { namespace: ns })) as ControllerRevision[];
    const revisions = (await claimChildren(
      ctx.client,
      builtin.controllerRevisions,
      set,
      'apps/v1',
      'StatefulSet',
      set.spec.selector,
      allRevisions,
    )) as ControllerRevision[];

    const plan = planRevisions(set, revisions);
    const update = await this.ensureRevision(set, plan, ctx);
    if (!update) return { requeueAfterMs: 1 };
    const current = plan.current === plan.update ? update : plan.current;
    const claims = (await ctx.cache.list(builtin.persistentVolumeClaims, { namespace: ns })) as PersistentVolumeClaim[];
    const sync = planStatefulSetSync(
      set,
      pods,
      claims,
      {
        current: { name: current.metadata.name!, template: templateOfRevision(set, current) },
        update: { name: update.metadata.name!, template: templateOfRevision(set, update) },
      },
      this.clock.now(),
    );
    let failure: Error | undefined;
    for (const action of sync.actions) {
      try {
        await this.perform(set, action, ctx);
      } catch (err) {
        failure = err as Error;
        break;
      }
    }
    if (canonicalJson(sync.status) !== canonicalJson(set.status ?? {})) {
      try {
        await ctx.client.updateStatus(builtin.statefulSets, { ...set, status: sync.status });
      } catch (err) {
        if (err instanceof NotFoundError) return;
        if (!(err instanceof ConflictError)) throw err;
        failure ??= err as Error;
      }
    }
    if (failure) throw failure;
    const live = [...revisions.filter((r) => r.metadata.name !== update.metadata.name), update];
    for (const r of revisionsToTruncate(set, live, pods, sync.status.currentRevision!, sync.status.updateRevision!)) {
      await ctx.client
        .delete(builtin.controllerRevisions, r.metadata.name!, ns, { preconditions: { uid: r.metadata.uid } })
        .catch((err: unknown) => {
          if (!(err instanceof NotFoundError || err instanceof ConflictError)) throw err;
        });
    }
    return sync.requeueAfterMs !== undefined ? { requeueAfterMs: sync.requeueAfterMs } : undefined;
  }

  /**
   * Makes the update revision exist: creates it (a name taken by different data bumps
   * status.collisionCount, and the next sync hashes again), or renumbers an equal older one.
   * Returns undefined when the sync must start over.
   */
  private async ensureRevision(
    set: StatefulSet,
    plan: RevisionPlan,
    ctx: ReconcileContext,
  ): Promise<ControllerRevision | undefined> {
    if (plan.renumber) {
      return (await ctx.client.update(builtin.controllerRevisions, {
        ...plan.renumber,
        revision: plan.update.revision,
      })) as ControllerRevision;
    }
    if (!plan.create) return plan.update;
    try {
      return (await ctx.client.create(builtin.controllerRevisions, plan.update)) as ControllerRevision;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
    const existing = (await ctx.client.get(
      builtin.controllerRevisions,
      plan.update.metadata.name!,
      set.metadata.namespace,
    )) as ControllerRevision;
    const ownedBySet = existing.metadata.ownerReferences?.some((r) => r.controller && r.uid === set.metadata.uid);
    if (ownedBySet && equalRevision(existing, plan.update)) return existing;
    await ctx.client.updateStatus(builtin.statefulSets, {
      ...set,
      status: { ...(set.status ?? {}), collisionCount: (set.status?.collisionCount ?? 0) + 1 },
    });
    return undefined;
  }

  private async perform(set: StatefulSet, action: StatefulSetAction, ctx: ReconcileContext): Promise<void> {
    const setName = set.metadata.name;
    switch (action.type) {
      case 'createClaim': {
        const name = action.claim.metadata.name;
        try {
          await ctx.client.create(builtin.persistentVolumeClaims, action.claim);
          void ctx.recorder.event(
            set,
            'Normal',
            'SuccessfulCreate',
            'Create',
            `create Claim ${name} Pod ${action.podName} in StatefulSet ${setName} success`,
          );
        } catch (err) {
          if (err instanceof AlreadyExistsError) return;
          void ctx.recorder.event(
            set,
            'Warning',
            'FailedCreate',
            'Create',
            `create Claim ${name} for Pod ${action.podName} in StatefulSet ${setName} failed error: ${(err as Error).message}`,
          );
          throw err;
        }
        return;
      }
      case 'createPod': {
        const name = action.pod.metadata.name;
        try {
          await ctx.client.create(builtin.pods, action.pod);
          void ctx.recorder.event(
            set,
            'Normal',
            'SuccessfulCreate',
            'Create',
            `create Pod ${name} in StatefulSet ${setName} successful`,
          );
        } catch (err) {
          void ctx.recorder.event(
            set,
            'Warning',
            'FailedCreate',
            'Create',
            `create Pod ${name} in StatefulSet ${setName} failed error: ${(err as Error).message}`,
          );
          throw err;
        }
        return;
      }
      case 'deletePod': {
        const name = action.pod.metadata.name;
        try {
          await ctx.client.delete(builtin.pods, name!, set.metadata.namespace, {
            preconditions: { uid: action.pod.metadata.uid },
          });
          void ctx.recorder.event(
            set,
            'Normal',
            'SuccessfulDelete',
            'Delete',
            `delete Pod ${name} in StatefulSet ${setName} successful`,
          );
        } catch (err) {
          if (err instanceof NotFoundError || err instanceof ConflictError) return;
          void ctx.recorder.event(
            set,
            'Warning',
            'FailedDelete',
            'Delete',
            `delete Pod ${name} in StatefulSet ${setName} failed error: ${(err as Error).message}`,
          );
          throw err;
        }
        return;
      }
      case 'labelPod':
        await ctx.client.patch(
          builtin.pods,
          action.pod.metadata.name!,
          { metadata: { labels: action.labels, resourceVersion: action.pod.metadata.resourceVersion } },
          'merge',
          { namespace: set.metadata.namespace },
        );
        return;
      case 'setClaimOwners':
        await ctx.client.patch(
          builtin.persistentVolumeClaims,
          action.claim.metadata.name!,
          {
            metadata: {
              ownerReferences: action.ownerReferences.length > 0 ? action.ownerReferences : null,
              resourceVersion: action.claim.metadata.resourceVersion,
            },
          },
          'merge',
          { namespace: set.metadata.namespace },
        );
        return;
    }
  }
}

/** The StatefulSet controller's registration: StatefulSets, their pods and revisions, and the claims of their pods. */
export function statefulSetControllerOptions(clock: NowSource): ControllerOptions {
  return {
    name: 'statefulset',
    for: builtin.statefulSets,
    owns: [builtin.pods, builtin.controllerRevisions],
    watches: [
      {
        resource: builtin.persistentVolumeClaims,
        // A claim's pod is `<set>-<ordinal>` and its name `<claim>-<set>-<ordinal>`: the set that
        // owns the claim (retention) is asked, claims of other sets are found when their pod syncs.
        map: (pvc: PersistentVolumeClaim) =>
          (pvc.metadata.ownerReferences ?? [])
            .filter((r: OwnerReference) => r.kind === 'StatefulSet' && r.apiVersion === 'apps/v1')
            .map((r: OwnerReference) => ({ namespace: pvc.metadata.namespace, name: r.name })),
      },
    ],
    reconciler: new StatefulSetReconciler(clock),
    maxConcurrentReconciles: 2,
  };
}
