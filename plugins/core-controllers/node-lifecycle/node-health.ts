import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { parseTime, rfc3339 } from '../shared/time-format.js';

/** A node condition. */
export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The conditions the controller turns Unknown when the kubelet goes silent. */
export const monitoredConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** Durations of node health monitoring. */
export interface NodeHealthTimes {
  /** How long a node may go without heartbeat before it is Unknown (--node-monitor-grace-period, 40 s). */
  readonly gracePeriodMs: number;
  /** The same for a node that never posted Ready (--node-startup-grace-period, 60 s). */
  readonly startupGracePeriodMs: number;
}

/** The defaults of kube-controller-manager. */
export const defaultNodeHealthTimes: NodeHealthTimes = { gracePeriodMs: 40_000, startupGracePeriodMs: 60_000 };

interface Health {
  probeMs: number;
  heartbeat?: string;
  leaseRenew?: string;
}

/**
 * Tracks when each node was last heard from, by the controller's own clock (as the node lifecycle
 * controller does, so clock skew between nodes and controller does not matter): the time it first
 * saw the node, then every time the Ready condition's lastHeartbeatTime or the node Lease's
 * renewTime changed.
 */
export class NodeHealthTracker {
  private readonly health = new Map<string, Health>();

  constructor(private readonly times: NodeHealthTimes = defaultNodeHealthTimes) {}

  /** Records what a node and its Lease say now. */
  observe(node: KubeObject, lease: KubeObject | undefined, nowMs: number): void {
    const name = node.metadata.name!;
    const heartbeat = readyCondition(node)?.lastHeartbeatTime;
    const leaseRenew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    const h = this.health.get(name);
    if (!h) {
      this.health.set(name, { probeMs: nowMs, heartbeat, leaseRenew });
      return;
    }
    if (heartbeat !== h.heartbeat) {
      h.heartbeat = heartbeat;
      h.probeMs = nowMs;
    }
    if (leaseRenew !== undefined && leaseRenew !== h.leaseRenew) {
      h.leaseRenew = leaseRenew;
      h.probeMs = nowMs;
    }
  }

  /** Forgets a deleted node. */
  forget(name: string): void {
    this.health.delete(name);
  }

  /**
   * The node's conditions once its grace period has passed without news: each monitored condition
   * becomes Unknown (NodeStatusUnknown, "Kubelet stopped posting node status."), or is added as
   * Unknown (NodeStatusNeverUpdated, "Kubelet never posted node status.") when missing. Returns
   * undefined when the node is within its grace period or already all Unknown.
   */
  evaluate(node: KubeObject, nowMs: number): NodeCondition[] | undefined {
    const name = node.metadata.name!;
    const conditions = ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []).map((c) => ({
      ...c,
    }));
    const ready = conditions.find((c) => c.type === 'Ready');
    let h = this.health.get(name);
    if (!h) {
      this.observe(node, undefined, nowMs);
      h = this.health.get(name)!;
    }
    let probeMs = h.probeMs;
    let grace = this.times.gracePeriodMs;
    if (!ready) {
      grace = this.times.startupGracePeriodMs;
      probeMs = parseTime(node.metadata.creationTimestamp) ?? h.probeMs;
    }
    if (nowMs <= probeMs + grace) return undefined;
    const now = rfc3339(nowMs);
    let changed = false;
    for (const type of monitoredConditions) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({
          type,
          status: 'Unknown',
          lastHeartbeatTime: node.metadata.creationTimestamp,
          lastTransitionTime: now,
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
        });
        changed = true;
      } else if (c.status !== 'Unknown') {
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = now;
        changed = true;
      }
    }
    return changed ? conditions : undefined;
  }
}

/** The Ready condition of a node. */
export function readyCondition(node: KubeObject | undefined): NodeCondition | undefined {
  return ((node?.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []).find(
    (c) => c.type === 'Ready',
  );
}
