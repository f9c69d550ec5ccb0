import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { BaseCommand } from './base-command.js';
import { UsageError } from './cli-errors.js';
import type { KubeFlags, KubeSession } from './kube-session.js';
import { parseResourceArgs } from './resource-args.js';
import { listObjects } from './resource-fetch.js';
import type { ApiResource } from './resource-resolver.js';
import { ownedRevisions, selectorString } from './rollout-status.js';

/** The object a rollout command works on. */
export interface RolloutTarget {
  s: KubeSession;
  res: ApiResource;
  name: string;
  namespace: string;
}

/** Resolves `deploy/web` or `deployment web` to one rollout-capable object. */
export async function rolloutTarget(
  cmd: BaseCommand,
  flags: KubeFlags,
  argv: string[],
  kinds = ['Deployment', 'DaemonSet', 'StatefulSet'],
): Promise<RolloutTarget> {
  const requests = parseResourceArgs(argv, 'rollout');
  if (requests.length !== 1 || requests[0]!.names.length !== 1)
    throw new UsageError('name exactly one object, e.g. deployment/web or deployment web');
  const s = await cmd.session(flags);
  const res = await s.resolver.resolve(requests[0]!.type);
  if (!kinds.includes(res.kind))
    throw new UsageError(`no rollout support for ${res.kind} (supported: ${kinds.join(', ')})`);
  return { s, res, name: requests[0]!.names[0]!, namespace: s.namespace };
}

/** The Deployment and its ReplicaSets by revision. */
export async function deploymentRevisions(
  t: RolloutTarget,
): Promise<{ deployment: KubeObject; revisions: Map<number, KubeObject> }> {
  const deployment = await t.s.client.get(t.res, t.name, t.namespace);
  const rsRes = await t.s.resolver.resolve('replicasets.apps');
  const spec = (deployment.spec ?? {}) as { selector?: unknown };
  const replicaSets = await listObjects(t.s.client, rsRes, {
    namespace: t.namespace,
    labelSelector: selectorString(spec.selector) || undefined,
  });
  return { deployment, revisions: ownedRevisions(deployment, replicaSets) };
}
