import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startControlPlane } from '../core/control-plane/control-plane.js';
import { emptyConfig } from '../core/config/index.js';

const componentPlugins = ['core-controllers', 'workload-controllers', 'simulated-nodes', 'node-agent'];
import { startScheduler } from '../core/scheduler/index.js';
import { builtin } from '../sdk/builtin-resources.js';
import { HttpKubeClient } from '../sdk/client/http-kube-client.js';
import { Worker } from 'node:worker_threads';
import type { PodCreatorJob } from './pod-creator-worker.js';
import type { PodShape } from './scheduler-bench-pods.js';
import { inTreeRegistrations } from '../plugins/scheduler-defaults/index.js';
import { SimulatedNodes } from '../plugins/simulated-nodes/index.js';

/**
 * `npm run bench -- scheduler`: kube-scheduler's scheduler_perf SchedulingBasic shape through the
 * API server on the embedded SQLite store, all in one process as scheduler_perf does: N simulated
 * nodes (plain API objects: no leases, heartbeats or kubelet, like scheduler_perf's nodes), init
 * pods scheduled first, then the measured pods created by 32 concurrent clients while the scheduler
 * runs (from a worker thread: the load generator does not share the scheduler's thread). Throughput is sampled every second (pods bound per second): average and p50/p90/p99, plus
 * the process's peak RSS. A second workload runs inter-pod anti-affinity on 500 nodes.
 * Environment: BENCH_NODES (5000), BENCH_INIT_PODS (1000), BENCH_PODS (10000).
 */

/** kube-scheduler's CI threshold for SchedulingBasic/5000Nodes_10000Pods (published; not measured here). */
const KUBE_SCHEDULING_BASIC_THRESHOLD = 270;

function say(line: string): void {
  process.stderr.write(line + '\n');
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

interface WorkloadResult {
  nodes: number;
  init_pods: number;
  measured_pods: number;
  pods_per_s_avg: number;
  pods_per_s_p50: number;
  pods_per_s_p90: number;
  pods_per_s_p99: number;
  seconds: number;
  unschedulable_attempts: number;
  peak_rss_mb: number;
}

async function runWorkload(
  name: string,
  nodes: number,
  initPods: number,
  pods: number,
  shape: PodShape,
): Promise<WorkloadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-sched-bench-'));
  // The API server alone, as scheduler_perf runs it: no controllers, no simulated kubelets, and the
  // bench's own scheduler instead of the control plane's.
  const plane = await startControlPlane({
    dataDir,
    port: 0,
    logger: pino({ level: 'silent' }),
    scheduler: false,
    config: { ...emptyConfig(), plugins: { ...emptyConfig().plugins, disable: componentPlugins } },
  });
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfigPath);
  const ac = new AbortController();
  let peakRss = process.memoryUsage().rss;
  const mem = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  try {
    say(`${name}: creating ${nodes} simulated nodes`);
    await new SimulatedNodes(client, {
      count: nodes,
      capacity: { cpu: '4', memory: '32Gi', pods: '110' },
      leaseRenewMs: 0,
      statusReportMs: 0,
      runPods: false,
    }).start(ac.signal);
    await client.create(builtin.namespaces, { metadata: { name: 'bench' } });
    const { scheduler } = await startScheduler({ client, registrations: inTreeRegistrations(), signal: ac.signal });
    const createAll = (prefix: string, count: number) =>
      new Promise<void>((resolve, reject) => {
        const job: PodCreatorJob = { kubeconfigPath: plane.kubeconfigPath, shape, prefix, count, concurrency: 32 };
        const worker = new Worker(new URL('./pod-creator-worker.js', import.meta.url), { workerData: job });
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pod creator exited with ${code}`))));
      });
    const waitBound = async (n: number) => {
      while (scheduler.counters.scheduled < n) await new Promise((r) => setTimeout(r, 50));
    };
    say(`${name}: ${initPods} init pods`);
    await createAll('init', initPods);
    await waitBound(initPods);
    const base = scheduler.counters.scheduled;
    const unschedBase = scheduler.counters.unschedulable;
    say(`${name}: measuring ${pods} pods`);
    const samples: number[] = [];
    let last = base;
    const started = process.hrtime.bigint();
    const sampler = setInterval(() => {
      const now = scheduler.counters.scheduled;
      samples.push(now - last);
      last = now;
    }, 1000);
    await Promise.all([createAll('pod', pods), waitBound(base + pods)]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    // Only whole one-second samples count; a run shorter than a second has the average as its sample.
    if (samples.length === 0) samples.push(Math.round(pods / seconds));
    const r: WorkloadResult = {
      nodes,
      init_pods: initPods,
      measured_pods: pods,
      pods_per_s_avg: Math.round(pods / seconds),
      pods_per_s_p50: percentile(samples, 50),
      pods_per_s_p90: percentile(samples, 90),
      pods_per_s_p99: percentile(samples, 99),
      seconds: Math.round(seconds * 10) / 10,
      unschedulable_attempts: scheduler.counters.unschedulable - unschedBase,
      peak_rss_mb: Math.round(peakRss / 2 ** 20),
    };
    say(`${name}: ${JSON.stringify(r)}`);
    return r;
  } finally {
    clearInterval(mem);
    ac.abort();
    client.close();
    await plane.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs both workloads; returns the JSON line's fields. */
export async function runSchedulerBench(): Promise<Record<string, unknown>> {
  const nodes = Number(process.env.BENCH_NODES ?? 5000);
  const initPods = Number(process.env.BENCH_INIT_PODS ?? 1000);
  const pods = Number(process.env.BENCH_PODS ?? 10_000);
  const basic = await runWorkload('SchedulingBasic', nodes, initPods, pods, 'basic');
  const anti = await runWorkload('SchedulingPodAntiAffinity', 500, 100, 400, 'anti-affinity');
  return {
    bench: 'scheduler',
    metric: 'pods_per_s',
    capstan: basic.pods_per_s_avg,
    peer: 'kube-scheduler scheduler_perf SchedulingBasic/5000Nodes_10000Pods CI threshold (published figure, not measured here)',
    peer_value: KUBE_SCHEDULING_BASIC_THRESHOLD,
    ratio: Math.round((basic.pods_per_s_avg / KUBE_SCHEDULING_BASIC_THRESHOLD) * 100) / 100,
    goal: 1000,
    scheduling_basic: basic,
    pod_anti_affinity_500_nodes: anti,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runSchedulerBench();
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
