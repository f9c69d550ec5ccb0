import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { ConflictError, NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { objectKey } from '../shared/object-key.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { rfc3339 } from '../shared/time-format.js';
import { EvictionSchedule } from './eviction-schedule.js';
import {
  defaultNodeHealthTimes,
  NodeHealthTracker,
  readyCondition,
  type NodeCondition,
  type NodeHealthTimes,
} from './node-health.js';
import { reconcileTaints, type Taint, type Toleration } from './taints.js';

/** The namespace of node heartbeat Leases. */
export const nodeLeaseNamespace = 'kube-node-lease';

/** Options of the node lifecycle controller. */
export interface NodeLifecycleOptions extends Partial<NodeHealthTimes> {
  /** How often node health is checked (--node-monitor-period, default 5 s). */
  readonly monitorPeriodMs?: number;
}

interface NodeObject extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean };
  status?: { conditions?: NodeCondition[] };
}

interface PodObject extends KubeObject {
  spec?: { nodeName?: string; tolerations?: Toleration[] };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string; [k: string]: unknown }> };
}

/**
 * The node lifecycle controller: watches Nodes and their Leases in kube-node-lease, turns the
 * conditions of a node not heard from within the grace period Unknown, keeps the condition taints
 * (`node.kubernetes.io/unreachable` and `not-ready`, NoExecute and NoSchedule, and the pressure
 * taints) in step, marks the pods of a node that stops being Ready not ready, and evicts pods from
 * NoExecute-tainted nodes once their tolerationSeconds run out.
 */
export class NodeLifecycleController {
  private readonly tracker: NodeHealthTracker;
  private readonly schedule = new EvictionSchedule();
  private readonly logger: Logger;
  private nodes!: ResourceWatcher<NodeObject>;
  private leases!: ResourceWatcher;
  private pods!: ResourceWatcher<PodObject>;

  constructor(
    private readonly client: KubeClient,
    private readonly deps: { clock: Clock; logger: Logger },
    private readonly options: NodeLifecycleOptions = {},
  ) {
    this.tracker = new NodeHealthTracker({
      gracePeriodMs: options.gracePeriodMs ?? defaultNodeHealthTimes.gracePeriodMs,
      startupGracePeriodMs: options.startupGracePeriodMs ?? defaultNodeHealthTimes.startupGracePeriodMs,
    });
    this.logger = deps.logger.child({ component: 'node-lifecycle-controller' });
  }

  /** Starts the watches and the monitor loop; returns once the watches have listed. */
  async start(outer: AbortSignal): Promise<void> {
    const ac = new AbortController();
    setMaxListeners(0, ac.signal);
    outer.addEventListener('abort', () => ac.abort(), { once: true });
    const signal = ac.signal;
    const common = { clock: this.deps.clock, logger: this.logger };
    const now = () => this.deps.clock.now();
    this.nodes = new ResourceWatcher<NodeObject>(
      this.client,
      builtin.nodes,
      {
        onAdd: (n) => this.tracker.observe(n, this.leases?.get(`${nodeLeaseNamespace}/${n.metadata.name}`), now()),
        onUpdate: (n) => this.tracker.observe(n, this.leases?.get(`${nodeLeaseNamespace}/${n.metadata.name}`), now()),
        onDelete: (n) => this.tracker.forget(n.metadata.name!),
      },
      common,
    );
    const leaseSeen = (l: KubeObject) => {
      const node = this.nodes.get(l.metadata.name!);
      if (node) this.tracker.observe(node, l, now());
    };
    this.leases = new ResourceWatcher(
      this.client,
      builtin.leases,
      { onAdd: leaseSeen, onUpdate: leaseSeen },
      { ...common, namespace: nodeLeaseNamespace },
    );
    this.pods = new ResourceWatcher<PodObject>(
      this.client,
      builtin.pods,
      { onDelete: (p) => this.schedule.cancel(objectKey(p)) },
      common,
    );
    for (const w of [this.nodes, this.leases, this.pods] as ResourceWatcher<KubeObject>[]) void w.run(signal);
    await Promise.all([this.nodes.synced, this.leases.synced, this.pods.synced]);
    void this.loop(signal);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.monitorOnce();
      } catch (err) {
        if (!signal.aborted) this.logger.warn({ err }, 'node monitoring pass failed');
      }
      await this.deps.clock.sleep(this.options.monitorPeriodMs ?? 5000, signal).catch(() => undefined);
    }
  }

  /** One pass: node health, taints, then due evictions. */
  async monitorOnce(): Promise<void> {
    const nowMs = this.deps.clock.now();
    for (const cached of this.nodes.list()) {
      try {
        await this.monitorNode(cached, nowMs);
      } catch (err) {
        if (!(err instanceof ConflictError) && !(err instanceof NotFoundError)) throw err;
      }
    }
    for (const key of this.schedule.due(nowMs)) await this.evict(key);
  }

  private async monitorNode(cached: NodeObject, nowMs: number): Promise<void> {
    const name = cached.metadata.name!;
    this.tracker.observe(cached, this.leases.get(`${nodeLeaseNamespace}/${name}`), nowMs);
    let node = cached;
    const conditions = this.tracker.evaluate(node, nowMs);
    if (conditions) {
      const wasReady = readyCondition(node)?.status === 'True';
      node = await this.client.updateStatus(builtin.nodes, { ...node, status: { ...node.status, conditions } });
      this.logger.info({ node: name }, 'node stopped posting status; conditions Unknown');
      if (wasReady) await this.markPodsNotReady(name);
    }
    const taints = reconcileTaints(
      node.spec?.taints ?? [],
      node.status?.conditions ?? [],
      node.spec?.unschedulable === true,
      rfc3339(nowMs),
    );
    if (taints) {
      node = await this.client.patch(
        builtin.nodes,
        name,
        // resourceVersion in a merge patch makes it apply only to the version read.
        {
          metadata: { resourceVersion: node.metadata.resourceVersion },
          spec: { taints: taints.length > 0 ? taints : null },
        },
        'merge',
      );
    }
    const current = node.spec?.taints ?? [];
    for (const pod of this.pods.list()) {
      if (pod.spec?.nodeName !== name || pod.metadata.deletionTimestamp) continue;
      this.schedule.update(objectKey(pod), current, pod.spec?.tolerations ?? [], nowMs);
    }
  }

  private async markPodsNotReady(nodeName: string): Promise<void> {
    const now = rfc3339(this.deps.clock.now());
    for (const pod of this.pods.list()) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const conds = pod.status?.conditions ?? [];
      const ready = conds.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = conds.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
      await this.client
        .updateStatus(builtin.pods, { ...pod, status: { ...pod.status, conditions: next } })
        .catch((err) => this.logger.debug({ err, pod: objectKey(pod) }, 'marking pod not ready failed'));
    }
  }

  private async evict(key: string): Promise<void> {
    this.schedule.cancel(key);
    const pod = this.pods.get(key);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
    conds.push({
      type: 'DisruptionTarget',
      status: 'True',
      lastTransitionTime: rfc3339(this.deps.clock.now()),
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    try {
      await this.client
        .updateStatus(builtin.pods, { ...pod, status: { ...pod.status, conditions: conds } })
        .catch(() => undefined);
      await this.client.delete(builtin.pods, pod.metadata.name!, pod.metadata.namespace, {
        preconditions: { uid: pod.metadata.uid },
      });
      this.logger.info({ pod: key, node: pod.spec?.nodeName }, 'evicted pod from tainted node');
    } catch (err) {
      if (!(err instanceof NotFoundError) && !(err instanceof ConflictError)) throw err;
    }
  }
}
