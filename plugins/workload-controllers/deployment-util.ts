import { parseTime } from './pod-state.js';
import { scaledValue } from './scaled-value.js';
import type { Deployment, ReplicaSet } from './workload-types.js';

/** The annotations the Deployment controller keeps on ReplicaSets and Deployments. */
export const deploymentAnnotations = {
  revision: 'deployment.kubernetes.io/revision',
  revisionHistory: 'deployment.kubernetes.io/revision-history',
  desiredReplicas: 'deployment.kubernetes.io/desired-replicas',
  maxReplicas: 'deployment.kubernetes.io/max-replicas',
  rollbackTo: 'deprecated.deployment.rollback.to',
  lastApplied: 'kubectl.kubernetes.io/last-applied-configuration',
  changeCause: 'kubernetes.io/change-cause',
} as const;

/** The longest revision-history annotation kept (in characters). */
export const maxRevisionHistoryLength = 2000;

/** spec.replicas with its default. */
export function desiredReplicas(obj: { spec: { replicas?: number } }): number {
  return obj.spec.replicas ?? 1;
}

/** True for the RollingUpdate strategy (the default). */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * deploymentutil.ResolveFenceposts: maxSurge rounded up and maxUnavailable rounded down, as
 * numbers of pods of `desired`; both zero makes maxUnavailable 1.
 */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** deploymentutil.MaxUnavailable: 0 for Recreate or no replicas; never more than spec.replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

/** deploymentutil.MaxSurge: 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desiredReplicas(d)).surge;
}

/** Sum of spec.replicas. */
export function specReplicaCount(rss: Array<ReplicaSet | undefined>): number {
  return rss.reduce((n, rs) => n + (rs ? (rs.spec.replicas ?? 1) : 0), 0);
}

/** Sum of status.replicas. */
export function actualReplicaCount(rss: Array<ReplicaSet | undefined>): number {
  return rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

/** Sum of status.readyReplicas. */
export function readyReplicaCount(rss: Array<ReplicaSet | undefined>): number {
  return rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

/** Sum of status.availableReplicas. */
export function availableReplicaCount(rss: Array<ReplicaSet | undefined>): number {
  return rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** The ReplicaSets with spec.replicas above zero (FilterActiveReplicaSets). */
export function activeReplicaSets(rss: Array<ReplicaSet | undefined>): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && (rs.spec.replicas ?? 1) > 0);
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = parseTime(a.metadata.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** ReplicaSetsBySizeNewer: larger first, newer first on a tie. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = (b.spec.replicas ?? 1) - (a.spec.replicas ?? 1);
  return d !== 0 ? d : byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: larger first, older first on a tie. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = (b.spec.replicas ?? 1) - (a.spec.replicas ?? 1);
  return d !== 0 ? d : byCreation(a, b);
}

/** The revision annotation as a number (0 when absent or malformed). */
export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number {
  const v = rs.metadata.annotations?.[deploymentAnnotations.revision];
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  return Number(v);
}

/** The highest revision among the ReplicaSets (MaxRevision). */
export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** ReplicaSetsByRevision: lower revision first, then older. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreation(a, b);
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** deployment.kubernetes.io/desired-replicas, if set. */
export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, deploymentAnnotations.desiredReplicas);
}

/** deployment.kubernetes.io/max-replicas, if set. */
export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, deploymentAnnotations.maxReplicas);
}

/** SetReplicasAnnotations: sets desired- and max-replicas; returns whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[deploymentAnnotations.desiredReplicas] !== String(desired)) {
    a[deploymentAnnotations.desiredReplicas] = String(desired);
    changed = true;
  }
  if (a[deploymentAnnotations.maxReplicas] !== String(max)) {
    a[deploymentAnnotations.maxReplicas] = String(max);
    changed = true;
  }
  return changed;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return (
    a[deploymentAnnotations.desiredReplicas] !== String(desired) || a[deploymentAnnotations.maxReplicas] !== String(max)
  );
}

const skippedAnnotations: ReadonlySet<string> = new Set([
  deploymentAnnotations.lastApplied,
  deploymentAnnotations.revision,
  deploymentAnnotations.revisionHistory,
  deploymentAnnotations.desiredReplicas,
  deploymentAnnotations.maxReplicas,
  deploymentAnnotations.rollbackTo,
]);

/** copyDeploymentAnnotationsToReplicaSet: the Deployment's own annotations (change-cause, ...) go onto the RS. */
export function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skippedAnnotations.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises the revision to
 * `newRevision` when it is higher (a re-used ReplicaSet, i.e. a rollback, appends its former
 * revision to revision-history, trimmed from the front to 2000 characters), and for a ReplicaSet
 * about to be created sets desired- and max-replicas. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const oldRevision = a[deploymentAnnotations.revision];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  if (oldRevisionInt < newRevision) {
    a[deploymentAnnotations.revision] = String(newRevision);
    changed = true;
  }
  if (oldRevision && oldRevisionInt < newRevision) {
    const history = a[deploymentAnnotations.revisionHistory] ?? '';
    if (history === '') a[deploymentAnnotations.revisionHistory] = oldRevision;
    else {
      let old = history.split(',');
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > maxRevisionHistoryLength && start < old.length) {
        total -= old[start]!.length + 1;
        start++;
      }
      if (total <= maxRevisionHistoryLength) {
        old = [...old.slice(start), oldRevision];
        a[deploymentAnnotations.revisionHistory] = old.join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, desiredReplicas(d), desiredReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/**
 * deploymentutil.NewRSNewReplicas: for RollingUpdate, how far the new ReplicaSet may grow within
 * spec.replicas + maxSurge total pods; for Recreate, spec.replicas.
 */
export function newReplicaSetReplicas(d: Deployment, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = specReplicaCount(allRSs);
  const maxTotal = replicas + maxSurge(d);
  const newReplicas = newRS.spec.replicas ?? 1;
  if (current >= maxTotal) return newReplicas;
  const up = Math.min(maxTotal - current, replicas - newReplicas);
  return newReplicas + up;
}

/** deploymentutil.IsSaturated: the new RS runs all replicas, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  const replicas = desiredReplicas(d);
  return (
    (rs.spec.replicas ?? 1) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas
  );
}

/** HasProgressDeadline: progressDeadlineSeconds set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec.progressDeadlineSeconds;
  return p !== undefined && p !== 2147483647;
}

/** HasRevisionHistoryLimit: revisionHistoryLimit set and not MaxInt32. */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== 2147483647;
}
