import type { KubeObject, OwnerReference } from '../../../sdk/api/kube-object.js';
import { deletingWith, foregroundDeletionFinalizer, orphanFinalizer } from './owner-graph.js';

/** What a lookup of one owner found. */
export type OwnerLookup =
  /** Missing, or present under another uid: the reference dangles. */
  { readonly state: 'absent' } | { readonly state: 'present'; readonly owner: KubeObject };

/** The references of a dependent, split as the garbage collector's classifyReferences does. */
export interface ClassifiedReferences {
  /** Owners that exist and are not deleting in the foreground. */
  readonly solid: OwnerReference[];
  /** Owners that are gone (or exist under another uid). */
  readonly dangling: OwnerReference[];
  /** Owners being deleted in the foreground (waiting for their dependents). */
  readonly waitingForDependentsDeletion: OwnerReference[];
}

/** Splits references by what the lookup of each owner found (same order as `refs`). */
export function classifyReferences(
  refs: readonly OwnerReference[],
  lookups: readonly OwnerLookup[],
): ClassifiedReferences {
  const out = {
    solid: [] as OwnerReference[],
    dangling: [] as OwnerReference[],
    waitingForDependentsDeletion: [] as OwnerReference[],
  };
  refs.forEach((ref, i) => {
    const l = lookups[i]!;
    if (l.state === 'absent' || l.owner.metadata.uid !== ref.uid) out.dangling.push(ref);
    else if (deletingWith(l.owner, foregroundDeletionFinalizer)) out.waitingForDependentsDeletion.push(ref);
    else out.solid.push(ref);
  });
  return out;
}

/** What to do with a dependent whose owners were classified. */
export type DependentAction =
  /** Leave it: every owner is solid. */
  | { readonly type: 'keep' }
  /** Some owner is solid: drop the references to the dangling and waiting owners. */
  | { readonly type: 'remove-references'; readonly uids: readonly string[] }
  /**
   * No solid owner: delete it with this propagation policy. `unblockUids`: references whose
   * blockOwnerDeletion must first be set to false (a cycle of foreground deletions).
   */
  | {
      readonly type: 'delete';
      readonly policy: 'Foreground' | 'Background' | 'Orphan';
      readonly unblockUids: readonly string[];
    };

/**
 * The garbage collector's decision for a dependent (attemptToDeleteItem): keep it while a solid
 * owner remains (dropping references to absent or foreground-deleting owners), delete it in the
 * foreground when a foreground-deleting owner waits and it has dependents of its own, else delete
 * it with the policy its own finalizers ask for (orphan, foreground, or background by default).
 */
export function decideForDependent(
  latest: KubeObject,
  refs: ClassifiedReferences,
  dependents: { readonly count: number; readonly anyDeletingDependents: boolean },
): DependentAction {
  if (refs.solid.length > 0) {
    if (refs.dangling.length === 0 && refs.waitingForDependentsDeletion.length === 0) return { type: 'keep' };
    return {
      type: 'remove-references',
      uids: [...refs.dangling, ...refs.waitingForDependentsDeletion].map((r) => r.uid),
    };
  }
  if (refs.waitingForDependentsDeletion.length > 0 && dependents.count > 0) {
    const unblockUids = dependents.anyDeletingDependents
      ? (latest.metadata.ownerReferences ?? [])
          .filter(
            (r) => r.blockOwnerDeletion === true && refs.waitingForDependentsDeletion.some((w) => w.uid === r.uid),
          )
          .map((r) => r.uid)
      : [];
    return { type: 'delete', policy: 'Foreground', unblockUids };
  }
  const finalizers = latest.metadata.finalizers ?? [];
  const policy = finalizers.includes(orphanFinalizer)
    ? 'Orphan'
    : finalizers.includes(foregroundDeletionFinalizer)
      ? 'Foreground'
      : 'Background';
  return { type: 'delete', policy, unblockUids: [] };
}

/** The ownerReferences left after dropping `uids`. */
export function withoutReferences(refs: readonly OwnerReference[], uids: readonly string[]): OwnerReference[] {
  return refs.filter((r) => !uids.includes(r.uid));
}

/** The ownerReferences with blockOwnerDeletion set to false on the references to `uids`. */
export function unblockReferences(refs: readonly OwnerReference[], uids: readonly string[]): OwnerReference[] {
  return refs.map((r) => (uids.includes(r.uid) ? { ...r, blockOwnerDeletion: false } : r));
}
