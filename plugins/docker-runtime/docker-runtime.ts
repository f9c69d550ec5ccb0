import Docker from 'dockerode';
import { Duplex, PassThrough, Readable, Writable } from 'node:stream';
import type { PodNetwork } from '../../sdk/cni/index.js';
import {
  ImagePullError,
  type AttachOptions,
  type Container,
  type ContainerConfig,
  type ContainerFilter,
  type ContainerRuntime,
  type ContainerState,
  type ContainerStats,
  type ContainerStatus,
  type ExecOptions,
  type ExecSyncOptions,
  type ExecSyncResult,
  type Image,
  type ImageImportSource,
  type LogChunk,
  type LogOptions,
  type Mount,
  type NamespaceOptions,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxFilter,
  type PodSandboxStatus,
  type RuntimeEvent,
  type RuntimeVersion,
  type StreamSession,
} from '../../sdk/cri/index.js';
import { readCgroupUsage } from './cgroup-stats.js';
import { kernelReportsOomKill } from './kernel-oom.js';
import { decodeLabels, encodeLabels, labelFilters, labelKeys, podFromLabels, safeName } from './labels.js';
import { LogDemuxer } from './log-demux.js';
import { detectArchiveFormat } from './tar-archive.js';

/** Default image of pod sandboxes (built by `ensureBusyboxImage`). */
export const defaultSandboxImage = 'capstan/busybox:latest';

/** How a `DockerRuntime` reaches its engine and what it owns. */
export interface DockerRuntimeOptions {
  /** Engine client; default the local socket. Leave its API version unset or at 1.41 on Docker 20.10. */
  readonly docker?: Docker;
  /**
   * Owner label value (the node name). The runtime lists and manages only containers carrying
   * it, so a new instance with the same owner adopts an earlier instance's containers.
   */
  readonly owner: string;
  /** Pod network used for sandboxes that do not use the node's network; loopback only without one. */
  readonly network?: PodNetwork;
  /** Image of the sandbox ("pause") container; default `capstan/busybox:latest`. */
  readonly sandboxImage?: string;
  /** Command of the sandbox container; default `sleep 2147483647` under the engine's init. */
  readonly sandboxCommand?: readonly string[];
  /** Where the cgroup filesystem is mounted; default `/sys/fs/cgroup`. */
  readonly cgroupRoot?: string;
  /** Interface name of the pod network; default `eth0`. */
  readonly ifName?: string;
}

type Inspect = Docker.ContainerInspectInfo;

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode;
}

function ignoreStatus(...codes: number[]) {
  return (err: unknown) => {
    const c = statusCode(err);
    if (c !== undefined && codes.includes(c)) return undefined;
    throw err;
  };
}

function parseDate(s: string | undefined): Date | undefined {
  if (!s || s.startsWith('0001-01-01')) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function containerState(state: string | undefined): ContainerState {
  switch (state) {
    case 'created':
      return 'CONTAINER_CREATED';
    case 'running':
    case 'paused':
    case 'restarting':
      return 'CONTAINER_RUNNING';
    case 'exited':
    case 'dead':
      return 'CONTAINER_EXITED';
    default:
      return 'CONTAINER_UNKNOWN';
  }
}

function splitReference(reference: string): { repo: string; tag: string } {
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon > slash) return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: 'latest' };
}

function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: Record<string, unknown>[]) => {
      if (err) return reject(err);
      const failed = output.find((o) => o['error'] || o['errorDetail']);
      if (failed)
        return reject(new Error(String(failed['error'] ?? (failed['errorDetail'] as { message?: string }).message)));
      resolve(output);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a readable fully. */
async function collect(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(parts);
}

/**
 * The container runtime on a Docker engine (through dockerode). A pod sandbox is a small
 * container started with no Docker network (`NetworkMode: none`) that holds the pod's network
 * namespace, which the pod network (CNI) then configures; app containers join its network and
 * IPC namespaces (`container:<sandbox>`), and its PID namespace when the pod shares processes.
 */
export class DockerRuntime implements ContainerRuntime {
  readonly docker: Docker;
  private readonly owner: string;
  private readonly sandboxImage: string;
  private readonly sandboxCommand: readonly string[];
  private readonly cgroupRoot: string;
  private readonly ifName: string;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.docker = options.docker ?? new Docker();
    this.owner = options.owner;
    this.sandboxImage = options.sandboxImage ?? defaultSandboxImage;
    this.sandboxCommand = options.sandboxCommand ?? ['sleep', '2147483647'];
    this.cgroupRoot = options.cgroupRoot ?? '/sys/fs/cgroup';
    this.ifName = options.ifName ?? 'eth0';
  }

  async version(): Promise<RuntimeVersion> {
    const v = await this.docker.version();
    return { runtimeName: 'docker', runtimeVersion: v.Version, runtimeApiVersion: v.ApiVersion };
  }

  // ---- sandboxes ----

  private async inspectOwned(id: string, kind: 'sandbox' | 'container'): Promise<Inspect | undefined> {
    const info = await this.docker.getContainer(id).inspect().catch(ignoreStatus(404));
    if (!info) return undefined;
    const l = info.Config.Labels ?? {};
    if (l[labelKeys.owner] !== this.owner || l[labelKeys.kind] !== kind) return undefined;
    return info;
  }

  private namespaceOptions(o: NamespaceOptions | undefined): Required<NamespaceOptions> {
    return { network: o?.network ?? 'POD', pid: o?.pid ?? 'CONTAINER', ipc: o?.ipc ?? 'POD' };
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const md = config.metadata;
    const ns = this.namespaceOptions(config.linux?.namespaceOptions);
    if (!(await this.imageStatus(this.sandboxImage))) {
      throw new Error(`sandbox image ${this.sandboxImage} is not present`);
    }
    const internal = {
      [labelKeys.owner]: this.owner,
      [labelKeys.kind]: 'sandbox',
      [labelKeys.podName]: md.name,
      [labelKeys.podNamespace]: md.namespace,
      [labelKeys.podUid]: md.uid,
      [labelKeys.sandboxAttempt]: String(md.attempt),
      [labelKeys.networkMode]: ns.network,
      [labelKeys.pidMode]: ns.pid,
      [labelKeys.ipcMode]: ns.ipc,
    };
    const hostNetwork = ns.network === 'NODE';
    const created = await this.docker.createContainer({
      name: safeName('k8s', 'POD', md.name, md.namespace, md.uid, md.attempt),
      Image: this.sandboxImage,
      Cmd: [...this.sandboxCommand],
      Hostname: hostNetwork ? undefined : (config.hostname ?? md.name),
      Labels: encodeLabels(internal, config.labels, config.annotations),
      HostConfig: {
        NetworkMode: hostNetwork ? 'host' : 'none',
        IpcMode: ns.ipc === 'NODE' ? 'host' : 'shareable',
        PidMode: ns.pid === 'NODE' ? 'host' : undefined,
        Init: true,
        CgroupParent: config.linux?.cgroupParent,
        Sysctls: config.linux?.sysctls ? { ...config.linux.sysctls } : undefined,
        Dns: hostNetwork ? undefined : config.dnsConfig?.servers ? [...config.dnsConfig.servers] : undefined,
        DnsSearch: hostNetwork ? undefined : config.dnsConfig?.searches ? [...config.dnsConfig.searches] : undefined,
        DnsOptions: hostNetwork ? undefined : config.dnsConfig?.options ? [...config.dnsConfig.options] : undefined,
        RestartPolicy: { Name: 'no' },
      },
    });
    try {
      await created.start();
      if (!hostNetwork && this.options.network) {
        const info = await created.inspect();
        await this.options.network.setUp({
          containerId: created.id,
          netnsPath: `/proc/${info.State.Pid}/ns/net`,
          ifName: this.ifName,
          podName: md.name,
          podNamespace: md.namespace,
          podUid: md.uid,
          capabilityArgs: config.portMappings?.length
            ? {
                portMappings: config.portMappings
                  .filter((p) => p.hostPort)
                  .map((p) => ({
                    hostPort: p.hostPort,
                    containerPort: p.containerPort,
                    protocol: (p.protocol ?? 'TCP').toLowerCase(),
                    hostIP: p.hostIp ?? '',
                  })),
              }
            : undefined,
        });
      }
    } catch (err) {
      await created.remove({ force: true }).catch(() => undefined);
      throw err;
    }
    return created.id;
  }

  private netnsOf(info: Inspect): string | undefined {
    return info.State.Running && info.State.Pid ? `/proc/${info.State.Pid}/ns/net` : undefined;
  }

  private async tearDownNetwork(info: Inspect): Promise<void> {
    const l = info.Config.Labels ?? {};
    if (!this.options.network || l[labelKeys.networkMode] === 'NODE') return;
    const pod = podFromLabels(l);
    await this.options.network.tearDown({
      containerId: info.Id,
      netnsPath: this.netnsOf(info),
      ifName: this.ifName,
      podName: pod.name,
      podNamespace: pod.namespace,
      podUid: pod.uid,
    });
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const info = await this.inspectOwned(podSandboxId, 'sandbox');
    if (!info) return;
    for (const c of await this.listContainers({ podSandboxId: info.Id })) {
      if (c.state === 'CONTAINER_RUNNING') await this.stopContainer(c.id, 0);
    }
    await this.tearDownNetwork(info);
    await this.docker.getContainer(info.Id).stop({ t: 10 }).catch(ignoreStatus(304, 404));
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    const info = await this.inspectOwned(podSandboxId, 'sandbox');
    if (!info) return;
    for (const c of await this.listContainers({ podSandboxId: info.Id })) await this.removeContainer(c.id);
    await this.tearDownNetwork(info);
    await this.docker.getContainer(info.Id).remove({ force: true, v: true }).catch(ignoreStatus(404, 409));
  }

  private sandboxFromLabels(id: string, labels: Record<string, string>, running: boolean, createdAt: Date): PodSandbox {
    const { labels: user, annotations } = decodeLabels(labels);
    return {
      id,
      metadata: podFromLabels(labels),
      state: running ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
      createdAt,
      labels: user,
      annotations,
    };
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus | undefined> {
    const info = await this.inspectOwned(podSandboxId, 'sandbox');
    if (!info) return undefined;
    const l = info.Config.Labels ?? {};
    const base = this.sandboxFromLabels(info.Id, l, info.State.Running, new Date(info.Created));
    let ips: readonly string[] = [];
    if (this.options.network && l[labelKeys.networkMode] !== 'NODE') {
      ips = (await this.options.network.status(info.Id, this.ifName))?.ips ?? [];
    }
    return {
      ...base,
      network: { ip: ips[0], additionalIps: ips.slice(1) },
      namespaceOptions: {
        network: (l[labelKeys.networkMode] as 'POD' | 'NODE') ?? 'POD',
        pid: (l[labelKeys.pidMode] as 'POD' | 'CONTAINER' | 'NODE') ?? 'CONTAINER',
        ipc: (l[labelKeys.ipcMode] as 'POD' | 'NODE') ?? 'POD',
      },
      pid: info.State.Running ? info.State.Pid : undefined,
    };
  }

  private ownerFilters(kind: 'sandbox' | 'container', extra: Record<string, string> = {}): string[] {
    return labelFilters({ [labelKeys.owner]: this.owner, [labelKeys.kind]: kind, ...extra });
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    const list = await this.docker.listContainers({
      all: true,
      filters: {
        label: this.ownerFilters('sandbox', filter.labelSelector ?? {}),
        ...(filter.id ? { id: [filter.id] } : {}),
      },
    });
    return list
      .map((c) => this.sandboxFromLabels(c.Id, c.Labels, c.State === 'running', new Date(c.Created * 1000)))
      .filter((s) => !filter.state || s.state === filter.state)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  // ---- containers ----

  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<string> {
    const sandbox = await this.inspectOwned(podSandboxId, 'sandbox');
    if (!sandbox) throw new Error(`pod sandbox ${podSandboxId} not found`);
    if (!(await this.imageStatus(config.image))) throw new Error(`image ${config.image} is not present`);
    const sl = sandbox.Config.Labels ?? {};
    const md = sandboxConfig.metadata;
    const internal = {
      [labelKeys.owner]: this.owner,
      [labelKeys.kind]: 'container',
      [labelKeys.podName]: md.name,
      [labelKeys.podNamespace]: md.namespace,
      [labelKeys.podUid]: md.uid,
      [labelKeys.sandboxAttempt]: String(md.attempt),
      [labelKeys.sandboxId]: sandbox.Id,
      [labelKeys.containerName]: config.metadata.name,
      [labelKeys.containerAttempt]: String(config.metadata.attempt),
      [labelKeys.image]: config.image,
    };
    const r = config.linux?.resources ?? {};
    const sc = config.linux?.securityContext ?? {};
    const pidMode = sl[labelKeys.pidMode];
    const user =
      sc.runAsUser !== undefined
        ? `${sc.runAsUser}${sc.runAsGroup !== undefined ? `:${sc.runAsGroup}` : ''}`
        : undefined;
    const created = await this.docker.createContainer({
      name: safeName('k8s', config.metadata.name, md.name, md.namespace, md.uid, config.metadata.attempt),
      Image: config.image,
      Entrypoint: config.command?.length ? [...config.command] : undefined,
      Cmd: config.args?.length ? [...config.args] : undefined,
      WorkingDir: config.workingDir,
      Env: config.envs?.map((e) => `${e.key}=${e.value}`),
      User: user,
      Labels: encodeLabels(internal, config.labels, config.annotations),
      OpenStdin: config.stdin ?? false,
      StdinOnce: config.stdinOnce ?? false,
      AttachStdin: config.stdin ?? false,
      Tty: config.tty ?? false,
      StopSignal: config.stopSignal,
      HostConfig: {
        NetworkMode: `container:${sandbox.Id}`,
        IpcMode: sl[labelKeys.ipcMode] === 'NODE' ? 'host' : `container:${sandbox.Id}`,
        PidMode: pidMode === 'NODE' ? 'host' : pidMode === 'POD' ? `container:${sandbox.Id}` : undefined,
        Binds: config.mounts?.map(
          (m) =>
            `${m.hostPath}:${m.containerPath}:${m.readonly ? 'ro' : 'rw'}${m.propagation && m.propagation !== 'private' ? `,${m.propagation}` : ''}`,
        ),
        CpuShares: r.cpuShares || undefined,
        CpuPeriod: r.cpuPeriod || undefined,
        CpuQuota: r.cpuQuota || undefined,
        Memory: r.memoryLimitInBytes || undefined,
        // No swap above the limit (Kubernetes' NoSwap behaviour), so a limit is a hard limit.
        MemorySwap: r.memoryLimitInBytes || undefined,
        OomScoreAdj: r.oomScoreAdj,
        Privileged: sc.privileged ?? false,
        ReadonlyRootfs: sc.readonlyRootfs ?? false,
        CapAdd: sc.capabilities?.add ? [...sc.capabilities.add] : undefined,
        CapDrop: sc.capabilities?.drop ? [...sc.capabilities.drop] : undefined,
        CgroupParent: sandboxConfig.linux?.cgroupParent,
        RestartPolicy: { Name: 'no' },
      },
    });
    return created.id;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.docker.getContainer(containerId).start();
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    await this.docker
      .getContainer(containerId)
      .stop({ t: Math.max(0, Math.floor(timeoutSeconds)) })
      .catch(ignoreStatus(304, 404));
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.docker.getContainer(containerId).remove({ force: true, v: true }).catch(ignoreStatus(404, 409));
  }

  private containerFrom(
    id: string,
    labels: Record<string, string>,
    state: ContainerState,
    createdAt: Date,
    imageRef: string,
  ): Container {
    const { labels: user, annotations } = decodeLabels(labels);
    return {
      id,
      podSandboxId: labels[labelKeys.sandboxId] ?? '',
      metadata: {
        name: labels[labelKeys.containerName] ?? '',
        attempt: Number(labels[labelKeys.containerAttempt] ?? 0),
      },
      image: labels[labelKeys.image] ?? '',
      imageRef,
      state,
      createdAt,
      labels: user,
      annotations,
    };
  }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    const extra: Record<string, string> = { ...(filter.labelSelector ?? {}) };
    if (filter.podSandboxId) extra[labelKeys.sandboxId] = filter.podSandboxId;
    const list = await this.docker.listContainers({
      all: true,
      filters: { label: this.ownerFilters('container', extra), ...(filter.id ? { id: [filter.id] } : {}) },
    });
    return list
      .map((c) => this.containerFrom(c.Id, c.Labels, containerState(c.State), new Date(c.Created * 1000), c.ImageID))
      .filter((c) => !filter.state || c.state === filter.state)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async containerStatus(containerId: string): Promise<ContainerStatus | undefined> {
    let info = await this.inspectOwned(containerId, 'container');
    if (!info) return undefined;
    // The engine records an OOM kill from a separate event that can land just after the exit:
    // for a fresh SIGKILL exit of a memory-limited container, give that event a moment.
    for (let i = 0; i < 10 && this.mayAwaitOomFlag(info); i++) {
      await sleep(100);
      info = (await this.inspectOwned(containerId, 'container')) ?? info;
    }
    const s = info.State;
    const state = containerState(s.Status);
    const base = this.containerFrom(info.Id, info.Config.Labels ?? {}, state, new Date(info.Created), info.Image);
    let reason: string | undefined;
    let exitCode: number | undefined;
    if (s.Error) reason = 'ContainerCannotRun';
    else if (state === 'CONTAINER_EXITED') {
      exitCode = s.ExitCode;
      const oomKilled =
        s.OOMKilled || (s.ExitCode === 137 && (info.HostConfig.Memory ?? 0) > 0 && kernelReportsOomKill(info.Id));
      reason = oomKilled ? 'OOMKilled' : s.ExitCode === 0 ? 'Completed' : 'Error';
    }
    if (s.Error) exitCode = s.ExitCode;
    const mounts: Mount[] = (info.Mounts ?? [])
      .filter((m) => m.Type === 'bind')
      .map((m) => ({ containerPath: m.Destination, hostPath: m.Source, readonly: !m.RW }));
    return {
      ...base,
      startedAt: parseDate(s.StartedAt),
      finishedAt: state === 'CONTAINER_EXITED' ? parseDate(s.FinishedAt) : undefined,
      exitCode,
      reason,
      message: s.Error || undefined,
      mounts,
      pid: s.Running ? s.Pid : undefined,
    };
  }

  // ---- logs and streams ----

  private mayAwaitOomFlag(info: Inspect): boolean {
    const s = info.State;
    if (s.Running || s.OOMKilled || s.ExitCode !== 137 || !(info.HostConfig.Memory ?? 0)) return false;
    const finished = parseDate(s.FinishedAt);
    return finished !== undefined && Date.now() - finished.getTime() < 1000;
  }

  async *containerLogs(containerId: string, options: LogOptions = {}, signal?: AbortSignal): AsyncIterable<LogChunk> {
    const container = this.docker.getContainer(containerId);
    const info = await container.inspect();
    const wanted = new Set(options.streams ?? ['stdout', 'stderr']);
    if (options.tailLines === 0 && !options.follow) return;
    const params = {
      stdout: wanted.has('stdout'),
      stderr: wanted.has('stderr'),
      timestamps: options.timestamps ?? false,
      tail: options.tailLines === undefined ? 'all' : options.tailLines,
      since: options.since ? options.since.getTime() / 1000 : 0,
    };
    const tty = info.Config.Tty;
    const pick = (chunks: LogChunk[]) => chunks.filter((c) => wanted.has(c.stream));
    if (!options.follow) {
      const buf = (await container.logs({ ...params, follow: false } as Docker.ContainerLogsOptions & {
        follow: false;
      })) as Buffer;
      if (tty) yield { stream: 'stdout', data: buf };
      else yield* pick(new LogDemuxer().push(buf));
      return;
    }
    const stream = (await container.logs({
      ...params,
      follow: true,
      abortSignal: signal,
    } as Docker.ContainerLogsOptions & {
      follow: true;
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    const onAbort = () => stream.destroy?.();
    signal?.addEventListener('abort', onAbort, { once: true });
    const demux = new LogDemuxer();
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (signal?.aborted) return;
        if (tty) yield { stream: 'stdout', data: chunk };
        else yield* pick(demux.push(chunk));
      }
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stream.destroy?.();
    }
  }

  private session(
    raw: Duplex,
    tty: boolean,
    withStdin: boolean,
    resize: (size: { h: number; w: number }) => Promise<unknown>,
    exitCode: () => Promise<number | undefined>,
  ): StreamSession {
    const stdout = new PassThrough();
    const stderr = tty ? undefined : new PassThrough();
    if (tty) raw.pipe(stdout);
    else {
      const demux = new LogDemuxer();
      raw.on('data', (d: Buffer) => {
        for (const c of demux.push(d)) (c.stream === 'stderr' ? stderr! : stdout).write(c.data);
      });
    }
    let closed = false;
    const finished = new Promise<void>((resolve) => {
      const done = () => {
        if (closed) return;
        closed = true;
        if (!tty) stdout.end();
        stderr?.end();
        resolve();
      };
      raw.once('end', done);
      raw.once('close', done);
      raw.once('error', done);
    });
    const stdin = withStdin
      ? new Writable({
          write(chunk, _enc, cb) {
            raw.write(chunk, cb);
          },
          final(cb) {
            // Half-close: the engine then closes the process's stdin.
            raw.end();
            cb();
          },
        })
      : undefined;
    return {
      stdin,
      stdout,
      stderr,
      tty,
      resize: async (size) => {
        if (tty) await resize({ h: size.height, w: size.width });
      },
      exit: finished.then(async () => ({ exitCode: await exitCode() })),
      close: () => raw.destroy(),
    };
  }

  async exec(containerId: string, options: ExecOptions): Promise<StreamSession> {
    const container = this.docker.getContainer(containerId);
    const exec = await container.exec({
      Cmd: [...options.cmd],
      AttachStdin: options.stdin ?? false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: options.tty ?? false,
      Env: options.env?.map((e) => `${e.key}=${e.value}`),
      WorkingDir: options.workingDir,
      User: options.user,
    });
    const raw = (await exec.start({
      hijack: true,
      stdin: options.stdin ?? false,
      Tty: options.tty ?? false,
    })) as Duplex;
    return this.session(
      raw,
      options.tty ?? false,
      options.stdin ?? false,
      (s) => exec.resize(s),
      async () => {
        for (let i = 0; i < 50; i++) {
          const info = await exec.inspect();
          if (!info.Running) return info.ExitCode ?? undefined;
          await sleep(20);
        }
        return undefined;
      },
    );
  }

  async execSync(containerId: string, cmd: readonly string[], options: ExecSyncOptions = {}): Promise<ExecSyncResult> {
    const session = await this.exec(containerId, { cmd, stdin: options.stdin !== undefined });
    if (session.stdin) session.stdin.end(options.stdin);
    const outputs = Promise.all([collect(session.stdout), collect(session.stderr)]);
    const timeoutMs = (options.timeoutSeconds ?? 0) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut =
      timeoutMs > 0
        ? new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), timeoutMs);
          })
        : new Promise<never>(() => undefined);
    const outcome = await Promise.race([session.exit, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      session.close();
      const [stdout, stderr] = await outputs;
      return { exitCode: undefined, stdout, stderr, timedOut: true };
    }
    const [stdout, stderr] = await outputs;
    return { exitCode: outcome.exitCode, stdout, stderr, timedOut: false };
  }

  async attach(containerId: string, options: AttachOptions): Promise<StreamSession> {
    const container = this.docker.getContainer(containerId);
    const info = await container.inspect();
    const raw = (await container.attach({
      stream: true,
      hijack: true,
      stdin: options.stdin ?? false,
      stdout: options.stdout ?? true,
      stderr: options.stderr ?? true,
    })) as unknown as Duplex;
    return this.session(
      raw,
      info.Config.Tty,
      options.stdin ?? false,
      (s) => container.resize(s),
      async () => {
        const after = await container.inspect().catch(() => undefined);
        return after && !after.State.Running ? after.State.ExitCode : undefined;
      },
    );
  }

  async portForward(podSandboxId: string, port: number): Promise<Duplex> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port ${port}`);
    const sandbox = await this.inspectOwned(podSandboxId, 'sandbox');
    if (!sandbox?.State.Running) throw new Error(`pod sandbox ${podSandboxId} is not running`);
    const session = await this.exec(sandbox.Id, { cmd: ['nc', '127.0.0.1', String(port)], stdin: true });
    return Duplex.from({ writable: session.stdin!, readable: session.stdout });
  }

  async containerStats(containerId: string): Promise<ContainerStats | undefined> {
    const info = await this.inspectOwned(containerId, 'container');
    if (!info?.State.Running) return undefined;
    const parent = (info.HostConfig.CgroupParent || '/docker').replace(/^\/+/, '');
    const usage = await readCgroupUsage(this.cgroupRoot, `${parent}/${info.Id}`);
    if (usage) {
      return {
        containerId: info.Id,
        timestamp: new Date(),
        cpu: { usageCoreNanoSeconds: usage.cpuNanos },
        memory: { usageBytes: usage.memoryUsage, workingSetBytes: usage.workingSet, rssBytes: usage.rss },
      };
    }
    const s = (await this.docker.getContainer(info.Id).stats({ stream: false })) as Docker.ContainerStats;
    const mem = s.memory_stats;
    const inactive = mem.stats?.total_inactive_file ?? 0;
    return {
      containerId: info.Id,
      timestamp: new Date(s.read),
      cpu: { usageCoreNanoSeconds: s.cpu_stats.cpu_usage.total_usage },
      memory: {
        usageBytes: mem.usage,
        workingSetBytes: Math.max(0, mem.usage - inactive),
        rssBytes: mem.stats?.total_rss,
      },
    };
  }

  // ---- images ----

  async listImages(): Promise<Image[]> {
    const list = await this.docker.listImages();
    return list.map((i) => ({
      id: i.Id,
      repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      sizeBytes: i.Size,
    }));
  }

  async imageStatus(reference: string): Promise<Image | undefined> {
    const info = await this.docker.getImage(reference).inspect().catch(ignoreStatus(404));
    return info ? { id: info.Id, repoTags: info.RepoTags ?? [], sizeBytes: info.Size } : undefined;
  }

  async importImage(source: ImageImportSource): Promise<Image> {
    let format = source.format ?? 'auto';
    if (format === 'auto') {
      if (typeof source.source !== 'string') throw new Error('format "auto" needs a file path');
      format = await detectArchiveFormat(source.source);
    }
    if (format === 'rootfs') {
      if (!source.reference) throw new Error('a rootfs import needs a reference (repo:tag)');
      const { repo, tag } = splitReference(source.reference);
      const changes = source.cmd?.length ? [`CMD ${JSON.stringify(source.cmd)}`] : undefined;
      const stream = await this.docker.importImage(source.source as string | NodeJS.ReadableStream, {
        repo,
        tag,
        ...(changes ? { changes } : {}),
      });
      await followProgress(this.docker, stream);
      const image = await this.imageStatus(`${repo}:${tag}`);
      if (!image) throw new Error(`import of ${source.reference} produced no image`);
      return image;
    }
    const stream = await this.docker.loadImage(source.source as string | NodeJS.ReadableStream, { quiet: true });
    const output = await followProgress(this.docker, stream);
    const loaded = output
      .map((o) => String(o['stream'] ?? ''))
      .map((line) => /Loaded image(?: ID)?: (\S+)/.exec(line)?.[1])
      .filter((x): x is string => !!x);
    if (loaded.length === 0) throw new Error('the archive held no image');
    if (source.reference) {
      const { repo, tag } = splitReference(source.reference);
      await this.docker.getImage(loaded[0]!).tag({ repo, tag });
      return (await this.imageStatus(`${repo}:${tag}`))!;
    }
    const image = await this.imageStatus(loaded[0]!);
    if (!image) throw new Error(`loaded image ${loaded[0]} not found`);
    return image;
  }

  async pullImage(reference: string): Promise<Image> {
    try {
      const { repo, tag } = splitReference(reference);
      const stream = await this.docker.pull(`${repo}:${tag}`);
      await followProgress(this.docker, stream);
    } catch (err) {
      throw new ImagePullError(reference, `failed to pull image "${reference}": ${(err as Error).message}`);
    }
    const image = await this.imageStatus(reference);
    if (!image) throw new ImagePullError(reference, `image "${reference}" not present after pull`);
    return image;
  }

  async removeImage(reference: string): Promise<void> {
    await this.docker.getImage(reference).remove().catch(ignoreStatus(404));
  }

  // ---- events ----

  async *events(signal: AbortSignal, options: { readonly since?: Date } = {}): AsyncIterable<RuntimeEvent> {
    if (signal.aborted) return;
    const stream = (await this.docker.getEvents({
      filters: {
        type: ['container'],
        event: ['create', 'start', 'die', 'destroy'],
        label: [`${labelKeys.owner}=${this.owner}`],
      },
      ...(options.since ? { since: options.since.getTime() / 1000 } : {}),
      abortSignal: signal,
    } as Docker.GetEventsOptions)) as NodeJS.ReadableStream & { destroy?: () => void };
    const onAbort = () => stream.destroy?.();
    signal.addEventListener('abort', onAbort, { once: true });
    const types: Record<string, RuntimeEvent['type']> = {
      create: 'created',
      start: 'started',
      die: 'stopped',
      destroy: 'deleted',
    };
    let pending = '';
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending += chunk.toString();
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          const e = JSON.parse(line) as {
            Action: string;
            id?: string;
            Actor: { ID: string; Attributes: Record<string, string> };
            timeNano?: number;
            time?: number;
          };
          const type = types[e.Action];
          const attrs = e.Actor?.Attributes ?? {};
          if (!type || attrs[labelKeys.owner] !== this.owner) continue;
          const kind = attrs[labelKeys.kind] === 'sandbox' ? 'sandbox' : 'container';
          const id = e.Actor.ID;
          const exit = attrs['exitCode'];
          yield {
            type,
            kind,
            id,
            podSandboxId: kind === 'sandbox' ? id : (attrs[labelKeys.sandboxId] ?? ''),
            pod: podFromLabels(attrs),
            containerName: kind === 'container' ? attrs[labelKeys.containerName] : undefined,
            exitCode: type === 'stopped' && exit !== undefined ? Number(exit) : undefined,
            at: e.timeNano ? new Date(Math.floor(e.timeNano / 1e6)) : new Date((e.time ?? 0) * 1000),
          };
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      stream.destroy?.();
    }
  }
}
