import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DockerRuntime, ensureBusyboxImage } from '../plugins/docker-runtime/index.js';
import type { KubeObject } from '../sdk/api/kube-object.js';
import { builtin } from '../sdk/builtin-resources.js';
import { HttpKubeClient } from '../sdk/client/http-kube-client.js';
import { cleanNodeHost, nodeAgentHostReady, startBenchNode, type BenchNode } from './pod-startup-node.js';

/**
 * `npm run bench -- pod-startup`: pod startup latency on the real node agent against plain
 * `docker run` of the same container, in the same run.
 *
 * The control plane runs in-process as `capstan up` has it (SQLite store, scheduler, node agent on
 * the Docker engine, pod network through the reference CNI bridge/host-local plugins) on a
 * bench-owned bridge and /24. 50 pods of `capstan/busybox` (imagePullPolicy Never; the image is
 * built first when missing) running `httpd` with an httpGet readiness probe (period 1 s) are
 * created through the API server, at most 10 starting at a time (a worker creates a pod and waits
 * until it is Running before creating the next), then all 50 at once. For each pod the bench takes
 * the time before its create call and the times it sees phase Running and condition Ready=True on
 * its own watch, as the Kubernetes pod startup SLO measures (creation to all containers started,
 * observed via watch, excluding image pull: <= 5 s at p99).
 *
 * The peer is the same container started with `docker run -d` semantics through dockerode (create
 * + start of the same image and command on Docker's default bridge network, no CNI), with the same
 * concurrency, timed from before the create to the return of start (the container is running).
 * For reference it also times the floor of the sandbox model on this engine: the sandbox and app
 * containers of a pod created and started directly through dockerode (no CNI, API or agent).
 * Everything the bench creates (pods, containers, the bridge, iptables rules, IPAM state) is
 * removed at the end, also on failure or Ctrl-C.
 *
 * Environment: BENCH_PODS (50), BENCH_CONCURRENCY (10), BENCH_ALL_AT_ONCE (1; 0 skips that
 * round), BENCH_LOG (pino level of the control plane, to stderr).
 */

const GOAL = 'p99 < 1000 ms, p50 within 1.5x of docker run';
const SLO_P99_MS = 5000;
const IMAGE = 'capstan/busybox';
const COMMAND = ['httpd', '-f', '-p', '8080', '-h', '/www'];
const NAMESPACE = 'pod-startup-bench';
const WAIT_MS = 120_000;

function say(line: string): void {
  process.stderr.write(line + '\n');
}

/** Nearest-rank percentile (p99 of 50 samples is the largest). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const ms = (x: number) => Math.round(x);

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

interface PodPhase {
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

/** Per-pod times seen on the watch, relative to the bench's own clock (performance.now()). */
interface Tracked {
  createdAt: number;
  running?: number;
  ready?: number;
  gone?: number;
  waiters: Array<() => void>;
}

/** One watch on the bench namespace; resolves per-pod milestones as events arrive. */
class PodTracker {
  private readonly pods = new Map<string, Tracked>();
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  failure?: Error;

  constructor(private readonly client: HttpKubeClient) {}

  async start(): Promise<void> {
    const list = await this.client.list(builtin.pods, { namespace: NAMESPACE });
    this.loop = this.watch(list.metadata.resourceVersion);
  }

  private async watch(resourceVersion: string | undefined): Promise<void> {
    let rv = resourceVersion;
    while (!this.abort.signal.aborted) {
      try {
        for await (const ev of this.client.watch(builtin.pods, {
          namespace: NAMESPACE,
          resourceVersion: rv,
          signal: this.abort.signal,
        })) {
          const now = performance.now();
          rv = ev.object.metadata.resourceVersion ?? rv;
          const t = this.pods.get(ev.object.metadata.name ?? '');
          if (!t) continue;
          if (ev.type === 'DELETED') t.gone ??= now;
          const st = (ev.object as PodPhase).status;
          if (st?.phase === 'Running') t.running ??= now;
          if (st?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) t.ready ??= now;
          for (const w of t.waiters.splice(0)) w();
        }
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.failure = err as Error;
        say(`  watch broke (${(err as Error).message}); re-watching from the last event`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  track(name: string, createdAt: number): Tracked {
    const t: Tracked = { createdAt, waiters: [] };
    this.pods.set(name, t);
    return t;
  }

  get(name: string): Tracked | undefined {
    return this.pods.get(name);
  }

  /** Waits until `done(t)` holds for the pod, or throws after WAIT_MS. */
  async until(name: string, what: string, done: (t: Tracked) => boolean): Promise<Tracked> {
    const t = this.pods.get(name)!;
    const deadline = performance.now() + WAIT_MS;
    while (!done(t)) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`pod ${name} did not become ${what} within ${WAIT_MS / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        t.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return t;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.catch(() => undefined);
  }
}

function podManifest(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'pod-startup-bench' } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'web',
          image: IMAGE,
          imagePullPolicy: 'Never',
          command: COMMAND,
          ports: [{ containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
        },
      ],
    },
  } as KubeObject;
}

interface RoundResult {
  runningMs: number[];
  readyMs: number[];
  wallMs: number;
}

/** Creates `n` pods with at most `concurrency` starting at a time, then deletes them and waits until they are gone. */
async function podRound(
  client: HttpKubeClient,
  tracker: PodTracker,
  prefix: string,
  n: number,
  concurrency: number,
): Promise<RoundResult> {
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const started = performance.now();
  try {
    await pool(n, concurrency, async (i) => {
      const name = names[i]!;
      tracker.track(name, performance.now());
      await client.create(builtin.pods, podManifest(name) as never);
      await tracker.until(name, 'Running', (t) => t.running !== undefined);
    });
    await Promise.all(names.map((name) => tracker.until(name, 'Ready', (t) => t.ready !== undefined)));
    const wallMs = performance.now() - started;
    const ts = names.map((name) => tracker.get(name)!);
    return {
      runningMs: ts.map((t) => t.running! - t.createdAt),
      readyMs: ts.map((t) => t.ready! - t.createdAt),
      wallMs,
    };
  } finally {
    await deletePods(client, tracker, names);
  }
}

/** Deletes the pods (the agent stops their containers and releases their IPs) and waits until they are gone. */
async function deletePods(client: HttpKubeClient, tracker: PodTracker, names: string[]): Promise<void> {
  await Promise.all(names.map((name) => client.delete(builtin.pods, name, NAMESPACE).catch(() => undefined)));
  await Promise.all(
    names
      .filter((name) => tracker.get(name))
      .map((name) => tracker.until(name, 'deleted', (t) => t.gone !== undefined).catch(() => undefined)),
  );
}

/**
 * `docker run -d` of the same image and command through dockerode, `n` times with the same
 * concurrency. With `asPod`, each run is instead the two containers a pod is made of, as the
 * Docker runtime creates them but without CNI, API server or agent: a sandbox with no network
 * (`sleep` under Docker's init, shareable IPC) and the app container joined to its network and
 * IPC namespaces; the floor of the sandbox model on this engine.
 */
async function dockerRound(
  docker: Docker,
  label: string,
  n: number,
  concurrency: number,
  asPod = false,
): Promise<RoundResult> {
  const runningMs: number[] = [];
  const started = performance.now();
  const Labels = { 'io.capstan.bench': label };
  try {
    await pool(n, concurrency, async () => {
      const t0 = performance.now();
      let HostConfig: Docker.HostConfig = {};
      if (asPod) {
        const sandbox = await docker.createContainer({
          Image: `${IMAGE}:latest`,
          Cmd: ['sleep', '2147483647'],
          Labels,
          HostConfig: { NetworkMode: 'none', IpcMode: 'shareable', Init: true },
        });
        await sandbox.start();
        HostConfig = { NetworkMode: `container:${sandbox.id}`, IpcMode: `container:${sandbox.id}` };
      }
      const c = await docker.createContainer({ Image: `${IMAGE}:latest`, Cmd: COMMAND, Labels, HostConfig });
      await c.start();
      runningMs.push(performance.now() - t0);
    });
    return { runningMs, readyMs: [], wallMs: performance.now() - started };
  } finally {
    await removeDockerPeers(docker, label);
  }
}

async function removeDockerPeers(docker: Docker, label: string): Promise<void> {
  const list = await docker
    .listContainers({ all: true, filters: { label: [`io.capstan.bench=${label}`] } })
    .catch(() => []);
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

function line(label: string, values: readonly number[]): string {
  return `${label} p50 ${ms(percentile(values, 50))} ms, p99 ${ms(percentile(values, 99))} ms (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))})`;
}

/** Runs the benchmark; returns the JSON line's fields. */
export async function runPodStartupBench(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_PODS ?? 50);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
  const allAtOnce = process.env.BENCH_ALL_AT_ONCE !== '0';
  if (!(await nodeAgentHostReady()))
    throw new Error('pod-startup needs root, a Docker engine, iptables and the CNI plugins in /usr/lib/cni');
  const docker = new Docker();
  const peerLabel = `pod-startup-${randomBytes(3).toString('hex')}`;
  await ensureBusyboxImage(new DockerRuntime({ docker, owner: peerLabel }));

  say('pod-startup: starting the control plane with the node agent (SQLite store, CNI bridge)');
  let bench: BenchNode | undefined;
  let client: HttpKubeClient | undefined;
  let tracker: PodTracker | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      if (client && tracker) {
        const left = await client.list(builtin.pods, { namespace: NAMESPACE }).catch(() => ({ items: [] }));
        if (left.items.length) {
          say(`pod-startup: deleting ${left.items.length} remaining pods`);
          const names = left.items.map((p) => p.metadata.name!);
          for (const name of names) if (!tracker.get(name)) tracker.track(name, performance.now());
          await deletePods(client, tracker, names);
        }
      }
      await tracker?.stop();
      client?.close();
      await bench?.plane.stop().catch((err) => say(`pod-startup: stopping the control plane: ${err}`));
      await removeDockerPeers(docker, peerLabel);
      if (bench) await cleanNodeHost(bench.node);
    })());
  const onSignal = (sig: NodeJS.Signals) => {
    say(`pod-startup: ${sig}; cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    bench = await startBenchNode();
    client = await HttpKubeClient.fromKubeconfig(bench.plane.kubeconfigPath);
    for (;;) {
      const node = await client.get(builtin.nodes, bench.node.name).catch(() => undefined);
      const conditions = (node as { status?: { conditions?: Array<{ type: string; status: string }> } } | undefined)
        ?.status?.conditions;
      if (conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.create(builtin.namespaces, { metadata: { name: NAMESPACE } } as never);
    tracker = new PodTracker(client);
    await tracker.start();

    say('pod-startup: warm-up (3 pods, 3 docker runs, not counted)');
    await podRound(client, tracker, 'warmup', 3, 3);
    await dockerRound(docker, peerLabel, 3, 3);

    say(`pod-startup: ${n} pods through the API server, ${concurrency} at a time`);
    const pods = await podRound(client, tracker, 'c', n, concurrency);
    say(line('  create -> Running', pods.runningMs));
    say(line('  create -> Ready  ', pods.readyMs));
    say(`  all ${n} Ready after ${(pods.wallMs / 1000).toFixed(1)} s`);

    say(`pod-startup: ${n} x docker run (create + start) through dockerode, ${concurrency} at a time`);
    const peer = await dockerRound(docker, peerLabel, n, concurrency);
    say(line('  create -> running', peer.runningMs));
    say(`  all ${n} running after ${(peer.wallMs / 1000).toFixed(1)} s`);

    say(`pod-startup: the floor of a pod on this engine: ${n} x (sandbox + app container) through dockerode, no CNI`);
    const floor = await dockerRound(docker, peerLabel, n, concurrency, true);
    say(line('  create -> running', floor.runningMs));

    let burst: Record<string, number> = {};
    if (allAtOnce) {
      say(`pod-startup: ${n} pods created all at once`);
      const podsAll = await podRound(client, tracker, 'all', n, n);
      say(line('  create -> Running', podsAll.runningMs));
      say(line('  create -> Ready  ', podsAll.readyMs));
      say(`  all ${n} Ready after ${(podsAll.wallMs / 1000).toFixed(1)} s`);
      say(`pod-startup: ${n} x docker run all at once`);
      const peerAll = await dockerRound(docker, peerLabel, n, n);
      say(line('  create -> running', peerAll.runningMs));
      say(`  all ${n} running after ${(peerAll.wallMs / 1000).toFixed(1)} s`);
      burst = {
        all_at_once_running_p50_ms: ms(percentile(podsAll.runningMs, 50)),
        all_at_once_running_p99_ms: ms(percentile(podsAll.runningMs, 99)),
        all_at_once_ready_p50_ms: ms(percentile(podsAll.readyMs, 50)),
        all_at_once_ready_p99_ms: ms(percentile(podsAll.readyMs, 99)),
        all_at_once_docker_p50_ms: ms(percentile(peerAll.runningMs, 50)),
        all_at_once_docker_p99_ms: ms(percentile(peerAll.runningMs, 99)),
      };
    }

    const capstanP50 = percentile(pods.runningMs, 50);
    const peerP50 = percentile(peer.runningMs, 50);
    return {
      bench: 'pod-startup',
      metric: 'running_p50_ms',
      capstan: ms(capstanP50),
      peer: 'docker run via dockerode',
      peer_value: ms(peerP50),
      ratio: Math.round((capstanP50 / peerP50) * 100) / 100,
      running_p99_ms: ms(percentile(pods.runningMs, 99)),
      ready_p50_ms: ms(percentile(pods.readyMs, 50)),
      ready_p99_ms: ms(percentile(pods.readyMs, 99)),
      docker_p99_ms: ms(percentile(peer.runningMs, 99)),
      docker_two_container_pod_p50_ms: ms(percentile(floor.runningMs, 50)),
      docker_two_container_pod_p99_ms: ms(percentile(floor.runningMs, 99)),
      slo_p99_ms: SLO_P99_MS,
      goal: GOAL,
      pods: n,
      concurrency,
      ...burst,
    };
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runPodStartupBench();
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
