import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { builtin, type Lease } from '../../sdk/builtin-resources.js';
import { AlreadyExistsError, NotFoundError } from '../../sdk/client/api-error.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../sdk/client/resource-descriptor.js';
import type { ContainerRuntime, RuntimeVersion, StreamSession } from '../../sdk/cri/index.js';
import { InformerFactory } from '../../sdk/informers/index.js';
import {
  PodStreamError,
  type PodAttachOptions,
  type PodExecOptions,
  type PodLogOptions,
  type PodStreamProvider,
} from '../../sdk/node/index.js';
import type { Clock, Timer } from '../../sdk/plugins/clock.js';
import type { Logger } from '../../sdk/plugins/logger.js';
import { KubeEventRecorder } from '../../sdk/runtime/event-recorder.js';
import { formatMicroTime } from '../../sdk/runtime/micro-time.js';
import { RestartBackoff, defaultBackoffTimings, type BackoffTimings } from './backoff.js';
import { defaultConflist, ensureConflist } from './cni-config.js';
import { ensureForwardRule, ensureMasqueradeRule } from './forward-rule.js';
import { ImageManager } from './image-manager.js';
import { nodeResources, nodeStatus, readMachineFacts, type MachineFacts } from './node-status.js';
import type { PodV1 } from './pod-types.js';
import { podNeedsSync } from './pod-change.js';
import { PodWorker, type AdoptedPod } from './pod-worker.js';
import { removePodDir } from './volume-builder.js';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';

/** How the agent runs its node. */
export interface NodeAgentOptions {
  readonly nodeName: string;
  /** Where pod volumes and agent state live. */
  readonly dataDir: string;
  readonly maxPods: number;
  /** The Node's spec.podCIDR, and the subnet of the conflist the agent writes. */
  readonly podCIDR: string;
  /** Bridge of the written conflist. */
  readonly bridge: string;
  /** Network name of the written conflist (default `capstan`). */
  readonly networkName?: string;
  /** Where to write the default conflist when it holds none; undefined writes nothing. */
  readonly cniConfDir?: string;
  /**
   * Add the iptables FORWARD accept rule for the bridge (needed next to Docker) and, with the
   * agent's own conflist, the node's masquerade rule for the pod CIDR (else the bridge plugin
   * masquerades per pod).
   */
  readonly manageForwardRule: boolean;
  /** Override of the node's InternalIP. */
  readonly hostIP?: string;
  readonly leaseDurationSeconds: number;
  readonly leaseRenewMs: number;
  readonly statusReportMs: number;
  readonly resyncMs: number;
  readonly backoff: BackoffTimings;
  /** How long to wait for the runtime's first answer. */
  readonly runtimeTimeoutMs: number;
}

/** Default options for a node name and data dir. */
export function defaultAgentOptions(nodeName: string, dataDir: string): NodeAgentOptions {
  return {
    nodeName,
    dataDir,
    maxPods: 110,
    podCIDR: '10.88.0.0/16',
    bridge: 'capstan0',
    manageForwardRule: true,
    leaseDurationSeconds: 40,
    leaseRenewMs: 10_000,
    statusReportMs: 60_000,
    resyncMs: 10_000,
    backoff: defaultBackoffTimings,
    runtimeTimeoutMs: 5000,
  };
}

/** Thrown by `start` when no container runtime answers. */
export class NoRuntimeError extends Error {
  constructor(cause: string) {
    super(
      `no container runtime found: the Docker engine does not answer (${cause}). The control plane runs without this node; install and start Docker with 'sudo scripts/setup-host.sh', then restart`,
    );
    this.name = 'NoRuntimeError';
  }
}

const podsResource = builtin.pods as unknown as ResourceDescriptor<PodV1>;
const leases = builtin.leases as ResourceDescriptor<Lease>;

/**
 * The node agent (kubelet-like): registers its Node with real capacity and keeps its Lease and
 * Ready condition fresh; runs the pods bound to it through the container runtime with one
 * PodWorker each, reacting to pod updates and runtime events; adopts what it finds in the runtime
 * after a restart; and serves the pods' logs, exec, attach and port-forward to the API server.
 */
export class NodeAgent implements PodStreamProvider {
  private readonly workers = new Map<string, PodWorker>();
  private readonly adopted = new Map<string, AdoptedPod>();
  private factory?: InformerFactory;
  private timers: Timer[] = [];
  private abort = new AbortController();
  private running = false;
  private facts?: MachineFacts;
  private runtimeVersion?: RuntimeVersion;
  private hostIP?: string;
  private nodeUid?: string;
  private events?: KubeEventRecorder;
  private backoff: RestartBackoff;
  private images: ImageManager;
  private eventLoop?: Promise<void>;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly client: KubeClient,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly options: NodeAgentOptions,
  ) {
    this.backoff = new RestartBackoff(options.backoff);
    this.images = new ImageManager(runtime, clock, options.backoff);
  }

  /** The pods this agent runs now, by UID. */
  podWorkers(): ReadonlyMap<string, PodWorker> {
    return this.workers;
  }

  /** Checks the runtime, registers the node and starts running pods. Throws NoRuntimeError. */
  async start(): Promise<void> {
    const o = this.options;
    try {
      this.runtimeVersion = await Promise.race([
        this.runtime.version(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no answer within ${o.runtimeTimeoutMs} ms`)), o.runtimeTimeoutMs).unref(),
        ),
      ]);
    } catch (err) {
      throw new NoRuntimeError((err as Error).message);
    }
    this.facts = await readMachineFacts();
    this.hostIP = o.hostIP ?? this.facts.internalIP;
    if (o.cniConfDir) {
      const written = await ensureConflist(
        o.cniConfDir,
        defaultConflist({
          name: o.networkName,
          bridge: o.bridge,
          subnet: o.podCIDR,
          ipamDataDir: join(o.dataDir, 'cni', 'networks'),
          // Without the agent's own host rules, the bridge plugin masquerades per pod.
          ipMasq: !o.manageForwardRule,
        }),
      );
      if (written) this.log.info({ file: written }, 'wrote the pod network configuration');
    }
    if (o.manageForwardRule && !(await ensureForwardRule(o.bridge)))
      this.log.warn({ bridge: o.bridge }, 'could not add the iptables FORWARD rule; pods may not reach each other');
    if (o.manageForwardRule && o.cniConfDir && !(await ensureMasqueradeRule(o.bridge, o.podCIDR)))
      this.log.warn({ podCIDR: o.podCIDR }, 'could not add the iptables masquerade rule; pods may not reach outside');
    this.events = new KubeEventRecorder(this.client, 'kubelet', {
      clock: this.clock,
      instance: o.nodeName,
    });
    await this.registerNode();
    await this.renewLease();
    this.every(o.leaseRenewMs, () => this.renewLease());
    this.every(o.statusReportMs, () => this.reportNodeStatus());
    await this.loadAdopted();
    this.running = true;
    this.watchPods();
    this.eventLoop = this.runtimeEvents();
    this.log.info({ node: o.nodeName, runtime: this.runtimeVersion }, 'node agent started');
  }

  /** Stops watching and timers; running pods keep running (a restarted agent adopts them). */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    for (const t of this.timers) t.cancel();
    this.timers = [];
    for (const w of this.workers.values()) w.shutdown();
    this.workers.clear();
    await this.factory?.stop();
    await this.eventLoop?.catch(() => undefined);
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const tick = () => {
      if (this.abort.signal.aborted) return;
      void fn()
        .catch((err) => this.log.warn({ err }, 'periodic node work failed'))
        .finally(() => {
          if (!this.abort.signal.aborted) this.timers.push(this.clock.setTimer(ms, tick));
        });
    };
    this.timers.push(this.clock.setTimer(ms, tick));
  }

  // ---- node and lease ----

  private async currentStatus(previous?: KubeObject): Promise<Record<string, unknown>> {
    const images = await this.runtime.listImages().catch(() => []);
    return nodeStatus({
      nowMs: this.clock.now(),
      facts: this.facts!,
      nodeName: this.options.nodeName,
      maxPods: this.options.maxPods,
      runtime: this.runtimeVersion!,
      images,
      ready: { ok: true },
      previousConditions: ((previous as { status?: { conditions?: [] } } | undefined)?.status?.conditions ?? []) as [],
    });
  }

  private async registerNode(): Promise<void> {
    const o = this.options;
    const name = o.nodeName;
    const arch = this.facts!.architecture;
    let node: KubeObject | undefined;
    try {
      node = await this.client.create(builtin.nodes, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': arch,
            'beta.kubernetes.io/os': 'linux',
            'beta.kubernetes.io/arch': arch,
          },
          annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'capstan.io/node-agent': 'true' },
        },
        spec: { podCIDR: o.podCIDR, podCIDRs: [o.podCIDR] },
      } as KubeObject);
      this.log.info({ node: name }, 'registered the node');
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      node = await this.client.get(builtin.nodes, name);
      const spec = (node as { spec?: { podCIDR?: string } }).spec;
      if (!spec?.podCIDR)
        node = await this.client.patch(
          builtin.nodes,
          name,
          { spec: { podCIDR: o.podCIDR, podCIDRs: [o.podCIDR] } },
          'merge',
        );
    }
    this.nodeUid = node.metadata.uid;
    await this.client.patch(builtin.nodes, name, { status: await this.currentStatus(node) }, 'merge', {
      subresource: 'status',
    });
  }

  private async reportNodeStatus(): Promise<void> {
    const node = await this.client.get(builtin.nodes, this.options.nodeName).catch(() => undefined);
    if (!node) return this.registerNode();
    await this.client.patch(builtin.nodes, this.options.nodeName, { status: await this.currentStatus(node) }, 'merge', {
      subresource: 'status',
    });
  }

  private async renewLease(): Promise<void> {
    const name = this.options.nodeName;
    const spec = {
      holderIdentity: name,
      leaseDurationSeconds: this.options.leaseDurationSeconds,
      renewTime: formatMicroTime(this.clock.now()),
    };
    try {
      await this.client.patch(leases, name, { spec }, 'merge', { namespace: 'kube-node-lease' });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      await this.client.create(leases, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: 'kube-node-lease',
          ownerReferences: this.nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: this.nodeUid }] : [],
        },
        spec,
      });
    }
  }

  // ---- pods ----

  /** What the runtime holds from an earlier agent for this node, grouped by pod UID. */
  private async loadAdopted(): Promise<void> {
    const sandboxes = await this.runtime.listPodSandbox();
    const containers = await this.runtime.listContainers();
    const uidOfSandbox = new Map<string, string>();
    for (const s of sandboxes) {
      uidOfSandbox.set(s.id, s.metadata.uid);
      const a = this.adopted.get(s.metadata.uid) ?? { sandboxes: [], containers: [] };
      a.sandboxes.push({ id: s.id, attempt: s.metadata.attempt, ready: s.state === 'SANDBOX_READY' });
      this.adopted.set(s.metadata.uid, a);
    }
    for (const c of containers) {
      const uid = uidOfSandbox.get(c.podSandboxId);
      if (!uid) continue;
      this.adopted.get(uid)!.containers.push({
        id: c.id,
        name: c.metadata.name,
        attempt: c.metadata.attempt,
        podSandboxId: c.podSandboxId,
      });
    }
    if (this.adopted.size) this.log.info({ pods: this.adopted.size }, 'adopting the pods found in the runtime');
  }

  private workerContext() {
    const facts = this.facts!;
    return {
      runtime: this.runtime,
      client: this.client,
      clock: this.clock,
      log: this.log,
      nodeName: this.options.nodeName,
      hostIP: this.hostIP,
      dataDir: this.options.dataDir,
      allocatable: nodeResources(facts, this.options.maxPods).allocatable,
      memoryCapacityBytes: facts.memoryBytes,
      backoff: this.backoff,
      images: this.images,
      events: this.events,
      resyncMs: this.options.resyncMs,
      onFinished: (uid: string) => this.workers.delete(uid),
    };
  }

  private onPod(pod: PodV1, previous?: PodV1): void {
    if (!this.running) return;
    const uid = pod.metadata.uid ?? '';
    const w = this.workers.get(uid);
    // A status-only change (mostly the agent's own writes coming back) needs no sync.
    if (w) return previous && !podNeedsSync(previous, pod) ? w.observe(pod) : w.update(pod);
    const adopted = this.adopted.get(uid);
    this.adopted.delete(uid);
    const worker = new PodWorker(pod, this.workerContext(), adopted);
    this.workers.set(uid, worker);
    worker.kick();
  }

  private watchPods(): void {
    this.factory = new InformerFactory(this.client, { clock: this.clock });
    const pods = this.factory.informer(podsResource, { fieldSelector: `spec.nodeName=${this.options.nodeName}` });
    pods.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (o, p) => this.onPod(p, o),
      onDelete: (p) => this.workers.get(p.metadata.uid ?? '')?.deleted(),
    });
    this.factory.start();
    void pods
      .waitForSync(this.abort.signal)
      .then(() => this.removeOrphans())
      .catch(() => undefined);
  }

  /** Sandboxes of pods that no longer exist (deleted while the agent was down) are removed. */
  private async removeOrphans(): Promise<void> {
    for (const [uid, a] of this.adopted) {
      if (this.workers.has(uid)) continue;
      this.log.info({ uid }, 'removing the sandboxes of a pod that no longer exists');
      for (const s of a.sandboxes) await this.runtime.removePodSandbox(s.id).catch(() => undefined);
      await removePodDir(this.options.dataDir, uid).catch(() => undefined);
      this.adopted.delete(uid);
    }
    // Volume dirs of pods that are gone.
    const dir = join(this.options.dataDir, 'pods');
    for (const uid of await readdir(dir).catch(() => [] as string[]))
      if (!this.workers.has(uid)) await removePodDir(this.options.dataDir, uid).catch(() => undefined);
  }

  /** Runtime events (container started, died, ...) wake the pod's worker at once. */
  private async runtimeEvents(): Promise<void> {
    const signal = this.abort.signal;
    let since: Date | undefined;
    while (!signal.aborted) {
      try {
        for await (const e of this.runtime.events(signal, since ? { since } : {})) {
          since = e.at;
          this.workers.get(e.pod.uid)?.runtimeEvent(e);
        }
      } catch (err) {
        if (signal.aborted) return;
        this.log.warn({ err }, 'runtime event stream broke; relisting');
        for (const w of this.workers.values()) w.kick();
      }
      await this.clock.sleep(1000, signal).catch(() => undefined);
    }
  }

  // ---- pod streams ----

  servesNode(nodeName: string): boolean {
    return this.running && nodeName === this.options.nodeName;
  }

  private workerOf(pod: KubeObject): PodWorker {
    const w = this.workers.get(pod.metadata.uid ?? '');
    if (!w)
      throw new PodStreamError(400, `pod ${pod.metadata.name} is not running on node ${this.options.nodeName} yet`);
    return w;
  }

  private runningContainer(pod: KubeObject, container: string): string {
    const w = this.workerOf(pod);
    const id = w.containerId(container);
    if (!id || !w.isRunning(container))
      throw new PodStreamError(400, `unable to upgrade connection: container not found ("${container}")`);
    return id;
  }

  async logs(pod: KubeObject, options: PodLogOptions, signal: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const w = this.workerOf(pod);
    const id = w.containerId(options.container, options.previous);
    if (!id) {
      if (options.previous)
        throw new PodStreamError(
          400,
          `previous terminated container "${options.container}" in pod "${pod.metadata.name}" not found`,
        );
      throw new PodStreamError(
        400,
        `container "${options.container}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
      );
    }
    const chunks = this.runtime.containerLogs(
      id,
      { follow: options.follow, tailLines: options.tailLines, since: options.since, timestamps: options.timestamps },
      signal,
    );
    const limit = options.limitBytes;
    return (async function* () {
      let sent = 0;
      for await (const c of chunks) {
        if (limit !== undefined && sent + c.data.length >= limit) {
          yield c.data.subarray(0, limit - sent);
          return;
        }
        sent += c.data.length;
        yield c.data;
      }
    })();
  }

  async exec(pod: KubeObject, options: PodExecOptions): Promise<StreamSession> {
    const id = this.runningContainer(pod, options.container);
    return this.runtime.exec(id, { cmd: options.command, stdin: options.stdin, tty: options.tty });
  }

  async attach(pod: KubeObject, options: PodAttachOptions): Promise<StreamSession> {
    const id = this.runningContainer(pod, options.container);
    return this.runtime.attach(id, { stdin: options.stdin, stdout: options.stdout, stderr: options.stderr });
  }

  async portForward(pod: KubeObject, port: number): Promise<Duplex> {
    const sandbox = this.workerOf(pod).currentSandboxId;
    if (!sandbox) throw new PodStreamError(400, `pod ${pod.metadata.name} has no running sandbox`);
    return this.runtime.portForward(sandbox, port);
  }
}
