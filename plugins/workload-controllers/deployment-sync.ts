import { findCondition, setCondition, withoutCondition } from './conditions.js';
import { newControllerRef } from './controller-ref.js';
import {
  activeReplicaSets,
  actualReplicaCount,
  availableReplicaCount,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredReplicas,
  desiredReplicasAnnotation,
  deploymentAnnotations,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxReplicasAnnotation,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newReplicaSetReplicas,
  readyReplicaCount,
  replicasAnnotationsNeedUpdate,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicaCount,
} from './deployment-util.js';
import { formatTime, parseTime } from './pod-state.js';
import { computePodTemplateHash, equalIgnoreHash, podTemplateHashLabel } from './pod-template-hash.js';
import type { Deployment, DeploymentStatus, Pod, ReplicaSet, WorkloadCondition } from './workload-types.js';

/** Condition reasons of Deployments (deploymentutil). */
export const deploymentReasons = {
  newRSAvailable: 'NewReplicaSetAvailable',
  rsUpdated: 'ReplicaSetUpdated',
  timedOut: 'ProgressDeadlineExceeded',
  foundNewRS: 'FoundNewReplicaSet',
  newRSCreated: 'NewReplicaSetCreated',
  failedRSCreate: 'ReplicaSetCreateError',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** One write the Deployment controller makes; the reconciler performs them in order. */
export type DeploymentAction =
  | { type: 'createReplicaSet'; rs: ReplicaSet }
  | { type: 'updateReplicaSet'; rs: ReplicaSet }
  | { type: 'deleteReplicaSet'; rs: ReplicaSet }
  | { type: 'setDeploymentRevision'; revision: string }
  | { type: 'updateStatus'; status: DeploymentStatus }
  | { type: 'event'; eventType: 'Normal' | 'Warning'; reason: string; message: string };

/** The outcome of one Deployment sync: writes, and when to look again. */
export interface DeploymentSyncPlan {
  actions: DeploymentAction[];
  /** Look again after this many milliseconds (progress deadline checks). */
  requeueAfterMs?: number;
}

class Sync {
  readonly actions: DeploymentAction[] = [];
  requeueAfterMs?: number;
  readonly d: Deployment;
  readonly original: DeploymentStatus;
  rsList: ReplicaSet[];

  constructor(
    d: Deployment,
    rsList: ReplicaSet[],
    readonly pods: Map<string, Pod[]>,
    readonly now: number,
  ) {
    this.d = structuredClone(d);
    this.d.status ??= {};
    this.original = structuredClone(this.d.status);
    this.rsList = structuredClone(rsList);
  }

  get name(): string {
    return this.d.metadata.name ?? '';
  }

  condition(type: string, status: WorkloadCondition['status'], reason: string, message: string): WorkloadCondition {
    const t = formatTime(this.now);
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
  }

  findNewRS(): ReplicaSet | undefined {
    return [...this.rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, this.d.spec.template));
  }

  oldRSs(newRS: ReplicaSet | undefined): ReplicaSet[] {
    return this.rsList.filter((rs) => rs !== newRS);
  }

  /** getAllReplicaSetsAndSyncRevision. */
  allAndSyncRevision(create: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const existing = this.findNewRS();
    const oldRSs = this.oldRSs(existing);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const changed = setNewReplicaSetAnnotations(this.d, existing, newRevision, true);
      const minReady = this.d.spec.minReadySeconds ?? 0;
      if (changed || (existing.spec.minReadySeconds ?? 0) !== minReady) {
        if (minReady) existing.spec.minReadySeconds = minReady;
        else delete existing.spec.minReadySeconds;
        this.actions.push({ type: 'updateReplicaSet', rs: structuredClone(existing) });
        return { newRS: existing, oldRSs };
      }
      this.setRevision(existing.metadata.annotations?.[deploymentAnnotations.revision] ?? '');
      if (hasProgressDeadline(this.d) && !findCondition(this.d.status!.conditions, 'Progressing')) {
        this.d.status!.conditions = setCondition(
          this.d.status!.conditions,
          this.condition(
            'Progressing',
            'True',
            deploymentReasons.foundNewRS,
            `Found new replica set "${existing.metadata.name}"`,
          ),
        );
      }
      return { newRS: existing, oldRSs };
    }
    if (!create) return { oldRSs };
    const template = structuredClone(this.d.spec.template);
    const hash = computePodTemplateHash(template, this.d.status!.collisionCount);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [podTemplateHashLabel]: hash };
    const selector = structuredClone(this.d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [podTemplateHashLabel]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.name}-${hash}`,
        namespace: this.d.metadata.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef(this.d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: 0, selector, template },
    };
    if (this.d.spec.minReadySeconds) newRS.spec.minReadySeconds = this.d.spec.minReadySeconds;
    newRS.spec.replicas = newReplicaSetReplicas(this.d, [...oldRSs, newRS], newRS);
    setNewReplicaSetAnnotations(this.d, newRS, newRevision, false);
    this.actions.push({ type: 'createReplicaSet', rs: structuredClone(newRS) });
    if ((newRS.spec.replicas ?? 0) > 0)
      this.event(
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${newRS.metadata.name} from 0 to ${newRS.spec.replicas}`,
      );
    this.rsList.push(newRS);
    this.setRevision(String(newRevision));
    if (hasProgressDeadline(this.d)) {
      this.d.status!.conditions = setCondition(
        this.d.status!.conditions,
        this.condition(
          'Progressing',
          'True',
          deploymentReasons.newRSCreated,
          `Created new replica set "${newRS.metadata.name}"`,
        ),
      );
    }
    return { newRS, oldRSs };
  }

  setRevision(revision: string): void {
    if (this.d.metadata.annotations?.[deploymentAnnotations.revision] === revision) return;
    (this.d.metadata.annotations ??= {})[deploymentAnnotations.revision] = revision;
    this.actions.push({ type: 'setDeploymentRevision', revision });
  }

  event(eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.actions.push({ type: 'event', eventType, reason, message });
  }

  /** scaleReplicaSet (with the desired/max annotations). Returns whether it wrote. */
  scaleRS(rs: ReplicaSet, newScale: number): boolean {
    const old = rs.spec.replicas ?? 1;
    const desired = desiredReplicas(this.d);
    const max = desired + maxSurge(this.d);
    const sizeChange = old !== newScale;
    if (!sizeChange && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
    rs.spec.replicas = newScale;
    setReplicasAnnotations(rs, desired, max);
    this.actions.push({ type: 'updateReplicaSet', rs: structuredClone(rs) });
    if (sizeChange) {
      const dir = newScale > old ? 'up' : 'down';
      this.event(
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${dir} replica set ${rs.metadata.name} from ${old} to ${newScale}`,
      );
    }
    return true;
  }

  /** DeploymentController.scale: proportional scaling across the active ReplicaSets. */
  scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
    const replicas = desiredReplicas(this.d);
    const latest = this.activeOrLatest(newRS, oldRSs);
    if (latest) {
      if ((latest.spec.replicas ?? 1) !== replicas) this.scaleRS(latest, replicas);
      return;
    }
    if (isSaturated(this.d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) this.scaleRS(old, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const all = activeReplicaSets([...oldRSs, newRS]);
    const allReplicas = specReplicaCount(all);
    const allowed = replicas > 0 ? replicas + maxSurge(this.d) : 0;
    const toAdd = allowed - allReplicas;
    if (toAdd > 0) all.sort(bySizeNewer);
    else if (toAdd < 0) all.sort(bySizeOlder);
    let added = 0;
    const sizes = new Map<ReplicaSet, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = this.proportion(rs, toAdd, added);
        sizes.set(rs, (rs.spec.replicas ?? 1) + p);
        added += p;
      } else sizes.set(rs, rs.spec.replicas ?? 1);
    }
    all.forEach((rs, i) => {
      if (i === 0 && toAdd !== 0) sizes.set(rs, Math.max(0, sizes.get(rs)! + toAdd - added));
      this.scaleRS(rs, sizes.get(rs)!);
    });
  }

  activeOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const sortedOld = [...oldRSs].sort((a, b) => byCreation(b, a));
    const all = activeReplicaSets([...sortedOld, newRS]);
    if (all.length === 0) return newRS ?? sortedOld[0];
    if (all.length === 1) return all[0];
    return undefined;
  }

  proportion(rs: ReplicaSet, toAdd: number, added: number): number {
    if ((rs.spec.replicas ?? 1) === 0 || toAdd === 0 || toAdd === added) return 0;
    const fraction = this.fraction(rs);
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  fraction(rs: ReplicaSet): number {
    const replicas = desiredReplicas(this.d);
    const size = rs.spec.replicas ?? 1;
    if (replicas === 0) return -size;
    const deploymentReplicas = replicas + maxSurge(this.d);
    const annotated = maxReplicasAnnotation(rs) ?? this.original.replicas ?? 0;
    if (annotated === 0) return 0;
    return goRound((size * deploymentReplicas) / annotated) - size;
  }

  isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.allAndSyncRevisionDryRun();
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== desiredReplicas(this.d)) return true;
    }
    return false;
  }

  allAndSyncRevisionDryRun(): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const newRS = this.findNewRS();
    return { newRS, oldRSs: this.oldRSs(newRS) };
  }

  /** cleanupDeployment: deletes the oldest surplus of old ReplicaSets beyond revisionHistoryLimit. */
  cleanup(oldRSs: ReplicaSet[]): void {
    if (!hasRevisionHistoryLimit(this.d)) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - (this.d.spec.revisionHistoryLimit ?? 10);
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec.replicas ?? 1) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      this.actions.push({ type: 'deleteReplicaSet', rs: structuredClone(rs) });
      this.rsList = this.rsList.filter((r) => r !== rs);
    }
  }

  calculateStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): DeploymentStatus {
    const replicas = desiredReplicas(this.d);
    const available = availableReplicaCount(allRSs);
    const total = specReplicaCount(allRSs);
    const status: DeploymentStatus = {
      observedGeneration: this.d.metadata.generation,
      replicas: actualReplicaCount(allRSs),
      updatedReplicas: actualReplicaCount([newRS]),
      readyReplicas: readyReplicaCount(allRSs),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      collisionCount: this.d.status?.collisionCount,
      conditions: [...(this.d.status?.conditions ?? [])],
    };
    status.conditions =
      available >= replicas - maxUnavailable(this.d)
        ? setCondition(
            status.conditions,
            this.condition(
              'Available',
              'True',
              deploymentReasons.minimumReplicasAvailable,
              'Deployment has minimum availability.',
            ),
          )
        : setCondition(
            status.conditions,
            this.condition(
              'Available',
              'False',
              deploymentReasons.minimumReplicasUnavailable,
              'Deployment does not have minimum availability.',
            ),
          );
    return status;
  }

  writeStatus(status: DeploymentStatus): void {
    const clean = compactStatus(status);
    if (JSON.stringify(clean) === JSON.stringify(compactStatus(this.original))) return;
    this.d.status = status;
    this.actions.push({ type: 'updateStatus', status: clean });
  }

  /** syncDeploymentStatus (paused or scaling syncs). */
  syncStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): void {
    this.writeStatus(this.calculateStatus(allRSs, newRS));
  }

  /** syncRolloutStatus: the Progressing condition and the requeue for the deadline. */
  syncRolloutStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): void {
    const status = this.calculateStatus(allRSs, newRS);
    if (!hasProgressDeadline(this.d)) status.conditions = withoutCondition(status.conditions, 'Progressing');
    const current = findCondition(this.d.status?.conditions, 'Progressing');
    const isComplete =
      status.replicas === status.updatedReplicas && current?.reason === deploymentReasons.newRSAvailable;
    if (hasProgressDeadline(this.d) && !isComplete) {
      const rsName = newRS?.metadata.name;
      if (deploymentComplete(this.d, status)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has successfully progressed.`
          : `Deployment "${this.name}" has successfully progressed.`;
        status.conditions = setCondition(
          status.conditions,
          this.condition('Progressing', 'True', deploymentReasons.newRSAvailable, msg),
        );
      } else if (deploymentProgressing(this.d.status ?? {}, status)) {
        const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${this.name}" is progressing.`;
        const cond = this.condition('Progressing', 'True', deploymentReasons.rsUpdated, msg);
        if (current) {
          if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
          status.conditions = withoutCondition(status.conditions, 'Progressing');
        }
        status.conditions = setCondition(status.conditions, cond);
      } else if (deploymentTimedOut(this.d, status, this.now)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has timed out progressing.`
          : `Deployment "${this.name}" has timed out progressing.`;
        status.conditions = setCondition(
          status.conditions,
          this.condition('Progressing', 'False', deploymentReasons.timedOut, msg),
        );
        this.event('Warning', deploymentReasons.timedOut, msg);
      }
    }
    const failure = (allRSs.filter(Boolean) as ReplicaSet[])
      .flatMap((rs) => rs.status?.conditions ?? [])
      .find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    if (failure) {
      status.conditions = setCondition(status.conditions, {
        type: 'ReplicaFailure',
        status: 'True',
        reason: failure.reason,
        message: failure.message,
        lastUpdateTime: formatTime(this.now),
        lastTransitionTime: failure.lastTransitionTime ?? formatTime(this.now),
      });
    } else status.conditions = withoutCondition(status.conditions, 'ReplicaFailure');
    this.writeStatus(status);
    this.requeueStuck(status);
  }

  requeueStuck(status: DeploymentStatus): void {
    const cond = findCondition(status.conditions, 'Progressing');
    if (!hasProgressDeadline(this.d) || !cond) return;
    if (deploymentComplete(this.d, status) || cond.reason === deploymentReasons.timedOut) return;
    const from = parseTime(cond.lastUpdateTime) ?? this.now;
    const after = from + (this.d.spec.progressDeadlineSeconds ?? 600) * 1000 - this.now;
    this.requeueAfterMs = after < 1000 ? 0 : after + 1000;
  }

  /** checkPausedConditions. */
  checkPaused(): void {
    if (!hasProgressDeadline(this.d)) return;
    const cond = findCondition(this.d.status!.conditions, 'Progressing');
    if (cond?.reason === deploymentReasons.timedOut) return;
    const pausedExists = cond?.reason === deploymentReasons.paused;
    if (this.d.spec.paused && !pausedExists) {
      this.d.status!.conditions = setCondition(
        this.d.status!.conditions,
        this.condition('Progressing', 'Unknown', deploymentReasons.paused, 'Deployment is paused'),
      );
    } else if (!this.d.spec.paused && pausedExists) {
      this.d.status!.conditions = setCondition(
        this.d.status!.conditions,
        this.condition('Progressing', 'Unknown', deploymentReasons.resumed, 'Deployment is resumed'),
      );
    } else return;
    this.writeStatus(this.d.status!);
    this.original.conditions = structuredClone(this.d.status!.conditions);
  }

  /** sync: scaling only (paused, or a change of spec.replicas). */
  syncScale(): void {
    const { newRS, oldRSs } = this.allAndSyncRevision(false);
    this.scale(newRS, oldRSs);
    if (this.d.spec.paused) this.cleanup(oldRSs.filter((rs) => this.rsList.includes(rs)));
    this.syncStatus([...oldRSs.filter((rs) => this.rsList.includes(rs)), newRS], newRS);
  }

  rolloutRolling(): void {
    const { newRS, oldRSs } = this.allAndSyncRevision(true);
    const all = [...oldRSs, newRS!];
    if (this.reconcileNewRS(newRS!)) return this.syncRolloutStatus(all, newRS);
    if (this.reconcileOldRSs(all, activeReplicaSets(oldRSs), newRS!)) return this.syncRolloutStatus(all, newRS);
    if (deploymentComplete(this.d, this.d.status!)) this.cleanup(oldRSs);
    this.syncRolloutStatus([...oldRSs.filter((rs) => this.rsList.includes(rs)), newRS], newRS);
  }

  reconcileNewRS(newRS: ReplicaSet): boolean {
    const replicas = desiredReplicas(this.d);
    const current = newRS.spec.replicas ?? 1;
    if (current === replicas) return false;
    if (current > replicas) return this.scaleRS(newRS, replicas);
    return this.scaleRS(newRS, newReplicaSetReplicas(this.d, this.rsList, newRS));
  }

  reconcileOldRSs(all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
    if (specReplicaCount(oldRSs) === 0) return false;
    const allPods = specReplicaCount(all);
    const minAvailable = desiredReplicas(this.d) - maxUnavailable(this.d);
    const newUnavailable = (newRS.spec.replicas ?? 1) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const cleaned = this.cleanupUnhealthy(oldRSs, maxScaledDown);
    const scaledDown = this.scaleDownOldForRolling([...oldRSs, newRS], oldRSs);
    return cleaned + scaledDown > 0;
  }

  cleanupUnhealthy(oldRSs: ReplicaSet[], maxCleanup: number): number {
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (total >= maxCleanup) break;
      const size = rs.spec.replicas ?? 1;
      const available = rs.status?.availableReplicas ?? 0;
      if (size === 0 || size === available) continue;
      const count = Math.min(maxCleanup - total, size - available);
      this.scaleRS(rs, size - count);
      total += count;
    }
    return total;
  }

  scaleDownOldForRolling(all: ReplicaSet[], oldRSs: ReplicaSet[]): number {
    const minAvailable = desiredReplicas(this.d) - maxUnavailable(this.d);
    const available = availableReplicaCount(all);
    if (available <= minAvailable) return 0;
    const target = available - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (total >= target) break;
      const size = rs.spec.replicas ?? 1;
      if (size === 0) continue;
      const count = Math.min(size, target - total);
      this.scaleRS(rs, size - count);
      total += count;
    }
    return total;
  }

  rolloutRecreate(): void {
    let { newRS, oldRSs } = this.allAndSyncRevision(false);
    let scaled = false;
    for (const rs of activeReplicaSets(oldRSs)) if (this.scaleRS(rs, 0)) scaled = true;
    if (scaled) return this.syncRolloutStatus([...oldRSs, newRS], newRS);
    if (this.oldPodsRunning(newRS, oldRSs)) return this.syncRolloutStatus([...oldRSs, newRS], newRS);
    if (!newRS) ({ newRS, oldRSs } = this.allAndSyncRevision(true));
    this.scaleRS(newRS!, desiredReplicas(this.d));
    if (deploymentComplete(this.d, this.d.status!)) this.cleanup(oldRSs);
    this.syncRolloutStatus([...oldRSs.filter((rs) => this.rsList.includes(rs)), newRS], newRS);
  }

  oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    if (actualReplicaCount(oldRSs) > 0) return true;
    for (const rs of oldRSs) {
      if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
      for (const pod of this.pods.get(rs.metadata.uid ?? '') ?? []) {
        const phase = pod.status?.phase;
        if (phase === 'Failed' || phase === 'Succeeded') continue;
        return true;
      }
    }
    return false;
  }
}

function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Drops zero counts and empty lists as Go's omitempty does for DeploymentStatus. */
export function compactStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions && s.conditions.length > 0) out.conditions = s.conditions;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

/** deploymentutil.DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = desiredReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** deploymentutil.DeploymentProgressing: more updated, ready or available pods, or fewer old ones. */
export function deploymentProgressing(oldStatus: DeploymentStatus, newStatus: DeploymentStatus): boolean {
  const oldOld = (oldStatus.replicas ?? 0) - (oldStatus.updatedReplicas ?? 0);
  const newOld = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (oldStatus.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (newStatus.readyReplicas ?? 0) > (oldStatus.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (oldStatus.availableReplicas ?? 0)
  );
}

/** deploymentutil.DeploymentTimedOut: the Progressing condition was last updated more than the deadline ago. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = findCondition(status.conditions, 'Progressing');
  if (!cond) return false;
  if (cond.reason === deploymentReasons.newRSAvailable) return false;
  if (cond.reason === deploymentReasons.timedOut) return true;
  const from = parseTime(cond.lastUpdateTime);
  if (from === undefined) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 < nowMs;
}

/**
 * One sync of a Deployment (DeploymentController.syncDeployment), as a plan of writes. `rsList`
 * holds the ReplicaSets the Deployment controls (after adoption); `podsByRS` their pods by RS uid
 * (the Recreate strategy waits for old pods to go). Deletion only refreshes status; paused and
 * pure scaling syncs scale proportionally; otherwise the strategy rolls out.
 */
export function planDeploymentSync(
  d: Deployment,
  rsList: ReplicaSet[],
  podsByRS: Map<string, Pod[]>,
  nowMs: number,
): DeploymentSyncPlan {
  const s = new Sync(d, rsList, podsByRS, nowMs);
  if (s.d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = s.allAndSyncRevisionDryRun();
    s.syncStatus([...oldRSs, newRS], newRS);
  } else {
    s.checkPaused();
    if (s.d.spec.paused) s.syncScale();
    else if (s.isScalingEvent()) s.syncScale();
    else if (isRollingUpdate(s.d)) s.rolloutRolling();
    else s.rolloutRecreate();
  }
  return { actions: s.actions, requeueAfterMs: s.requeueAfterMs };
}
