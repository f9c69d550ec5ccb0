import type { KubeObject, OwnerReference } from '../../sdk/api/kube-object.js';
import type { LabelSelector } from '../../sdk/api/validation/index.js';
import { ConflictError, NotFoundError } from '../../sdk/client/api-error.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../sdk/client/resource-descriptor.js';
import { controllerRefOf, newControllerRef, planClaims } from './controller-ref.js';

/**
 * The ControllerRefManager: claims `candidates` for `owner` by `selector`. Orphans that match are
 * adopted (a merge patch adding the controller ref, conditional on the resourceVersion seen),
 * owned objects that no longer match are released. Returns the objects the owner controls
 * afterwards. An object that changed or vanished meanwhile is skipped (the next sync sees it).
 */
export async function claimChildren<T extends KubeObject>(
  client: KubeClient,
  resource: ResourceDescriptor<T>,
  owner: KubeObject,
  ownerApiVersion: string,
  ownerKind: string,
  selector: LabelSelector,
  candidates: T[],
): Promise<T[]> {
  const plan = planClaims(owner, selector, candidates);
  const owned = [...plan.owned];
  const ref = newControllerRef(owner, ownerApiVersion, ownerKind);
  for (const obj of plan.adopt) {
    const refs: OwnerReference[] = [...(obj.metadata.ownerReferences ?? []), ref];
    const done = await patchRefs(client, resource, obj, refs);
    if (done) owned.push(done);
  }
  for (const obj of plan.release) {
    const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
    await patchRefs(client, resource, obj, refs);
  }
  return owned;
}

async function patchRefs<T extends KubeObject>(
  client: KubeClient,
  resource: ResourceDescriptor<T>,
  obj: T,
  refs: OwnerReference[],
): Promise<T | undefined> {
  try {
    return await client.patch(
      resource,
      obj.metadata.name!,
      { metadata: { ownerReferences: refs.length > 0 ? refs : null, resourceVersion: obj.metadata.resourceVersion } },
      'merge',
      { namespace: obj.metadata.namespace },
    );
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ConflictError) return undefined;
    throw err;
  }
}

/** The objects among `objs` controlled by the object with `uid`. */
export function controlledBy<T extends KubeObject>(objs: T[], uid: string | undefined): T[] {
  return objs.filter((o) => controllerRefOf(o)?.uid === uid);
}

/** Sets apiVersion and kind (informer lists may leave them out) so events and refs name the object. */
export function withKind<T extends KubeObject>(obj: T, apiVersion: string, kind: string): T {
  return { ...obj, apiVersion, kind };
}
