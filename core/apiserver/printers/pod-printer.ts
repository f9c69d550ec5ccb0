import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { obj, objects, str, num } from './field-access.js';
import { humanDuration, parseTimestamp, translateTimestampSince } from './human-duration.js';
import type { KindPrinter, TableRowCondition } from './kind-printer.js';

/** The pod reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const SUCCEEDED_CONDITIONS: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED_CONDITIONS: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

function conditionTrue(conditions: Record<string, unknown>[], type: string): boolean {
  for (const c of conditions) if (str(c.type) === type) return str(c.status) === 'True';
  return false;
}

function hasPodReadyCondition(conditions: Record<string, unknown>[]): boolean {
  return conditions.some((c) => str(c.type) === 'Ready' && str(c.status) === 'True');
}

function terminatedFinishedAt(status: Record<string, unknown>): number | undefined {
  return parseTimestamp(obj(obj(status.lastState).terminated).finishedAt);
}

/** The Ready, Status (reason logic: Init:x/y, CrashLoopBackOff, Completed, Terminating...) and Restarts cells. */
interface PodSummary {
  ready: string;
  reason: string;
  restarts: string;
}

function summarize(pod: KubeObject, now: Date): PodSummary {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const conditions = objects(status.conditions);
  const initContainers = objects(spec.initContainers);
  let totalContainers = objects(spec.containers).length;
  let readyContainers = 0;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined =>
    b === undefined ? a : a === undefined || b > a ? b : a;

  const phase = str(status.phase);
  let reason = str(status.reason) !== '' ? str(status.reason) : phase;
  for (const c of conditions) {
    if (str(c.type) === 'PodScheduled' && str(c.reason) === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const restartable = new Set<string>();
  for (const c of initContainers) {
    if (str(c.restartPolicy) === 'Always') {
      restartable.add(str(c.name));
      totalContainers++;
    }
  }

  let initializing = false;
  const initStatuses = objects(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const isRestartable = restartable.has(str(cs.name));
    restarts += num(cs.restartCount);
    const finished = terminatedFinishedAt(cs);
    lastRestart = later(lastRestart, finished);
    if (isRestartable) {
      restartableInitRestarts += num(cs.restartCount);
      lastRestartableInitRestart = later(lastRestartableInitRestart, finished);
    }
    const state = obj(cs.state);
    const terminated = state.terminated === undefined || state.terminated === null ? undefined : obj(state.terminated);
    const waiting = state.waiting === undefined || state.waiting === null ? undefined : obj(state.waiting);
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (isRestartable && cs.started === true) {
      if (cs.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      if (str(terminated.reason) === '') {
        reason =
          num(terminated.signal) !== 0
            ? `Init:Signal:${num(terminated.signal)}`
            : `Init:ExitCode:${num(terminated.exitCode)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting && str(waiting.reason) !== '' && str(waiting.reason) !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = objects(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += num(cs.restartCount);
      lastRestart = later(lastRestart, terminatedFinishedAt(cs));
      const state = obj(cs.state);
      const waiting = state.waiting === undefined || state.waiting === null ? undefined : obj(state.waiting);
      const terminated =
        state.terminated === undefined || state.terminated === null ? undefined : obj(state.terminated);
      const running = state.running !== undefined && state.running !== null;
      if (waiting && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated && str(terminated.reason) !== '') {
        reason = str(terminated.reason);
      } else if (terminated) {
        reason =
          num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
      } else if (cs.ready === true && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasPodReadyCondition(conditions) ? 'Running' : 'NotReady';
  }

  const deleting = typeof pod.metadata.deletionTimestamp === 'string' && pod.metadata.deletionTimestamp !== '';
  if (deleting && str(status.reason) === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsText = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsText };
}

function readinessGates(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const gates = objects(spec.readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = objects(status.conditions);
  let trueConditions = 0;
  for (const gate of gates) {
    const c = conditions.find((x) => str(x.type) === str(gate.conditionType));
    if (c && str(c.status) === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

function podIP(status: Record<string, unknown>): string {
  const ips = objects(status.podIPs);
  const ip = ips.length > 0 ? str(ips[0]!.ip) : str(status.podIP);
  return ip === '' ? '<none>' : ip;
}

/** Pods: Name, Ready, Status, Restarts, Age, [IP, Node, Nominated Node, Readiness Gates]. */
export const podPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column(
      'IP',
      'string',
      'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      1,
    ),
    column(
      'Node',
      'string',
      'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
      1,
    ),
    column(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
      1,
    ),
    column(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
      1,
    ),
  ],
  cells(pod, now) {
    const spec = obj(pod.spec);
    const status = obj(pod.status);
    const s = summarize(pod, now);
    const node = str(spec.nodeName);
    const nominated = str(status.nominatedNodeName);
    return [
      pod.metadata.name ?? '',
      s.ready,
      s.reason,
      s.restarts,
      translateTimestampSince(pod.metadata.creationTimestamp, now),
      podIP(status),
      node === '' ? '<none>' : node,
      nominated === '' ? '<none>' : nominated,
      readinessGates(spec, status),
    ];
  },
  rowConditions(pod) {
    const phase = str(obj(pod.status).phase);
    if (phase === 'Succeeded') return SUCCEEDED_CONDITIONS;
    if (phase === 'Failed') return FAILED_CONDITIONS;
    return undefined;
  },
};
