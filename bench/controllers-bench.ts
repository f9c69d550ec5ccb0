import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startControlPlane } from '../core/control-plane/control-plane.js';
import { emptyConfig } from '../core/config/index.js';
import { builtin } from '../sdk/builtin-resources.js';
import { HttpKubeClient } from '../sdk/client/http-kube-client.js';

/**
 * `npm run bench -- controllers`: the whole control plane in one process as `capstan up
 * --simulated-nodes 1000` runs it (API server on the embedded SQLite store, scheduler, core and
 * workload controllers, simulated nodes with their Leases and heartbeats), then one Deployment of
 * 10,000 replicas applied through the API server: seconds from the apply until every replica is
 * available, then seconds for a rolling update (image change, default 25 % surge/unavailable) until
 * all 10,000 pods run the new image and the old ones are gone. Peak RSS of the process is sampled
 * every 250 ms.
 *
 * The peer is kwok's published CI figure (not measured here): 10,000 pods Running in 60 s on a
 * 4-core GitHub runner, with pods pinned by nodeName (no scheduler, no controllers). The ratio is
 * peer seconds / Capstan seconds, so above 1 means faster than the peer; the goal is under 30 s.
 * Environment: BENCH_NODES (1000), BENCH_REPLICAS (10000).
 */

/** kwok's CI benchmark: 10,000 pods to Running within 60 s (test/e2e/benchmark.go). */
const KWOK_PODS_RUNNING_SECONDS = 60;
const GOAL_SECONDS = 30;

function say(line: string): void {
  process.stderr.write(line + '\n');
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

/** Polls the Deployment until `done(status)`; prints progress every 5 s; returns seconds since `startedNs`. */
async function waitFor(
  client: HttpKubeClient,
  name: string,
  generation: number,
  done: (s: DeploymentStatus) => boolean,
  startedNs: bigint,
  label: string,
): Promise<number> {
  let lastSay = 0;
  for (;;) {
    const d = await client.get(builtin.deployments, name, 'bench');
    const s = (d.status ?? {}) as DeploymentStatus;
    const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
    if ((s.observedGeneration ?? 0) >= generation && done(s)) return seconds;
    if (seconds - lastSay >= 5) {
      lastSay = seconds;
      say(
        `  ${label} ${seconds.toFixed(0)}s: replicas ${s.replicas ?? 0}, updated ${s.updatedReplicas ?? 0}, ready ${s.readyReplicas ?? 0}, available ${s.availableReplicas ?? 0}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the benchmark; returns the JSON line's fields. */
export async function runControllersBench(): Promise<Record<string, unknown>> {
  const nodes = Number(process.env.BENCH_NODES ?? 1000);
  const replicas = Number(process.env.BENCH_REPLICAS ?? 10_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-controllers-bench-'));
  let peakRss = process.memoryUsage().rss;
  const mem = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  say(`controllers: starting the control plane with ${nodes} simulated nodes (SQLite store)`);
  const plane = await startControlPlane({
    dataDir,
    port: 0,
    logger: pino({ level: process.env.BENCH_LOG ?? 'silent' }),
    config: {
      ...emptyConfig(),
      simulatedNodes: { count: nodes, capacity: { cpu: '32', memory: '256Gi', pods: '110' } },
    },
  });
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfigPath);
  try {
    for (;;) {
      const list = await client.list(builtin.nodes, {});
      const ready = list.items.filter((n) =>
        (n.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.some(
          (c) => c.type === 'Ready' && c.status === 'True',
        ),
      ).length;
      if (ready >= nodes) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await client.create(builtin.namespaces, { metadata: { name: 'bench' } });
    say(`controllers: ${nodes} nodes Ready; applying a Deployment of ${replicas} replicas`);
    const cpu0 = process.cpuUsage();
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'scale', namespace: 'bench' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'scale' } },
        template: {
          metadata: { labels: { app: 'scale' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'registry.k8s.io/pause:3.10',
                resources: { requests: { cpu: '10m', memory: '16Mi' } },
              },
            ],
          },
        },
      },
    };
    const applyStarted = process.hrtime.bigint();
    const applied = await client.apply(builtin.deployments, deployment, {
      fieldManager: 'bench',
      force: true,
    });
    const availableSeconds = await waitFor(
      client,
      'scale',
      applied.metadata.generation ?? 1,
      (s) => s.availableReplicas === replicas && s.updatedReplicas === replicas && s.replicas === replicas,
      applyStarted,
      'available',
    );
    say(`controllers: ${replicas} replicas available in ${availableSeconds.toFixed(1)} s`);
    const cpuAvailable = process.cpuUsage(cpu0);

    const updateStarted = process.hrtime.bigint();
    const updated = await client.patch(
      builtin.deployments,
      'scale',
      { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9' }] } } } },
      'strategic',
      { namespace: 'bench' },
    );
    const rolloutSeconds = await waitFor(
      client,
      'scale',
      updated.metadata.generation ?? 2,
      (s) => s.updatedReplicas === replicas && s.availableReplicas === replicas && s.replicas === replicas,
      updateStarted,
      'rollout',
    );
    say(`controllers: rolling update of ${replicas} replicas complete in ${rolloutSeconds.toFixed(1)} s`);
    const cpuTotal = process.cpuUsage(cpu0);
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return {
      bench: 'controllers',
      metric: 'seconds_apply_to_available',
      capstan: r1(availableSeconds),
      peer: 'kwok CI: 10,000 pods Running in 60 s on a 4-core runner, pods pinned by nodeName (published figure, not measured here)',
      peer_value: KWOK_PODS_RUNNING_SECONDS,
      ratio: Math.round((KWOK_PODS_RUNNING_SECONDS / availableSeconds) * 100) / 100,
      ratio_is: 'peer_value / capstan (seconds: above 1 is faster than the peer)',
      goal_seconds: GOAL_SECONDS,
      nodes,
      replicas,
      rolling_update_seconds: r1(rolloutSeconds),
      peak_rss_mb: Math.round(peakRss / 2 ** 20),
      cpu_seconds_to_available: r1((cpuAvailable.user + cpuAvailable.system) / 1e6),
      cpu_seconds_total: r1((cpuTotal.user + cpuTotal.system) / 1e6),
    };
  } finally {
    clearInterval(mem);
    client.close();
    await plane.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runControllersBench();
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
