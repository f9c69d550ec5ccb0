/** A node taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

/** A pod toleration. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Taint keys the node lifecycle controller manages. */
export const taintKeys = {
  notReady: 'node.kubernetes.io/not-ready',
  unreachable: 'node.kubernetes.io/unreachable',
  unschedulable: 'node.kubernetes.io/unschedulable',
  memoryPressure: 'node.kubernetes.io/memory-pressure',
  diskPressure: 'node.kubernetes.io/disk-pressure',
  pidPressure: 'node.kubernetes.io/pid-pressure',
  networkUnavailable: 'node.kubernetes.io/network-unavailable',
  outOfService: 'node.kubernetes.io/out-of-service',
} as const;

/** Whether a toleration tolerates a taint (v1 Toleration.ToleratesTaint). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.key) return false;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The condition-derived taints of a node's status (Ready, pressures, network) and spec.unschedulable. */
export function desiredNoScheduleTaints(
  conditions: ReadonlyArray<{ type: string; status: string }>,
  unschedulable: boolean,
): Taint[] {
  const out: Taint[] = [];
  const status = (type: string) => conditions.find((c) => c.type === type)?.status;
  const ready = status('Ready');
  if (ready === 'False') out.push({ key: taintKeys.notReady, effect: 'NoSchedule' });
  else if (ready === 'Unknown') out.push({ key: taintKeys.unreachable, effect: 'NoSchedule' });
  if (status('MemoryPressure') === 'True') out.push({ key: taintKeys.memoryPressure, effect: 'NoSchedule' });
  if (status('DiskPressure') === 'True') out.push({ key: taintKeys.diskPressure, effect: 'NoSchedule' });
  if (status('PIDPressure') === 'True') out.push({ key: taintKeys.pidPressure, effect: 'NoSchedule' });
  if (status('NetworkUnavailable') === 'True') out.push({ key: taintKeys.networkUnavailable, effect: 'NoSchedule' });
  if (unschedulable) out.push({ key: taintKeys.unschedulable, effect: 'NoSchedule' });
  return out;
}

/** The NoExecute taint a node's Ready condition calls for: not-ready when False, unreachable when Unknown. */
export function desiredNoExecuteTaint(readyStatus: string | undefined): Taint | undefined {
  if (readyStatus === 'False') return { key: taintKeys.notReady, effect: 'NoExecute' };
  if (readyStatus === 'Unknown') return { key: taintKeys.unreachable, effect: 'NoExecute' };
  return undefined;
}

const managedNoSchedule = new Set<string>([
  taintKeys.notReady,
  taintKeys.unreachable,
  taintKeys.memoryPressure,
  taintKeys.diskPressure,
  taintKeys.pidPressure,
  taintKeys.networkUnavailable,
  taintKeys.unschedulable,
]);
const managedNoExecute = new Set<string>([taintKeys.notReady, taintKeys.unreachable]);

/**
 * The node's taints after the lifecycle controller's passes: the managed NoSchedule and NoExecute
 * taints replaced by the ones the conditions call for (an unchanged taint keeps its timeAdded; a
 * new NoExecute taint gets `now`), other taints untouched. Returns undefined when nothing changes.
 */
export function reconcileTaints(
  current: readonly Taint[],
  conditions: ReadonlyArray<{ type: string; status: string }>,
  unschedulable: boolean,
  now: string,
): Taint[] | undefined {
  const readyStatus = conditions.find((c) => c.type === 'Ready')?.status;
  const wanted = [...desiredNoScheduleTaints(conditions, unschedulable)];
  const noExec = desiredNoExecuteTaint(readyStatus);
  if (noExec) wanted.push(noExec);
  const isManaged = (t: Taint) =>
    (t.effect === 'NoSchedule' && managedNoSchedule.has(t.key)) ||
    (t.effect === 'NoExecute' && managedNoExecute.has(t.key));
  const next = current.filter((t) => !isManaged(t) || wanted.some((w) => w.key === t.key && w.effect === t.effect));
  for (const w of wanted) {
    if (next.some((t) => t.key === w.key && t.effect === w.effect)) continue;
    next.push(w.effect === 'NoExecute' ? { ...w, timeAdded: now } : w);
  }
  const same = next.length === current.length && next.every((t, i) => t === current[i]);
  return same ? undefined : next;
}

/**
 * When a pod on a node with these NoExecute taints must go (the taint eviction controller):
 * 'now' when some taint is not tolerated or the shortest tolerationSeconds is 0 or less, the
 * number of seconds it may stay otherwise, or 'never' when no NoExecute taint applies or every
 * matching toleration is unbounded.
 */
export function evictionDelay(taints: readonly Taint[], tolerations: readonly Toleration[]): 'now' | 'never' | number {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return 'never';
  const used: Toleration[] = [];
  for (const taint of noExecute) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return 'now';
    used.push(...matching);
  }
  let min = -1;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 'now';
    if (min < 0 || t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min < 0 ? 'never' : min;
}
