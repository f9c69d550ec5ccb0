import type { KubeObject, ReconcileContext, ReconcileResult, Reconciler, Request } from '../../../sdk/index.js';
import { addFinalizer, builtin, hasFinalizer, removeFinalizer } from '../../../sdk/index.js';
import { webAppResource, type WebApp } from './generated/apps.capstan.dev/v1alpha1/index.js';
import { desiredConfigMap, desiredDeployment, desiredService, urlOf } from './webapp-children.js';
import { addToDirectory, removeFromDirectory } from './webapp-directory.js';
import { computeStatus, statusChanged } from './webapp-status.js';

/** The finalizer that removes a deleted WebApp's entry from the namespace's directory. */
export const webAppFinalizer = 'apps.capstan.dev/directory-cleanup';
/** The field manager of the operator's server-side applies. */
export const fieldManager = 'webapp-operator';

/**
 * Makes a WebApp's children match its spec: a ConfigMap, a Deployment and a Service, all owned by
 * the WebApp (the garbage collector deletes them after it), applied server-side so that only the
 * fields the operator sets are its own. Reports Ready/Progressing in the status subresource, and
 * keeps the namespace's directory entry, which the finalizer removes on deletion. Level-based and
 * idempotent: it reads the current state on every call and does not care what triggered it.
 */
export class WebAppReconciler implements Reconciler {
  constructor(private readonly now: () => number = Date.now) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const cached = await ctx.cache.get(webAppResource, req.name, req.namespace);
    if (!cached) return; // deleted: the garbage collector removes the children
    const app = structuredClone(cached);

    if (app.metadata.deletionTimestamp) {
      if (!hasFinalizer(app, webAppFinalizer)) return;
      await removeFromDirectory(ctx.client, req.namespace!, req.name);
      removeFinalizer(app, webAppFinalizer);
      await ctx.client.update(webAppResource, app); // a conflict is retried with backoff
      await ctx.recorder.event(app, 'Normal', 'CleanedUp', 'Finalize', 'removed from the webapp directory');
      return;
    }
    let current: WebApp = app;
    if (addFinalizer(app, webAppFinalizer)) current = await ctx.client.update(webAppResource, app);

    const apply = <T extends KubeObject>(res: typeof builtin.configMaps, obj: T) =>
      ctx.client.apply(res, obj, { fieldManager, force: true });
    await apply(builtin.configMaps, desiredConfigMap(current));
    const deployment = await apply(builtin.deployments, desiredDeployment(current));
    await apply(builtin.services, desiredService(current));
    await addToDirectory(ctx.client, req.namespace!, req.name, urlOf(current));

    const status = computeStatus(current, deployment, this.now());
    if (statusChanged(current.status, status)) {
      await ctx.client.patch(webAppResource, req.name, { status }, 'merge', {
        namespace: req.namespace,
        subresource: 'status',
      });
      const wasReady = current.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      const isReady = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      if (isReady && !wasReady)
        await ctx.recorder.event(current, 'Normal', 'Ready', 'Reconcile', `${status.readyReplicas} replicas ready`);
    }
  }
}
