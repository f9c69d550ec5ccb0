import { builtin } from '../../sdk/builtin-resources.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../sdk/client/resource-descriptor.js';
import {
  linuxContainerResources,
  type ContainerConfig,
  type ContainerRuntime,
  type ContainerStatus,
  type PodSandboxConfig,
  type RuntimeEvent,
} from '../../sdk/cri/index.js';
import type { Clock, Timer } from '../../sdk/plugins/clock.js';
import type { Logger } from '../../sdk/plugins/logger.js';
import type { EventRecorder } from '../../sdk/runtime/event-recorder.js';
import { formatDelay, type RestartBackoff } from './backoff.js';
import { envSourceNames, expandCommand, resolveEnv, type EnvSources } from './env-resolver.js';
import type { ImageManager } from './image-manager.js';
import { runHandler } from './probe-actions.js';
import { ProbeWorker, probeTiming, type ProbeKind } from './probe-worker.js';
import { buildPodStatus } from './pod-status.js';
import { qosClass } from './qos.js';
import type { ContainerSpec, ContainerStatusV1, KeyedData, PodStatusV1, PodV1 } from './pod-types.js';
import { rfc3339 } from './pod-types.js';
import { containerMounts, prepareVolumes, removePodDir, volumeSourceNames } from './volume-builder.js';

/** Label on sandboxes and containers carrying the pod's UID (the runtime keeps its own too). */
export const containerHashAnnotation = 'capstan.io/container-spec';

/** What every pod worker shares: the node's services. */
export interface PodWorkerContext {
  readonly runtime: ContainerRuntime;
  readonly client: KubeClient;
  readonly clock: Clock;
  readonly log: Logger;
  readonly nodeName: string;
  readonly hostIP?: string;
  readonly dataDir: string;
  readonly allocatable: Record<string, string>;
  readonly memoryCapacityBytes: number;
  readonly backoff: RestartBackoff;
  readonly images: ImageManager;
  readonly events?: EventRecorder;
  /** How often a pod is re-synced without events (PLEG relist period). */
  readonly resyncMs: number;
  /** Called once a worker has finished (pod deleted and cleaned up). */
  readonly onFinished: (uid: string) => void;
}

/** What the runtime holds for one container name of the pod. */
interface ContainerSlot {
  /** The current instance. */
  id?: string;
  attempt: number;
  status?: ContainerStatus;
  /** The instance before the current one (for lastState and `logs --previous`). */
  previousId?: string;
  previousStatus?: ContainerStatus;
  /** Why the container is waiting, when it has no running instance. */
  waiting?: { reason: string; message?: string };
  /** Container IDs whose exit was already counted in the backoff. */
  countedExit?: string;
  probes: ProbeWorker[];
  probesFor?: string;
  ready: boolean;
  started: boolean;
  imageRef?: string;
  /** Set while the agent itself kills the instance (liveness failure, termination). */
  killing?: boolean;
}

/** State found in the runtime for a pod when the agent (re)starts. */
export interface AdoptedPod {
  readonly sandboxes: { id: string; attempt: number; ready: boolean }[];
  readonly containers: { id: string; name: string; attempt: number; podSandboxId: string }[];
}

const podsResource = builtin.pods as unknown as ResourceDescriptor<PodV1>;

/**
 * Runs one pod on the node, as kubelet's pod worker and SyncPod do: one sync at a time, re-run
 * whenever something changed (pod update, runtime event, probe result, timer). Each sync makes the
 * runtime match the spec (sandbox, init containers in order, containers with restart policy and
 * back-off) and reports the status when it changed.
 */
export class PodWorker {
  pod: PodV1;
  private sandboxId?: string;
  private sandboxConfig?: PodSandboxConfig;
  private sandboxAttempt = -1;
  private oldSandboxes: string[] = [];
  private podIPs: string[] = [];
  private sandboxReady = false;
  private readonly startTimeMs: number;
  private readonly slots = new Map<string, ContainerSlot>();
  private volumePaths?: Map<string, string>;
  private lastStatus?: PodStatusV1;
  private lastStatusJson = '';
  private syncing = false;
  private dirty = false;
  /** A probe changed readiness: the status is to be reported (without a sync when none is due). */
  private statusDirty = false;
  /** Sandboxes or containers being created and started by this worker right now. */
  private starting = 0;
  private timer?: Timer;
  private resync?: Timer;
  private terminating?: Promise<void>;
  private finished = false;
  private gone = false;
  private readonly log: Logger;

  constructor(
    pod: PodV1,
    private readonly ctx: PodWorkerContext,
    adopted?: AdoptedPod,
  ) {
    this.pod = pod;
    this.log = ctx.log.child({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` });
    this.startTimeMs = pod.status?.startTime ? Date.parse(pod.status.startTime) : ctx.clock.now();
    if (pod.status?.phase) this.lastStatus = pod.status;
    if (adopted) this.adopt(adopted);
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  /** The pod's sandbox, when one runs. */
  get currentSandboxId(): string | undefined {
    return this.sandboxReady ? this.sandboxId : undefined;
  }

  /** The runtime ID of a container's current instance, or its previous one. */
  containerId(name: string, previous = false): string | undefined {
    const s = this.slots.get(name);
    return previous ? s?.previousId : s?.id;
  }

  /** Whether the container's current instance is running. */
  isRunning(name: string): boolean {
    return this.slots.get(name)?.status?.state === 'CONTAINER_RUNNING';
  }

  private adopt(a: AdoptedPod): void {
    const sandboxes = [...a.sandboxes].sort((x, y) => y.attempt - x.attempt);
    const latest = sandboxes[0];
    if (latest) {
      this.sandboxId = latest.id;
      this.sandboxAttempt = latest.attempt;
      this.oldSandboxes = sandboxes.slice(1).map((s) => s.id);
    }
    const byName = new Map<string, { id: string; attempt: number }[]>();
    for (const c of a.containers) {
      const list = byName.get(c.name) ?? [];
      list.push(c);
      byName.set(c.name, list);
    }
    for (const [name, list] of byName) {
      list.sort((x, y) => y.attempt - x.attempt);
      const slot = this.slot(name);
      slot.id = list[0]!.id;
      slot.attempt = list[0]!.attempt;
      slot.previousId = list[1]?.id;
      // Exits that happened before the restart were counted by the previous agent.
      slot.countedExit = slot.id;
    }
  }

  private slot(name: string): ContainerSlot {
    let s = this.slots.get(name);
    if (!s) {
      s = { attempt: -1, probes: [], ready: false, started: false };
      this.slots.set(name, s);
    }
    return s;
  }

  /** A newer version of the pod object. */
  update(pod: PodV1): void {
    this.pod = pod;
    this.kick();
  }

  /** A newer version of the pod object that changed nothing a sync acts on (its status only). */
  observe(pod: PodV1): void {
    this.pod = pod;
  }

  /**
   * A runtime event about one of the pod's sandboxes or containers. A creation or start the worker
   * made itself (it is creating one now, or already knows the instance in that state) changes
   * nothing; anything else wakes the worker, as PLEG does.
   */
  runtimeEvent(e: RuntimeEvent): void {
    if (e.type === 'created' || e.type === 'started') {
      if (this.starting > 0) return;
      if (e.kind === 'sandbox' && e.id === this.sandboxId && (e.type === 'created' || this.sandboxReady)) return;
      if (e.kind === 'container') {
        const s = [...this.slots.values()].find((x) => x.id === e.id);
        if (s && (e.type === 'created' || s.status?.state === 'CONTAINER_RUNNING')) return;
      }
    }
    this.kick();
  }

  /** The pod object was deleted from the API (forced deletion): clean up without deleting it again. */
  deleted(): void {
    this.gone = true;
    this.kick();
  }

  /** Asks for a sync soon (coalesces with one in progress). */
  kick(): void {
    if (this.finished) return;
    this.dirty = true;
    if (this.syncing) return;
    this.syncing = true;
    void this.loop();
  }

  /** Asks for a status report soon, without a sync unless one is due anyway (kubelet's status manager). */
  private kickStatus(): void {
    if (this.finished) return;
    this.statusDirty = true;
    if (this.syncing) return;
    this.syncing = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while ((this.dirty || this.statusDirty) && !this.finished) {
        if (!this.dirty) {
          this.statusDirty = false;
          if (this.pod.metadata.deletionTimestamp || this.gone || this.terminating) {
            this.dirty = true;
            continue;
          }
          try {
            await this.report();
          } catch (err) {
            this.log.warn({ err }, 'pod status report failed; syncing');
            this.dirty = true;
          }
          continue;
        }
        this.dirty = false;
        this.statusDirty = false;
        try {
          this.log.debug('pod sync');
          await this.sync();
          this.log.debug('pod synced');
        } catch (err) {
          this.log.warn({ err }, 'pod sync failed; retrying');
          this.after(2000);
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  /** Schedules a sync after `ms` (the earliest pending one wins). */
  private after(ms: number): void {
    if (this.finished) return;
    this.timer?.cancel();
    this.timer = this.ctx.clock.setTimer(Math.max(0, ms), () => this.kick());
  }

  private armResync(): void {
    this.resync?.cancel();
    if (!this.finished) this.resync = this.ctx.clock.setTimer(this.ctx.resyncMs, () => this.kick());
  }

  /** Stops timers and probes without touching the runtime (agent shutdown). */
  shutdown(): void {
    this.finished = true;
    this.timer?.cancel();
    this.resync?.cancel();
    for (const s of this.slots.values()) for (const p of s.probes) p.stop();
  }

  // ---- sync ----

  private async sync(): Promise<void> {
    if (this.finished) return;
    this.armResync();
    const pod = this.pod;
    if (this.gone || pod.metadata.deletionTimestamp) return this.terminate();
    const phase = this.lastStatus?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return this.finishTerminal();
    await this.refresh();
    if (!this.sandboxReady) {
      const ok = await this.ensureSandbox();
      if (!ok) return this.report();
    }
    const deadline = pod.spec.activeDeadlineSeconds;
    if (deadline !== undefined && this.ctx.clock.now() - this.startTimeMs >= deadline * 1000) {
      await this.killAll(0);
      return this.report({
        reason: 'DeadlineExceeded',
        message: `Pod was active on the node longer than the specified deadline`,
      });
    }
    if (deadline !== undefined) this.after(this.startTimeMs + deadline * 1000 - this.ctx.clock.now());
    const initDone = await this.syncInitContainers();
    if (initDone) {
      await Promise.all(pod.spec.containers.map((c) => this.syncContainer(c, false)));
    }
    await this.report();
  }

  /** Reads the runtime state of the sandbox and the known containers. */
  private async refresh(): Promise<void> {
    const rt = this.ctx.runtime;
    if (this.sandboxId) {
      const st = await rt.podSandboxStatus(this.sandboxId);
      this.sandboxReady = st?.state === 'SANDBOX_READY';
      this.podIPs = st ? [st.network.ip, ...st.network.additionalIps].filter((x): x is string => !!x) : [];
      if (this.pod.spec.hostNetwork && this.ctx.hostIP) this.podIPs = [this.ctx.hostIP];
      if (!st) this.sandboxId = undefined;
    } else {
      this.sandboxReady = false;
    }
    await Promise.all(
      [...this.slots.values()].map(async (s) => {
        if (s.id) s.status = await rt.containerStatus(s.id);
        if (s.id && !s.status) s.id = undefined;
        if (s.previousId && !s.previousStatus) s.previousStatus = await rt.containerStatus(s.previousId);
      }),
    );
  }

  private sandboxConfigFor(attempt: number): PodSandboxConfig {
    const pod = this.pod;
    const md = pod.metadata;
    const spec = pod.spec;
    const ports = [...(spec.initContainers ?? []), ...spec.containers].flatMap((c) => c.ports ?? []);
    return {
      metadata: { name: md.name!, namespace: md.namespace!, uid: md.uid!, attempt },
      hostname: spec.hostname ?? md.name,
      dnsConfig: spec.dnsConfig
        ? {
            servers: spec.dnsConfig.nameservers,
            searches: spec.dnsConfig.searches,
            options: spec.dnsConfig.options?.map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`)),
          }
        : undefined,
      portMappings: ports
        .filter((p) => p.hostPort)
        .map((p) => ({
          containerPort: p.containerPort,
          hostPort: p.hostPort,
          hostIp: p.hostIP,
          protocol: (p.protocol ?? 'TCP') as 'TCP',
        })),
      labels: { ...(md.labels ?? {}) },
      annotations: {},
      linux: {
        namespaceOptions: {
          network: spec.hostNetwork ? 'NODE' : 'POD',
          pid: spec.hostPID ? 'NODE' : spec.shareProcessNamespace ? 'POD' : 'CONTAINER',
          ipc: spec.hostIPC ? 'NODE' : 'POD',
        },
      },
    };
  }

  /** Creates a sandbox (a new attempt when an earlier one died, whose containers then go). */
  private async ensureSandbox(): Promise<boolean> {
    const rt = this.ctx.runtime;
    if (this.sandboxId) {
      // The sandbox died: every container restarts in a new one, as kubelet does.
      this.log.info({ sandbox: this.sandboxId }, 'pod sandbox changed; it will be killed and re-created');
      await rt.stopPodSandbox(this.sandboxId).catch(() => undefined);
      this.oldSandboxes.push(this.sandboxId);
      this.sandboxId = undefined;
      for (const s of this.slots.values()) {
        for (const p of s.probes) p.stop();
        s.probes = [];
        s.ready = false;
      }
    }
    const attempt = this.sandboxAttempt + 1;
    const config = this.sandboxConfigFor(attempt);
    this.starting++;
    try {
      this.sandboxId = await rt.runPodSandbox(config);
      this.sandboxAttempt = attempt;
      this.sandboxConfig = config;
    } catch (err) {
      const message = `Failed to create pod sandbox: ${(err as Error).message}`;
      this.log.warn({ err }, 'failed to create pod sandbox');
      void this.ctx.events?.event(this.pod, 'Warning', 'FailedCreatePodSandBox', 'CreatePodSandbox', message);
      for (const c of this.allSpecs()) {
        const s = this.slot(c.name);
        if (!s.id) s.waiting = { reason: 'ContainerCreating' };
      }
      this.after(5000);
      return false;
    } finally {
      this.starting--;
    }
    const st = await rt.podSandboxStatus(this.sandboxId);
    this.sandboxReady = st?.state === 'SANDBOX_READY';
    this.podIPs = st ? [st.network.ip, ...st.network.additionalIps].filter((x): x is string => !!x) : [];
    if (this.pod.spec.hostNetwork && this.ctx.hostIP) this.podIPs = [this.ctx.hostIP];
    // Containers of the dead sandbox are replaced in this one.
    for (const s of this.slots.values()) {
      if (s.id && s.status?.podSandboxId !== this.sandboxId) {
        if (s.status?.state === 'CONTAINER_RUNNING') await rt.stopContainer(s.id, 0).catch(() => undefined);
      }
    }
    return this.sandboxReady;
  }

  private allSpecs(): ContainerSpec[] {
    return [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers];
  }

  /** Runs the init containers in order; true once all completed. */
  private async syncInitContainers(): Promise<boolean> {
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    for (const spec of this.pod.spec.initContainers ?? []) {
      const s = this.slot(spec.name);
      const inSandbox = s.id && s.status?.podSandboxId === this.sandboxId;
      if (inSandbox && s.status?.state === 'CONTAINER_RUNNING') {
        if (spec.restartPolicy === 'Always') {
          this.ensureProbes(spec, s);
          continue; // a sidecar: keeps running next to the containers
        }
        return false;
      }
      if (
        inSandbox &&
        s.status?.state === 'CONTAINER_EXITED' &&
        s.status.exitCode === 0 &&
        spec.restartPolicy !== 'Always'
      )
        continue;
      if (inSandbox && s.status?.state === 'CONTAINER_EXITED') {
        if (policy === 'Never' && spec.restartPolicy !== 'Always') return false;
        if (!this.backoffAllows(spec, s)) return false;
      }
      if (inSandbox && s.status?.state === 'CONTAINER_CREATED') return false;
      await this.startContainer(spec, s);
      if (spec.restartPolicy !== 'Always') return false;
    }
    return true;
  }

  /** Makes one regular container match the restart policy. */
  private async syncContainer(spec: ContainerSpec, _init: boolean): Promise<void> {
    const s = this.slot(spec.name);
    const inSandbox = s.id && s.status?.podSandboxId === this.sandboxId;
    if (inSandbox && s.status?.state === 'CONTAINER_RUNNING') {
      this.ensureProbes(spec, s);
      return;
    }
    if (inSandbox && s.status?.state === 'CONTAINER_CREATED') return;
    if (inSandbox && s.status?.state === 'CONTAINER_EXITED') {
      this.stopProbes(s);
      const policy = this.pod.spec.restartPolicy ?? 'Always';
      const code = s.status.exitCode ?? 0;
      if (policy === 'Never' || (policy === 'OnFailure' && code === 0)) return;
      if (!this.backoffAllows(spec, s)) return;
    }
    await this.startContainer(spec, s);
  }

  /** Counts the exit once and tells whether the back-off lets the container restart now. */
  private backoffAllows(spec: ContainerSpec, s: ContainerSlot): boolean {
    const key = `${this.uid}/${spec.name}`;
    const st = s.status!;
    const now = this.ctx.clock.now();
    if (s.countedExit !== s.id) {
      s.countedExit = s.id;
      const finished = st.finishedAt?.getTime() ?? now;
      const ran = st.startedAt ? finished - st.startedAt.getTime() : 0;
      this.ctx.backoff.recordExit(key, finished, ran);
    }
    const remaining = this.ctx.backoff.remainingMs(key, now);
    if (remaining > 0) {
      const delay = this.ctx.backoff.currentDelayMs(key);
      s.waiting = {
        reason: 'CrashLoopBackOff',
        message: `back-off ${formatDelay(delay)} restarting failed container=${spec.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`,
      };
      void this.ctx.events?.event(this.pod, 'Warning', 'BackOff', 'Restarting', 'Back-off restarting failed container');
      this.after(remaining);
      return false;
    }
    return true;
  }

  private async envSources(names: { configMaps: string[]; secrets: string[] }): Promise<EnvSources> {
    const ns = this.pod.metadata.namespace;
    const fetch = async (kind: 'configMaps' | 'secrets', name: string) => {
      try {
        return (await this.ctx.client.get(builtin[kind] as never, name, ns)) as KeyedData;
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    };
    const configMaps = new Map<string, KeyedData | undefined>();
    const secrets = new Map<string, KeyedData | undefined>();
    await Promise.all([
      ...names.configMaps.map(async (n) => configMaps.set(n, await fetch('configMaps', n))),
      ...names.secrets.map(async (n) => secrets.set(n, await fetch('secrets', n))),
    ]);
    return { configMaps, secrets };
  }

  private downwardContext() {
    return { hostIP: this.ctx.hostIP, podIPs: this.podIPs, nodeAllocatable: this.ctx.allocatable };
  }

  /** Pulls the image if needed, creates and starts a new instance of the container. */
  private async startContainer(spec: ContainerSpec, s: ContainerSlot): Promise<void> {
    const rt = this.ctx.runtime;
    const image = spec.image ?? '';
    const img = await this.ctx.images.ensure(image, spec.imagePullPolicy);
    if (!img.ok) {
      if (s.waiting?.reason !== img.reason)
        void this.ctx.events?.event(
          this.pod,
          'Warning',
          img.reason === 'ImagePullBackOff' ? 'BackOff' : 'Failed',
          'Pulling',
          img.message,
        );
      s.waiting = { reason: img.reason, message: img.message };
      if (img.reason !== 'ErrImageNeverPull') this.after(Math.max(1000, this.ctx.images.retryInMs(image)));
      else this.after(30_000);
      return;
    }
    if (img.warning) this.log.debug({ image, warning: img.warning }, 'image pull failed; using the local image');
    let config: ContainerConfig;
    try {
      const names = envSourceNames(spec);
      const vol = volumeSourceNames(this.pod);
      const sources = await this.envSources({
        configMaps: [...new Set([...names.configMaps, ...vol.configMaps])],
        secrets: [...new Set([...names.secrets, ...vol.secrets])],
      });
      const dctx = this.downwardContext();
      this.volumePaths = await prepareVolumes(this.pod, this.ctx.dataDir, sources, dctx);
      const envs = resolveEnv(this.pod, spec, sources, dctx);
      const { command, args } = expandCommand(spec, envs);
      const qos = qosClass(this.pod);
      config = {
        metadata: { name: spec.name, attempt: s.attempt + 1 },
        image,
        command,
        args,
        workingDir: spec.workingDir,
        envs,
        mounts: containerMounts(spec, this.volumePaths),
        labels: {},
        annotations: { [containerHashAnnotation]: JSON.stringify({ image, command: spec.command, args: spec.args }) },
        stdin: spec.stdin,
        stdinOnce: spec.stdinOnce,
        tty: spec.tty,
        linux: {
          resources: linuxContainerResources(spec.resources, {
            qosClass: qos,
            memoryCapacityBytes: this.ctx.memoryCapacityBytes,
          }),
          securityContext: spec.securityContext
            ? {
                privileged: spec.securityContext.privileged,
                runAsUser: spec.securityContext.runAsUser,
                runAsGroup: spec.securityContext.runAsGroup,
                readonlyRootfs: spec.securityContext.readOnlyRootFilesystem,
                capabilities: spec.securityContext.capabilities,
              }
            : undefined,
        },
      };
    } catch (err) {
      const message = (err as Error).message;
      s.waiting = { reason: 'CreateContainerConfigError', message };
      void this.ctx.events?.event(this.pod, 'Warning', 'Failed', 'CreateContainer', `Error: ${message}`);
      this.after(10_000);
      return;
    }
    let id: string;
    // Runtime events of the instance created and started here change nothing (see runtimeEvent).
    this.starting++;
    try {
      try {
        id = await rt.createContainer(
          this.sandboxId!,
          config,
          this.sandboxConfig ?? this.sandboxConfigFor(this.sandboxAttempt),
        );
      } catch (err) {
        s.waiting = { reason: 'CreateContainerError', message: (err as Error).message };
        this.after(10_000);
        return;
      }
      // Keep the instance before this one for `logs --previous`; remove older ones.
      const older = s.previousId;
      s.previousId = s.id;
      s.previousStatus = s.status;
      s.id = id;
      s.attempt = config.metadata.attempt;
      s.imageRef = img.imageRef;
      s.waiting = undefined;
      s.ready = false;
      s.started = false;
      if (older && older !== s.previousId) void rt.removeContainer(older).catch(() => undefined);
      void this.ctx.events?.event(this.pod, 'Normal', 'Created', 'CreateContainer', `Created container ${spec.name}`);
      try {
        await rt.startContainer(id);
        void this.ctx.events?.event(this.pod, 'Normal', 'Started', 'StartContainer', `Started container ${spec.name}`);
      } catch (err) {
        this.log.warn({ err, container: spec.name }, 'container failed to start');
        void this.ctx.events?.event(
          this.pod,
          'Warning',
          'Failed',
          'StartContainer',
          `Error: ${(err as Error).message}`,
        );
      }
      s.status = await rt.containerStatus(id);
    } finally {
      this.starting--;
    }
    if (spec.lifecycle?.postStart && s.status?.state === 'CONTAINER_RUNNING') {
      const r = await runHandler(spec.lifecycle.postStart, rt, id, spec, this.podIPs[0] ?? '127.0.0.1', 30).catch(
        (e: Error) => ({ ok: false, message: e.message }),
      );
      if (!r.ok) {
        void this.ctx.events?.event(this.pod, 'Warning', 'FailedPostStartHook', 'PostStartHook', r.message ?? '');
        await rt.stopContainer(id, this.pod.spec.terminationGracePeriodSeconds ?? 30).catch(() => undefined);
        s.status = await rt.containerStatus(id);
      }
    }
    if (s.status?.state === 'CONTAINER_RUNNING') this.ensureProbes(spec, s);
  }

  // ---- probes ----

  private stopProbes(s: ContainerSlot): void {
    for (const p of s.probes) p.stop();
    s.probes = [];
    s.probesFor = undefined;
    s.ready = false;
  }

  /** Starts the probes of a running instance once (startup first, then liveness and readiness). */
  private ensureProbes(spec: ContainerSpec, s: ContainerSlot): void {
    if (s.probesFor === s.id) return;
    this.stopProbes(s);
    s.probesFor = s.id;
    const id = s.id!;
    const startedAt = s.status?.startedAt?.getTime() ?? this.ctx.clock.now();
    const make = (kind: ProbeKind) => {
      const probe =
        kind === 'startup' ? spec.startupProbe! : kind === 'liveness' ? spec.livenessProbe! : spec.readinessProbe!;
      const timing = probeTiming(probe);
      const w = new ProbeWorker(
        kind,
        timing,
        this.ctx.clock,
        () =>
          runHandler(
            probe,
            this.ctx.runtime,
            id,
            spec,
            this.pod.spec.hostNetwork ? '127.0.0.1' : (this.podIPs[0] ?? '127.0.0.1'),
            timing.timeoutSeconds,
          ),
        (ok, message) => this.onProbe(spec, s, id, kind, ok, message),
      );
      s.probes.push(w);
      w.start(startedAt);
    };
    const afterStartup = () => {
      s.started = true;
      if (spec.livenessProbe) make('liveness');
      if (spec.readinessProbe) make('readiness');
      else s.ready = true;
    };
    if (spec.startupProbe) {
      s.started = false;
      make('startup');
      (s as ContainerSlot & { afterStartup?: () => void }).afterStartup = afterStartup;
    } else {
      afterStartup();
    }
  }

  private onProbe(
    spec: ContainerSpec,
    s: ContainerSlot,
    id: string,
    kind: ProbeKind,
    ok: boolean,
    message?: string,
  ): void {
    if (s.id !== id) return;
    if (kind === 'readiness') {
      s.ready = ok;
      if (!ok)
        void this.ctx.events?.event(
          this.pod,
          'Warning',
          'Unhealthy',
          'Probe',
          `Readiness probe failed: ${message ?? ''}`,
        );
      this.kickStatus();
      return;
    }
    if (kind === 'startup' && ok) {
      (s as ContainerSlot & { afterStartup?: () => void }).afterStartup?.();
      this.kick();
      return;
    }
    if (ok) return;
    const what = kind === 'liveness' ? 'liveness' : 'startup';
    void this.ctx.events?.event(
      this.pod,
      'Warning',
      'Unhealthy',
      'Probe',
      `${kind === 'liveness' ? 'Liveness' : 'Startup'} probe failed: ${message ?? ''}`,
    );
    void this.ctx.events?.event(
      this.pod,
      'Normal',
      'Killing',
      'Kill',
      `Container ${spec.name} failed ${what} probe, will be restarted`,
    );
    this.stopProbes(s);
    const probe = kind === 'liveness' ? spec.livenessProbe : spec.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    s.killing = true;
    void this.stopInstance(spec, id, grace).finally(() => {
      s.killing = false;
      this.kick();
    });
  }

  /** Runs preStop (bounded by the grace period), then stops the instance with what is left of it. */
  private async stopInstance(spec: ContainerSpec | undefined, id: string, graceSeconds: number): Promise<void> {
    const rt = this.ctx.runtime;
    const started = this.ctx.clock.now();
    if (spec?.lifecycle?.preStop && graceSeconds > 0) {
      const hook = runHandler(spec.lifecycle.preStop, rt, id, spec, this.podIPs[0] ?? '127.0.0.1', graceSeconds).catch(
        () => undefined,
      );
      await Promise.race([hook, new Promise((r) => setTimeout(r, graceSeconds * 1000))]);
    }
    const left = Math.max(0, graceSeconds - Math.floor((this.ctx.clock.now() - started) / 1000));
    await rt.stopContainer(id, left);
  }

  // ---- termination ----

  private async killAll(graceSeconds: number): Promise<void> {
    await Promise.all(
      [...this.slots.entries()].map(async ([name, s]) => {
        this.stopProbes(s);
        if (s.id && s.status?.state === 'CONTAINER_RUNNING') {
          const spec = this.allSpecs().find((c) => c.name === name);
          await this.stopInstance(spec, s.id, graceSeconds).catch((err) =>
            this.log.warn({ err, container: name }, 'stopping container failed'),
          );
        }
      }),
    );
  }

  /** A pod that reached Succeeded or Failed: stop what still runs and release the network. */
  private async finishTerminal(): Promise<void> {
    await this.refresh();
    await this.killAll(this.pod.spec.terminationGracePeriodSeconds ?? 30);
    if (this.sandboxId) await this.ctx.runtime.stopPodSandbox(this.sandboxId).catch(() => undefined);
    this.resync?.cancel();
  }

  /** Graceful termination: preStop, SIGTERM, grace period, SIGKILL; then removal and the API delete. */
  private terminate(): Promise<void> {
    this.terminating ??= this.doTerminate();
    return this.terminating;
  }

  private async doTerminate(): Promise<void> {
    const rt = this.ctx.runtime;
    const md = this.pod.metadata;
    const grace = md.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    await this.refresh().catch(() => undefined);
    const running = [...this.slots.values()].some((s) => s.status?.state === 'CONTAINER_RUNNING');
    if (running)
      for (const [name, s] of this.slots)
        if (s.status?.state === 'CONTAINER_RUNNING')
          void this.ctx.events?.event(this.pod, 'Normal', 'Killing', 'Kill', `Stopping container ${name}`);
    this.log.debug({ grace }, 'terminating pod');
    await this.killAll(grace);
    this.log.debug('containers stopped');
    if (this.finished) return; // the agent stopped meanwhile; a restarted agent finishes the job
    for (const id of [...this.oldSandboxes, ...(this.sandboxId ? [this.sandboxId] : [])])
      await rt.removePodSandbox(id).catch((err) => this.log.warn({ err }, 'removing sandbox failed'));
    for (const s of this.slots.values())
      for (const id of [s.id, s.previousId]) if (id) await rt.removeContainer(id).catch(() => undefined);
    await removePodDir(this.ctx.dataDir, this.uid).catch(() => undefined);
    this.ctx.backoff.forgetPrefix(`${this.uid}/`);
    if (!this.gone) {
      try {
        await this.ctx.client.delete(podsResource, md.name!, md.namespace, {
          gracePeriodSeconds: 0,
          preconditions: { uid: md.uid },
        });
      } catch (err) {
        if (
          !(err instanceof NotFoundError) &&
          !/Precondition failed|UID in precondition/i.test((err as Error).message)
        ) {
          this.terminating = undefined;
          throw err;
        }
      }
    }
    this.shutdown();
    this.ctx.onFinished(this.uid);
  }

  // ---- status ----

  private containerStatusV1(spec: ContainerSpec, init: boolean): ContainerStatusV1 | undefined {
    const s = this.slots.get(spec.name);
    const image = spec.image ?? '';
    if (!s || (!s.id && !s.waiting)) {
      return {
        name: spec.name,
        state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image,
        imageID: '',
        started: false,
      };
    }
    const terminated = (st: ContainerStatus | undefined) =>
      st && st.state === 'CONTAINER_EXITED'
        ? {
            terminated: {
              exitCode: st.exitCode ?? 0,
              reason: st.reason ?? ((st.exitCode ?? 0) === 0 ? 'Completed' : 'Error'),
              ...(st.message ? { message: st.message } : {}),
              startedAt: st.startedAt ? rfc3339(st.startedAt.getTime()) : undefined,
              finishedAt: st.finishedAt ? rfc3339(st.finishedAt.getTime()) : undefined,
              containerID: `docker://${st.id}`,
            },
          }
        : undefined;
    const st = s.status;
    let state: ContainerStatusV1['state'];
    let lastState: ContainerStatusV1['lastState'] = terminated(s.previousStatus) ?? {};
    if (s.waiting && (!st || st.state !== 'CONTAINER_RUNNING')) {
      state = { waiting: { reason: s.waiting.reason, ...(s.waiting.message ? { message: s.waiting.message } : {}) } };
      if (st && st.state === 'CONTAINER_EXITED') lastState = terminated(st) ?? lastState;
    } else if (st?.state === 'CONTAINER_RUNNING') {
      state = { running: { startedAt: st.startedAt ? rfc3339(st.startedAt.getTime()) : undefined } };
    } else if (st?.state === 'CONTAINER_EXITED') {
      state = terminated(st)!;
    } else {
      state = { waiting: { reason: 'ContainerCreating' } };
    }
    const running = st?.state === 'CONTAINER_RUNNING';
    return {
      name: spec.name,
      state,
      lastState,
      ready: running && s.ready && !s.killing,
      restartCount: Math.max(0, s.attempt),
      image,
      imageID: s.imageRef ? `docker://${s.imageRef}` : st?.imageRef ? `docker://${st.imageRef}` : '',
      ...(s.id ? { containerID: `docker://${s.id}` } : {}),
      started: running && s.started,
    };
  }

  private async report(failed?: { reason: string; message: string }): Promise<void> {
    if (this.finished) return;
    const pod = this.pod;
    // A waiting state computed last sync is replaced once the instance runs.
    for (const s of this.slots.values()) if (s.status?.state === 'CONTAINER_RUNNING') s.waiting = undefined;
    const initStatuses = (pod.spec.initContainers ?? [])
      .map((c) => this.containerStatusV1(c, true))
      .filter((x): x is ContainerStatusV1 => !!x);
    const statuses = pod.spec.containers
      .map((c) => this.containerStatusV1(c, false))
      .filter((x): x is ContainerStatusV1 => !!x);
    const base: PodV1 = { ...pod, status: this.lastStatus ?? pod.status };
    const status = buildPodStatus(base, {
      nowMs: this.ctx.clock.now(),
      hostIP: this.ctx.hostIP,
      podIPs: this.podIPs,
      sandboxReady: this.sandboxReady,
      startTimeMs: this.startTimeMs,
      initContainerStatuses: initStatuses,
      containerStatuses: statuses,
      failed,
    });
    status.qosClass = pod.status?.qosClass ?? qosClass(pod);
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    try {
      await this.ctx.client.patch(podsResource, pod.metadata.name!, { status }, 'merge', {
        namespace: pod.metadata.namespace,
        subresource: 'status',
      });
      this.lastStatusJson = json;
      this.lastStatus = status;
      if (status.phase === 'Succeeded' || status.phase === 'Failed') this.kick();
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
  }
}
