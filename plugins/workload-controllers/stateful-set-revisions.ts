import { controllerRefOf, newControllerRef } from './controller-ref.js';
import { canonicalJson, fnv32a, safeEncodeString } from './pod-template-hash.js';
import type { ControllerRevision, Pod, PodTemplateSpec, StatefulSet } from './workload-types.js';

/** The label with the name of the ControllerRevision a StatefulSet pod was made from. */
export const statefulSetRevisionLabel = 'controller-revision-hash';

/** The revision data of a StatefulSet: the strategic merge patch that restores its template (getPatch). */
export function statefulSetPatch(set: StatefulSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...structuredClone(set.spec.template ?? {}), $patch: 'replace' } } };
}

/**
 * controller.HashControllerRevision: FNV-32a over the revision data (canonical JSON here), then the
 * collision count when set, safe-encoded.
 */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(canonicalJson(data ?? null), 'utf8'));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

/** history.ControllerRevisionName: `<parent>-<hash>`, the parent name cut to 223 characters. */
export function controllerRevisionName(parent: string, hash: string): string {
  return `${parent.length > 223 ? parent.slice(0, 223) : parent}-${hash}`;
}

/**
 * newRevision: the ControllerRevision of the set's current template, owned by the set, labelled
 * with the template labels and the hash, numbered `revision`.
 */
export function newStatefulSetRevision(
  set: StatefulSet,
  revision: number,
  collisionCount?: number,
): ControllerRevision {
  const data = statefulSetPatch(set);
  const hash = hashRevisionData(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(set.metadata.name ?? '', hash),
      namespace: set.metadata.namespace,
      labels: { ...(set.spec.template?.metadata?.labels ?? {}), [statefulSetRevisionLabel]: hash },
      ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    data,
    revision,
  };
}

/** history.EqualRevision: the same data (the hash label may differ through collisions). */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  return canonicalJson(a.data ?? null) === canonicalJson(b.data ?? null);
}

/** The revisions sorted by revision number, then by name (history.SortControllerRevisions). */
export function sortRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort(
    (a, b) => a.revision - b.revision || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
}

/** ApplyRevision: the pod template recorded in a revision (the set's own template when it has none). */
export function templateOfRevision(set: StatefulSet, revision: ControllerRevision | undefined): PodTemplateSpec {
  const data = revision?.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = data?.spec?.template;
  if (!t) return set.spec.template;
  const copy = structuredClone(t);
  delete copy.$patch;
  return copy as PodTemplateSpec;
}

/** What the revision step of a sync decides (getStatefulSetRevisions). */
export interface RevisionPlan {
  /** The revision of the set's template (existing, or `create` when new). */
  update: ControllerRevision;
  /** The revision the current pods were made from (status.currentRevision, else `update`). */
  current: ControllerRevision;
  /** Create `update` (it does not exist yet). */
  create: boolean;
  /** An existing equal revision that must be renumbered to `update.revision` (it was not the latest). */
  renumber?: ControllerRevision;
}

/**
 * getStatefulSetRevisions: the next revision number is one more than the highest; an existing
 * revision equal to the template is reused (renumbered when it is not the latest), else a new one
 * is created.
 */
export function planRevisions(set: StatefulSet, revisions: ControllerRevision[]): RevisionPlan {
  const sorted = sortRevisions(revisions);
  const next = (sorted.at(-1)?.revision ?? 0) + 1;
  const candidate = newStatefulSetRevision(set, next, set.status?.collisionCount);
  const equal = sorted.filter((r) => equalRevision(r, candidate));
  let update: ControllerRevision;
  let create = false;
  let renumber: ControllerRevision | undefined;
  if (equal.length > 0 && equal.at(-1) === sorted.at(-1)) update = equal.at(-1)!;
  else if (equal.length > 0) {
    renumber = equal.at(-1)!;
    update = { ...renumber, revision: next };
  } else {
    update = candidate;
    create = true;
  }
  const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { update, current, create, ...(renumber ? { renumber } : {}) };
}

/**
 * truncateHistory: the revisions to delete so that at most revisionHistoryLimit (default 10)
 * revisions remain besides the live ones (current, update and those of existing pods), oldest first.
 */
export function revisionsToTruncate(
  set: StatefulSet,
  revisions: ControllerRevision[],
  pods: Pod[],
  current: string,
  update: string,
): ControllerRevision[] {
  const live = new Set<string>([current, update]);
  for (const p of pods) {
    const r = p.metadata.labels?.[statefulSetRevisionLabel];
    if (r) live.add(r);
  }
  const history = sortRevisions(revisions).filter((r) => !live.has(r.metadata.name ?? ''));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  return history.length <= limit ? [] : history.slice(0, history.length - limit);
}

/** The revisions among `revisions` controlled by the set. */
export function ownedRevisions(set: StatefulSet, revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.filter((r) => controllerRefOf(r)?.uid === set.metadata.uid);
}
