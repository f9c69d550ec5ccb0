import type { ContainerStatusV1, PodConditionV1, PodStatusV1, PodV1 } from './pod-types.js';
import { rfc3339 } from './pod-types.js';

/** What the pod worker observed, from which the status is computed. */
export interface ObservedPod {
  readonly nowMs: number;
  readonly hostIP?: string;
  readonly podIPs: readonly string[];
  /** Whether the sandbox runs with its network set up. */
  readonly sandboxReady: boolean;
  /** When the agent first acknowledged the pod. */
  readonly startTimeMs?: number;
  readonly initContainerStatuses: readonly ContainerStatusV1[];
  readonly containerStatuses: readonly ContainerStatusV1[];
  /** A pod-level failure (e.g. activeDeadlineSeconds). */
  readonly failed?: { reason: string; message: string };
}

/** kubelet's getPhase for init and regular containers. */
export function podPhase(pod: PodV1, observed: ObservedPod): string {
  const previous = pod.status?.phase;
  if (previous === 'Succeeded' || previous === 'Failed') return previous;
  if (observed.failed) return 'Failed';
  const policy = pod.spec.restartPolicy ?? 'Always';
  const initSpecs = pod.spec.initContainers ?? [];
  let pendingInit = false;
  for (const spec of initSpecs) {
    if (spec.restartPolicy === 'Always') continue; // sidecars do not block
    const s = observed.initContainerStatuses.find((c) => c.name === spec.name);
    const t = s?.state.terminated;
    if (t && t.exitCode === 0) continue;
    if (
      policy === 'Never' &&
      (t || s?.lastState.terminated) &&
      (t?.exitCode ?? s?.lastState.terminated?.exitCode) !== 0
    )
      return 'Failed';
    pendingInit = true;
  }
  if (pendingInit) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const spec of pod.spec.containers) {
    const s = observed.containerStatuses.find((c) => c.name === spec.name);
    if (!s) {
      waiting++;
      continue;
    }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(
  previous: PodConditionV1[] | undefined,
  type: string,
  ok: boolean,
  nowMs: number,
  reason?: string,
  message?: string,
): PodConditionV1 {
  const status = ok ? 'True' : 'False';
  const old = previous?.find((c) => c.type === type);
  const c: PodConditionV1 = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime:
      old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(nowMs),
  };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/**
 * The status the agent reports for a pod: phase, the five kubelet conditions (PodScheduled kept
 * from the scheduler), IPs, start time and container statuses. Transition times are kept from the
 * previous status when a condition's value is unchanged.
 */
export function buildPodStatus(pod: PodV1, observed: ObservedPod): PodStatusV1 {
  const prev = pod.status?.conditions;
  const phase = podPhase(pod, observed);
  const now = observed.nowMs;
  const initSpecs = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const initPending = initSpecs
    .filter((spec) => {
      const t = observed.initContainerStatuses.find((c) => c.name === spec.name)?.state.terminated;
      return !(t && t.exitCode === 0);
    })
    .map((c) => c.name);
  const initialized = initPending.length === 0 || phase === 'Succeeded';
  const unready = pod.spec.containers
    .filter((spec) => !observed.containerStatuses.find((c) => c.name === spec.name)?.ready)
    .map((c) => c.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const containersReady = unready.length === 0 && !terminal;
  const gates = (pod.spec.readinessGates ?? []).filter(
    (g) => prev?.find((c) => c.type === g.conditionType)?.status !== 'True',
  );
  const ready = containersReady && gates.length === 0;
  const notReadyReason = terminal ? 'PodCompleted' : initialized ? 'ContainersNotReady' : 'ContainersNotInitialized';
  const unreadyMessage = `containers with unready status: [${unready.join(' ')}]`;
  const conditions: PodConditionV1[] = [
    condition(prev, 'PodReadyToStartContainers', observed.sandboxReady, now),
    condition(
      prev,
      'Initialized',
      initialized,
      now,
      'ContainersNotInitialized',
      `containers with incomplete status: [${initPending.join(' ')}]`,
    ),
    condition(
      prev,
      'Ready',
      ready,
      now,
      terminal ? 'PodCompleted' : containersReady ? 'ReadinessGatesNotReady' : notReadyReason,
      terminal
        ? undefined
        : containersReady
          ? `corresponding condition of pod readiness gate "${gates[0]?.conditionType}" does not exist.`
          : unreadyMessage,
    ),
    condition(
      prev,
      'ContainersReady',
      containersReady,
      now,
      terminal ? 'PodCompleted' : notReadyReason,
      terminal ? undefined : unreadyMessage,
    ),
  ];
  const scheduled = prev?.find((c) => c.type === 'PodScheduled');
  conditions.push(scheduled ?? condition(prev, 'PodScheduled', true, now));
  for (const c of prev ?? []) if (!conditions.some((x) => x.type === c.type)) conditions.push(c);
  const status: PodStatusV1 = {
    ...(pod.status ?? {}),
    phase,
    conditions,
    hostIP: observed.hostIP,
    hostIPs: observed.hostIP ? [{ ip: observed.hostIP }] : undefined,
    podIP: observed.podIPs[0],
    podIPs: observed.podIPs.length ? observed.podIPs.map((ip) => ({ ip })) : undefined,
    startTime:
      pod.status?.startTime ?? (observed.startTimeMs !== undefined ? rfc3339(observed.startTimeMs) : undefined),
    containerStatuses: [...observed.containerStatuses],
  };
  if (observed.initContainerStatuses.length || initSpecs.length)
    status.initContainerStatuses = [...observed.initContainerStatuses];
  else delete status.initContainerStatuses;
  if (observed.failed) {
    status.reason = observed.failed.reason;
    status.message = observed.failed.message;
  }
  for (const k of Object.keys(status) as (keyof PodStatusV1)[]) if (status[k] === undefined) delete status[k];
  return status;
}
