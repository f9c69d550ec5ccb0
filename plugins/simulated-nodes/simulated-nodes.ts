import { pino, type Logger } from 'pino';
import { AlreadyExistsError, NotFoundError } from '../../sdk/client/api-error.js';
import { builtin, type Lease } from '../../sdk/builtin-resources.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../sdk/client/resource-descriptor.js';
import { InformerFactory, type SharedInformer } from '../../sdk/informers/index.js';
import { systemClock, type Clock, type TimerHandle } from '../../sdk/runtime/clock.js';
import { formatMicroTime } from '../../sdk/runtime/micro-time.js';
import type { Node, Pod, Taint } from '../../sdk/scheduler/index.js';

/** What the simulated nodes look like and how often they report. */
export interface SimulatedNodesOptions {
  /** How many nodes. */
  count: number;
  /** Node names are `<prefix><index>` (default `sim-node-`). */
  namePrefix?: string;
  /** status.capacity = allocatable (default 32 cpu, 256Gi memory, 110 pods). */
  capacity?: Record<string, string>;
  /** Extra labels; `kubernetes.io/hostname` and the kwok-style `type: kwok` are always set. */
  labels?: Record<string, string> | ((index: number) => Record<string, string>);
  taints?: Taint[];
  /** Lease renewal period (kubelet: 10 s, a quarter of the 40 s lease); 0 disables leases. */
  leaseRenewMs?: number;
  /** How often the Ready condition's heartbeat is refreshed (kubelet reports every 5 min when unchanged). */
  statusReportMs?: number;
  /** Move pods bound to these nodes to Running (default true). */
  runPods?: boolean;
  /**
   * Move running pods controlled by a Job on to Succeeded, as kwok's `pod-complete` stage does
   * (default true), so that Jobs complete on simulated nodes.
   */
  completeJobPods?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Informers to share; a private factory is made when absent. */
  informers?: InformerFactory;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * kwok-like nodes: creates N Node objects with the chosen capacity, labels and taints, keeps their
 * node Leases (kube-node-lease) and Ready condition fresh, and moves pods bound to them to Running
 * with the status fields a kubelet sets (phase, conditions, IPs, startTime, containerStatuses);
 * pods controlled by a Job then move on to Succeeded.
 * Pods marked for deletion on these nodes are removed at once, as a kubelet finishing them would.
 */
export class SimulatedNodes {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly prefix: string;
  private readonly names: string[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private readonly ipCounters = new Map<string, number>();
  private readonly handled = new Set<string>();
  private readonly paused = new Set<number>();
  private readonly completed = new Set<string>();
  private timers: TimerHandle[] = [];
  private factory?: InformerFactory;
  private pods?: SharedInformer<Pod>;
  private ownFactory = false;
  private stopped = false;
  /** Counts of writes, for benchmarks and tests. */
  readonly counters = {
    nodesCreated: 0,
    leaseRenewals: 0,
    statusReports: 0,
    podsStarted: 0,
    podsCompleted: 0,
    podsDeleted: 0,
  };

  constructor(
    private readonly client: KubeClient,
    private readonly opts: SimulatedNodesOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'simulated-nodes' });
    this.prefix = opts.namePrefix ?? 'sim-node-';
    for (let i = 0; i < opts.count; i++) {
      const name = `${this.prefix}${i}`;
      this.names.push(name);
      this.nodeIndex.set(name, i);
    }
  }

  /** The node names. */
  nodeNames(): readonly string[] {
    return this.names;
  }

  /**
   * Stops the node `name` as a dead kubelet would: its Lease and Ready heartbeat are no longer
   * renewed and its pods are neither started nor finished, until resumeNode. Throws for a name that
   * is not one of these nodes; idempotent.
   */
  pauseNode(name: string): void {
    this.paused.add(this.indexOf(name));
  }

  /**
   * Brings a paused node back: heartbeats resume with the next period, and the pods bound to it
   * are started or finished as if they had just changed. Idempotent.
   */
  resumeNode(name: string): void {
    if (!this.paused.delete(this.indexOf(name))) return;
    for (const p of this.pods?.list() ?? []) if (p.spec?.nodeName === name) this.onPod(p);
  }

  /** True while `name` is paused. */
  isPaused(name: string): boolean {
    return this.paused.has(this.indexOf(name));
  }

  private indexOf(name: string): number {
    const i = this.nodeIndex.get(name);
    if (i === undefined) throw new Error(`${name} is not one of these simulated nodes`);
    return i;
  }

  /** The Node object for index `i` (also used to create it). */
  nodeObject(i: number): Node {
    const name = this.names[i]!;
    const capacity = this.opts.capacity ?? { cpu: '32', memory: '256Gi', pods: '110' };
    const extra = typeof this.opts.labels === 'function' ? this.opts.labels(i) : (this.opts.labels ?? {});
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
          ...extra,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      },
      spec: {
        podCIDR: `10.${(i >> 8) & 255}.${i & 255}.0/24`,
        ...(this.opts.taints?.length ? { taints: this.opts.taints } : {}),
      },
      status: this.nodeStatus(i),
    };
  }

  private nodeStatus(i: number): Node['status'] {
    const capacity = this.opts.capacity ?? { cpu: '32', memory: '256Gi', pods: '110' };
    const now = rfc3339(this.clock.now());
    const cond = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: now,
      reason,
      message,
    });
    return {
      capacity: { ...capacity },
      allocatable: { ...capacity },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.250.${(i >> 8) & 255}.${i & 255}` },
        { type: 'Hostname', address: this.names[i]! },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'v1.32.0-capstan-sim',
        kubeProxyVersion: '',
        containerRuntimeVersion: 'simulated://1.0',
        osImage: 'Simulated',
        kernelVersion: '',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
      phase: undefined,
    };
  }

  /**
   * Creates (or takes over) the nodes and their leases, then keeps them fresh and runs their pods
   * until `signal` aborts. Resolves once the nodes exist.
   */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    const concurrency = 32;
    let next = 0;
    const worker = async () => {
      while (next < this.names.length && !this.stopped) {
        const i = next++;
        await this.createNode(i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, this.names.length) }, worker));
    const leaseMs = this.opts.leaseRenewMs ?? 10_000;
    if (leaseMs > 0) this.every(leaseMs, (i) => this.renewLease(i));
    const statusMs = this.opts.statusReportMs ?? 60_000;
    if (statusMs > 0) this.every(statusMs, (i) => this.reportStatus(i));
    if (this.opts.runPods ?? true) await this.watchPods(signal);
  }

  /** Stops timers and the pod watch. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    if (this.ownFactory) await this.factory?.stop();
  }

  private async createNode(i: number): Promise<void> {
    const node = this.nodeObject(i);
    try {
      await this.client.create(builtin.nodes, node);
      this.counters.nodesCreated++;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
    await this.client.patch(builtin.nodes, node.metadata.name!, { status: node.status }, 'merge', {
      subresource: 'status',
    });
    if ((this.opts.leaseRenewMs ?? 10_000) > 0) await this.renewLease(i);
  }

  /** Spreads the per-node work of one period evenly over the period. */
  private every(periodMs: number, fn: (i: number) => Promise<void>): void {
    const n = this.names.length;
    const slots = Math.min(n, Math.max(1, Math.floor(periodMs / 100)));
    for (let s = 0; s < slots; s++) {
      const tick = () => {
        if (this.stopped) return;
        for (let i = s; i < n; i += slots)
          if (!this.paused.has(i))
            void fn(i).catch((err) => this.log.warn({ err, node: this.names[i] }, 'heartbeat failed'));
        this.timers.push(this.clock.setTimer(periodMs, tick));
      };
      this.timers.push(this.clock.setTimer(Math.floor((periodMs * s) / slots), tick));
    }
  }

  private async renewLease(i: number): Promise<void> {
    const name = this.names[i]!;
    const now = formatMicroTime(this.clock.now());
    const leases = builtin.leases as ResourceDescriptor<Lease>;
    try {
      await this.client.patch(
        leases,
        name,
        { spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now } },
        'merge',
        {
          namespace: 'kube-node-lease',
        },
      );
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      await this.client.create(leases, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: 'kube-node-lease',
          ownerReferences: [],
        },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now },
      });
    }
    this.counters.leaseRenewals++;
  }

  private async reportStatus(i: number): Promise<void> {
    const now = rfc3339(this.clock.now());
    const conditions = (this.nodeStatus(i)!.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: now }));
    await this.client.patch(builtin.nodes, this.names[i]!, { status: { conditions } }, 'strategic', {
      subresource: 'status',
    });
    this.counters.statusReports++;
  }

  private async watchPods(signal: AbortSignal): Promise<void> {
    this.ownFactory = !this.opts.informers;
    this.factory =
      this.opts.informers ?? new InformerFactory(this.client, { clock: this.clock, logger: this.opts.logger });
    // A private informer sees only bound pods (the kubelet watches spec.nodeName=<node>); a shared
    // one is taken as given.
    const pods = (
      this.ownFactory
        ? this.factory.informer(builtin.pods as ResourceDescriptor<Pod>, { fieldSelector: 'spec.nodeName!=' })
        : this.factory.informer(builtin.pods as ResourceDescriptor<Pod>)
    ) as SharedInformer<Pod>;
    this.pods = pods;
    const onPod = (p: Pod) => this.onPod(p);
    pods.addEventHandler({
      onAdd: onPod,
      onUpdate: (_o, n) => onPod(n),
      onDelete: (p) => {
        this.handled.delete(p.metadata.uid ?? '');
        this.completed.delete(p.metadata.uid ?? '');
      },
    });
    this.factory.start();
    await pods.waitForSync(signal).catch(() => undefined);
  }

  private onPod(p: Pod): void {
    const node = p.spec?.nodeName;
    const index = node === undefined ? undefined : this.nodeIndex.get(node);
    if (index === undefined || this.paused.has(index)) return;
    if (p.metadata.deletionTimestamp) return void this.finishPod(p);
    if (p.status?.phase === 'Pending' && !this.handled.has(p.metadata.uid ?? '')) void this.runPod(p);
    else if (
      p.status?.phase === 'Running' &&
      (this.opts.completeJobPods ?? true) &&
      p.metadata.ownerReferences?.some((r) => r.kind === 'Job' && r.controller) &&
      !this.completed.has(p.metadata.uid ?? '')
    )
      void this.completePod(p);
  }

  private nextPodIp(node: string): string {
    const i = this.nodeIndex.get(node)!;
    const n = (this.ipCounters.get(node) ?? 1) + 1;
    this.ipCounters.set(node, n > 254 ? 2 : n);
    return `10.${(i >> 8) & 255}.${i & 255}.${n}`;
  }

  /** The status a kubelet reports once the pod's containers run. */
  runningStatus(p: Pod, nowMs: number): Record<string, unknown> {
    const node = p.spec!.nodeName!;
    const i = this.nodeIndex.get(node) ?? 0;
    const now = rfc3339(nowMs);
    const hostIP = `10.250.${(i >> 8) & 255}.${i & 255}`;
    const podIP = this.nextPodIp(node);
    const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    return {
      phase: 'Running',
      conditions: [
        cond('PodReadyToStartContainers'),
        cond('Initialized'),
        cond('Ready'),
        cond('ContainersReady'),
        cond('PodScheduled'),
      ],
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: now,
      qosClass: p.status?.qosClass,
      containerStatuses: (p.spec?.containers ?? []).map((c) => ({
        name: c.name,
        state: { running: { startedAt: now } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: c.image,
        imageID: `simulated://${c.image}`,
        containerID: `simulated://${p.metadata.uid}-${c.name}`,
        started: true,
      })),
    };
  }

  /** The status a kubelet reports once all containers of the pod exited 0 (restartPolicy Never/OnFailure). */
  succeededStatus(p: Pod, nowMs: number): Record<string, unknown> {
    const now = rfc3339(nowMs);
    const started = p.status?.startTime ?? now;
    const cond = (type: string, status: string, reason?: string) => ({
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: now,
      ...(reason ? { reason } : {}),
    });
    return {
      phase: 'Succeeded',
      conditions: [
        cond('PodReadyToStartContainers', 'False'),
        cond('Initialized', 'True', 'PodCompleted'),
        cond('Ready', 'False', 'PodCompleted'),
        cond('ContainersReady', 'False', 'PodCompleted'),
        cond('PodScheduled', 'True'),
      ],
      containerStatuses: (p.spec?.containers ?? []).map((c) => ({
        name: c.name,
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: started,
            finishedAt: now,
            containerID: `simulated://${p.metadata.uid}-${c.name}`,
          },
        },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: c.image,
        imageID: `simulated://${c.image}`,
        containerID: `simulated://${p.metadata.uid}-${c.name}`,
        started: false,
      })),
    };
  }

  private async completePod(p: Pod): Promise<void> {
    const uid = p.metadata.uid ?? '';
    this.completed.add(uid);
    try {
      await this.client.patch(
        builtin.pods,
        p.metadata.name!,
        { status: this.succeededStatus(p, this.clock.now()) },
        'merge',
        { namespace: p.metadata.namespace, subresource: 'status' },
      );
      this.counters.podsCompleted++;
    } catch (err) {
      this.completed.delete(uid);
      if (!(err instanceof NotFoundError)) this.log.warn({ err, pod: p.metadata.name }, 'could not complete pod');
    }
  }

  private async runPod(p: Pod): Promise<void> {
    this.handled.add(p.metadata.uid ?? '');
    try {
      await this.client.patch(
        builtin.pods,
        p.metadata.name!,
        { status: this.runningStatus(p, this.clock.now()) },
        'merge',
        {
          namespace: p.metadata.namespace,
          subresource: 'status',
        },
      );
      this.counters.podsStarted++;
    } catch (err) {
      this.handled.delete(p.metadata.uid ?? '');
      if (!(err instanceof NotFoundError)) this.log.warn({ err, pod: p.metadata.name }, 'could not start pod');
    }
  }

  private async finishPod(p: Pod): Promise<void> {
    try {
      await this.client.delete(builtin.pods, p.metadata.name!, p.metadata.namespace, { gracePeriodSeconds: 0 });
      this.counters.podsDeleted++;
    } catch (err) {
      if (!(err instanceof NotFoundError)) this.log.warn({ err, pod: p.metadata.name }, 'could not finish pod');
    }
  }
}
