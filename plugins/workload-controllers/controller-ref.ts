import type { KubeObject, OwnerReference } from '../../sdk/api/kube-object.js';
import { labelSelectorMatches, type LabelSelector } from '../../sdk/api/validation/index.js';

/** The ownerReference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** A controller ownerReference to `owner` (metav1.NewControllerRef: controller and blockOwnerDeletion true). */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** What the ControllerRefManager decides for each candidate object. */
export interface ClaimPlan<T extends KubeObject> {
  /** Objects this owner controls and still selects (after adoption). */
  owned: T[];
  /** Orphans that match the selector: adopt them (add the controller ref), then they are owned. */
  adopt: T[];
  /** Objects this owner controls that no longer match: release them (drop the ref). */
  release: T[];
}

/**
 * The ControllerRefManager's claim decision: objects controlled by `owner` that match stay owned,
 * those that no longer match are released; orphans that match are adopted unless the owner or the
 * orphan is being deleted. Objects controlled by someone else are ignored.
 */
export function planClaims<T extends KubeObject>(
  owner: KubeObject,
  selector: LabelSelector,
  candidates: T[],
): ClaimPlan<T> {
  const plan: ClaimPlan<T> = { owned: [], adopt: [], release: [] };
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const matches = labelSelectorMatches(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches || ownerDeleting) plan.owned.push(obj);
      else if (!obj.metadata.deletionTimestamp) plan.release.push(obj);
      continue;
    }
    if (!matches || ownerDeleting || obj.metadata.deletionTimestamp) continue;
    plan.adopt.push(obj);
  }
  return plan;
}

/** A strategic merge patch that adds a controller ref (the adoption patch of the ControllerRefManager). */
export function adoptionPatch(obj: KubeObject, ref: OwnerReference): unknown {
  return { metadata: { ownerReferences: [ref], uid: obj.metadata.uid } };
}

/** A strategic merge patch that removes the owner's reference (the release patch). */
export function releasePatch(obj: KubeObject, ownerUid: string): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: obj.metadata.uid } };
}
