import type { KubeObject, OwnerReference } from '../../../sdk/api/kube-object.js';

/** The finalizer of a foreground deletion: the owner waits for its blocking dependents. */
export const foregroundDeletionFinalizer = 'foregroundDeletion';
/** The finalizer of an orphaning deletion: dependents lose their reference before the owner goes. */
export const orphanFinalizer = 'orphan';

/** Where an object lives and who it is. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped objects (and, for a virtual node, the namespace of the dependent that named it). */
  readonly namespace: string;
  readonly uid: string;
}

/** One object of the ownership graph. */
export interface GraphNode {
  identity: ObjectIdentity;
  owners: OwnerReference[];
  readonly dependents: Set<GraphNode>;
  /** Known only from another object's ownerReferences, not observed through a watch yet. */
  virtual: boolean;
  /** Has a deletionTimestamp. */
  beingDeleted: boolean;
  /** Has a deletionTimestamp and the foregroundDeletion finalizer. */
  deletingDependents: boolean;
}

/** The work a graph change calls for: uids to check for deletion and owners to orphan. */
export interface GraphWork {
  attemptToDelete: GraphNode[];
  attemptToOrphan: GraphNode[];
  /** Identities verified absent (dependents referring to them are dangling). */
  absent: ObjectIdentity[];
}

const emptyWork = (): GraphWork => ({ attemptToDelete: [], attemptToOrphan: [], absent: [] });

/** The identity of an observed object. */
export function identityOf(obj: KubeObject, apiVersion: string, kind: string): ObjectIdentity {
  return {
    apiVersion,
    kind,
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace ?? '',
    uid: obj.metadata.uid ?? '',
  };
}

/** Whether the object is being deleted and carries `finalizer`. */
export function deletingWith(obj: KubeObject | undefined, finalizer: string): boolean {
  return !!obj?.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(finalizer);
}

function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.namespace === b.namespace &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion
  );
}

function ownerIdentity(ref: OwnerReference, namespace: string): ObjectIdentity {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace, uid: ref.uid };
}

/** Whether a dependent's reference names the owner by these coordinates (apiVersion may differ in version only). */
function refersTo(dep: GraphNode, id: ObjectIdentity): boolean {
  return dep.owners.some(
    (r) =>
      r.uid === id.uid &&
      r.name === id.name &&
      r.kind === id.kind &&
      groupOf(r.apiVersion) === groupOf(id.apiVersion) &&
      (dep.identity.namespace === id.namespace || id.namespace === ''),
  );
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * The garbage collector's dependency graph (the GraphBuilder's uidToNode): nodes by uid, each with
 * its owners and dependents. Observed changes go in; the work they call for comes out.
 */
export class OwnerGraph {
  private readonly nodes = new Map<string, GraphNode>();

  /** The node of a uid. */
  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Number of nodes (observed and virtual). */
  get size(): number {
    return this.nodes.size;
  }

  /**
   * Records an object seen by a watch (added or updated); `old` is the previous version when the
   * watch had one. Returns the work this change calls for.
   */
  observe(obj: KubeObject, apiVersion: string, kind: string, old?: KubeObject): GraphWork {
    const work = emptyWork();
    const id = identityOf(obj, apiVersion, kind);
    if (!id.uid) return work;
    let node = this.nodes.get(id.uid);
    const owners = obj.metadata.ownerReferences ?? [];
    if (node && node.virtual) {
      if (!sameIdentity(node.identity, id)) {
        for (const dep of node.dependents) if (!refersTo(dep, id)) work.attemptToDelete.push(dep);
        node.identity = id;
      }
      node.virtual = false;
    }
    if (!node) {
      node = {
        identity: id,
        owners: [...owners],
        dependents: new Set(),
        virtual: false,
        beingDeleted: !!obj.metadata.deletionTimestamp,
        deletingDependents: false,
      };
      this.nodes.set(id.uid, node);
      this.addToOwners(node, owners, work);
    } else {
      const { added, removed, changed } = referenceDiffs(node.owners, owners);
      if (added.length || removed.length || changed.length) {
        for (const ref of [...removed, ...changed.map((c) => c.old)]) {
          const unblocked =
            ref.blockOwnerDeletion === true &&
            (removed.includes(ref) || changed.some((c) => c.old === ref && c.now.blockOwnerDeletion !== true));
          const owner = this.nodes.get(ref.uid);
          if (unblocked && owner?.deletingDependents) work.attemptToDelete.push(owner);
        }
        node.owners = [...owners];
        this.addToOwners(node, added, work);
        for (const ref of removed) this.nodes.get(ref.uid)?.dependents.delete(node);
      }
      if (obj.metadata.deletionTimestamp) node.beingDeleted = true;
    }
    if (deletingWith(obj, orphanFinalizer) && !deletingWith(old, orphanFinalizer)) {
      work.attemptToOrphan.push(node);
    } else if (
      deletingWith(obj, foregroundDeletionFinalizer) &&
      (!deletingWith(old, foregroundDeletionFinalizer) || !node.deletingDependents)
    ) {
      node.deletingDependents = true;
      node.beingDeleted = true;
      work.attemptToDelete.push(...node.dependents, node);
    }
    return work;
  }

  /**
   * Records a deletion: observed by a watch (`virtual` false) or verified by a lookup that found
   * the object missing or with another uid (`virtual` true). Dependents are queued for deletion
   * checks, and owners waiting on their dependents are queued to be re-checked.
   */
  observeDeleted(id: ObjectIdentity, virtualEvent: boolean): GraphWork {
    const work = emptyWork();
    const node = this.nodes.get(id.uid);
    if (!node) return work;
    if (virtualEvent) {
      if (node.virtual) {
        const matching = [...node.dependents].filter((d) => refersTo(d, id));
        const nonMatching = [...node.dependents].filter((d) => !refersTo(d, id));
        if (nonMatching.length > 0) {
          if (matching.length > 0) {
            work.absent.push(id);
            work.attemptToDelete.push(...matching);
          }
          if (sameIdentity(node.identity, id)) {
            const alt = nonMatching
              .flatMap((d) =>
                d.owners.filter((r) => r.uid === id.uid).map((r) => ownerIdentity(r, d.identity.namespace)),
              )
              .find((c) => !sameIdentity(c, id));
            if (alt) {
              node.identity = alt;
              work.attemptToDelete.push(node);
            }
          }
          return work;
        }
      } else if (!sameIdentity(node.identity, id)) {
        const matching = [...node.dependents].filter((d) => refersTo(d, id));
        if (matching.length > 0) {
          work.absent.push(id);
          work.attemptToDelete.push(...matching);
        }
        return work;
      }
    }
    this.nodes.delete(id.uid);
    for (const ref of node.owners) this.nodes.get(ref.uid)?.dependents.delete(node);
    if (node.dependents.size > 0) work.absent.push(node.identity);
    work.attemptToDelete.push(...node.dependents);
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      if (owner?.deletingDependents) work.attemptToDelete.push(owner);
    }
    return work;
  }

  /** Dependents whose reference to `node` has blockOwnerDeletion: true (the ones a foreground deletion waits for). */
  blockingDependents(node: GraphNode): GraphNode[] {
    return [...node.dependents].filter((d) =>
      d.owners.some((r) => r.uid === node.identity.uid && r.blockOwnerDeletion === true),
    );
  }

  private addToOwners(node: GraphNode, refs: readonly OwnerReference[], work: GraphWork): void {
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = {
          identity: ownerIdentity(ref, node.identity.namespace),
          owners: [],
          dependents: new Set(),
          virtual: true,
          beingDeleted: false,
          deletingDependents: false,
        };
        this.nodes.set(ref.uid, owner);
        work.attemptToDelete.push(owner);
      }
      owner.dependents.add(node);
    }
  }
}

/** The references added, removed and changed between two ownerReferences lists (matched by uid). */
export function referenceDiffs(
  old: readonly OwnerReference[],
  now: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: Array<{ old: OwnerReference; now: OwnerReference }>;
} {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const nowByUid = new Map(now.map((r) => [r.uid, r]));
  const added = now.filter((r) => !oldByUid.has(r.uid));
  const removed = old.filter((r) => !nowByUid.has(r.uid));
  const changed: Array<{ old: OwnerReference; now: OwnerReference }> = [];
  for (const r of now) {
    const o = oldByUid.get(r.uid);
    if (o && JSON.stringify(o) !== JSON.stringify(r)) changed.push({ old: o, now: r });
  }
  return { added, removed, changed };
}
