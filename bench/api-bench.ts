import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { adminClient, startCapstan } from '../test/helpers/capstan-process.js';
import { benchClient } from './api-client.js';
import { startEtcd } from '../test/helpers/etcd-server.js';

const concurrency = 16;
const writes = Number(process.env.BENCH_WRITES ?? 8000);
const listSize = 10_000;
const watchers = 100;

function say(line: string): void {
  process.stderr.write(line + '\n');
}

/** Runs `total` operations with `concurrency` loops; returns operations per second. */
async function rate(total: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) await op(i);
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * Creates per second over HTTPS through the whole API chain (16 clients, SQLite store, the API
 * server in its own process without the controllers) against raw etcd puts per second (etcd3 client, same concurrency, same value
 * size); plus get/list latency at 10,000 objects and write-to-event delay at 100 watchers.
 */
export async function runApiBench(): Promise<Record<string, unknown>> {
  const value = JSON.stringify({ metadata: { name: 'x', namespace: 'bench' }, data: { payload: 'v'.repeat(200) } });

  say(`etcd: ${writes} puts, ${concurrency} concurrent clients`);
  const etcd = await startEtcd();
  let etcdRate: number;
  try {
    const client = new Etcd3({ hosts: etcd.endpoints });
    await client.put('/warmup').value('1');
    etcdRate = await rate(writes, async (i) => {
      await client.put(`/registry/configmaps/bench/cm-${i}`).value(value);
    });
    client.close();
  } finally {
    await etcd.stop();
  }
  say(`  etcd put: ${etcdRate.toFixed(0)}/s`);

  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  // The API server alone, as kube-apiserver is measured: the controllers, scheduler and simulated
  // nodes that `capstan server` also runs in its process are turned off by configuration.
  const config = join(dataDir, 'api-only.yaml');
  writeFileSync(
    config,
    'plugins:\n  disable: [core-controllers, workload-controllers, simulated-nodes, scheduler-defaults]\n',
  );
  const server = await startCapstan('server', dataDir, ['--config', config]);
  const api = benchClient(dataDir, server.port);
  try {
    await api.call('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
    for (let i = 0; i < 50; i++)
      await api.call('POST', '/api/v1/namespaces/bench/configmaps', { metadata: { name: `warm-${i}` } });
    say(`capstan: ${writes} creates over HTTPS, ${concurrency} concurrent clients`);
    let failures = 0;
    const createRate = await rate(writes, async (i) => {
      const r = await api.call('POST', '/api/v1/namespaces/bench/configmaps', {
        metadata: { name: `cm-${i}` },
        data: { payload: 'v'.repeat(200) },
      });
      if (r.status !== 201) failures++;
    });
    say(`  capstan create: ${createRate.toFixed(0)}/s (${failures} failed)`);

    const fill = listSize - writes - 50;
    if (fill > 0)
      await rate(
        fill,
        async (i) =>
          void (await api.call('POST', '/api/v1/namespaces/bench/configmaps', { metadata: { name: `fill-${i}` } })),
      );
    const getMs: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = process.hrtime.bigint();
      await api.call('GET', `/api/v1/namespaces/bench/configmaps/cm-${i * 7}`);
      getMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const listMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = process.hrtime.bigint();
      const r = await api.call('GET', '/api/v1/namespaces/bench/configmaps');
      listMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (i === 0) say(`  list returned ${r.body.items.length} objects`);
    }
    const pagedMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = process.hrtime.bigint();
      await api.call('GET', '/api/v1/namespaces/bench/configmaps?limit=500');
      pagedMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    say(`  get p50 ${percentile(getMs, 50).toFixed(2)} ms, p99 ${percentile(getMs, 99).toFixed(2)} ms`);
    say(
      `  list of ${listSize}: p50 ${percentile(listMs, 50).toFixed(1)} ms; limit=500 page p50 ${percentile(pagedMs, 50).toFixed(1)} ms`,
    );

    const delays = await watchDelay(dataDir, server.port);
    say(
      `  write-to-event at ${watchers} watchers: p50 ${percentile(delays, 50).toFixed(2)} ms, p99 ${percentile(delays, 99).toFixed(2)} ms`,
    );
    return {
      bench: 'api',
      metric: 'creates_per_s',
      capstan: Math.round(createRate),
      peer: 'etcd put',
      peer_value: Math.round(etcdRate),
      ratio: Number((createRate / etcdRate).toFixed(2)),
      server: 'capstan server on SQLite, API only (controllers and scheduler off)',
      concurrency,
      writes,
      create_failures: failures,
      get_p50_ms: Number(percentile(getMs, 50).toFixed(2)),
      get_p99_ms: Number(percentile(getMs, 99).toFixed(2)),
      list_10k_p50_ms: Number(percentile(listMs, 50).toFixed(1)),
      list_page500_p50_ms: Number(percentile(pagedMs, 50).toFixed(1)),
      watch_event_p50_ms: Number(percentile(delays, 50).toFixed(2)),
      watch_event_p99_ms: Number(percentile(delays, 99).toFixed(2)),
      watchers,
    };
  } finally {
    await api.close();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Opens 100 watches, makes 200 writes one at a time, and measures write-ack to event arrival on every watcher. */
async function watchDelay(dataDir: string, port: number): Promise<number[]> {
  const { request } = await import('node:https');
  const client = adminClient(dataDir, port);
  const arrivals = new Map<string, number[]>();
  const streams: Array<() => void> = [];
  const listed = await client.call('GET', '/api/v1/namespaces/bench/configmaps?limit=1');
  const from = String(listed.body.metadata.resourceVersion);
  const tls = client.agent.options;
  await Promise.all(
    Array.from(
      { length: watchers },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              path: `/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=${from}`,
              method: 'GET',
              agent: false,
              ca: tls.ca,
              cert: tls.cert,
              key: tls.key,
            },
            (res) => {
              let buf = '';
              res.on('data', (d) => {
                buf += d.toString();
                let nl: number;
                while ((nl = buf.indexOf('\n')) >= 0) {
                  const line = buf.slice(0, nl);
                  buf = buf.slice(nl + 1);
                  const m = /"name":"(probe-\d+)"/.exec(line);
                  if (m) (arrivals.get(m[1]!) ?? arrivals.set(m[1]!, []).get(m[1]!)!).push(performance.now());
                }
              });
              resolve();
            },
          );
          req.on('error', reject);
          streams.push(() => req.destroy());
          req.end();
        }),
    ),
  );
  const delays: number[] = [];
  const sent = new Map<string, number>();
  for (let i = 0; i < 200; i++) {
    const name = `probe-${i}`;
    sent.set(name, performance.now());
    const r = await client.call('POST', '/api/v1/namespaces/bench/configmaps', { metadata: { name } });
    if (r.status !== 201) throw new Error(`probe create failed: ${r.status}`);
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const [name, at] of sent) for (const t of arrivals.get(name) ?? []) delays.push(t - at);
  for (const s of streams) s();
  client.agent.destroy();
  return delays;
}
