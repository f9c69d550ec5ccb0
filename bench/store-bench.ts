/**
 * Store throughput: creates per second through each driver (16 concurrent writers, 200-byte
 * values), against raw etcd puts with the same concurrency; plus list latency at 10,000 keys.
 * Run with `node dist/bench/store-bench.js` (or register `store` in bench/run.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { EtcdStore } from '../core/store/etcd-driver.js';
import { MemoryStore } from '../core/store/memory-driver.js';
import { SqliteStore } from '../core/store/sqlite-driver.js';
import type { Store } from '../core/store/store.js';
import { startEtcd } from '../test/helpers/etcd-server.js';

const concurrency = 16;
const writes = Number(process.env.BENCH_WRITES ?? 10_000);
const value = JSON.stringify({ metadata: { name: 'x', namespace: 'bench' }, data: { payload: 'v'.repeat(200) } });

function say(line: string): void {
  process.stderr.write(line + '\n');
}

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

async function timeMs(op: () => Promise<unknown>, runs: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await op();
  return Number(process.hrtime.bigint() - started) / 1e6 / runs;
}

async function measure(name: string, store: Store): Promise<Record<string, number>> {
  const creates = await rate(writes, async (i) => {
    const r = await store.create(`/registry/configmaps/bench/cm-${String(i).padStart(6, '0')}`, value);
    if (!r.ok) throw new Error(`create refused: ${r.reason}`);
  });
  const updates = await rate(writes, async (i) => {
    const key = `/registry/configmaps/bench/cm-${String(i).padStart(6, '0')}`;
    const { kv } = await store.get(key);
    const r = await store.update(key, value, kv!.modRevision);
    if (!r.ok) throw new Error(`update refused: ${r.reason}`);
  });
  const listMs = await timeMs(() => store.list('/registry/configmaps/bench/'), 5);
  const pageMs = await timeMs(() => store.list('/registry/configmaps/bench/', { limit: 500 }), 20);
  const countMs = await timeMs(() => store.count('/registry/configmaps/'), 20);
  say(
    `  ${name}: ${creates.toFixed(0)} creates/s, ${updates.toFixed(0)} get+update/s, ` +
      `list all ${listMs.toFixed(1)} ms, page of 500 ${pageMs.toFixed(1)} ms, count ${countMs.toFixed(1)} ms`,
  );
  return { creates, updates, listMs, pageMs, countMs };
}

/** Runs the store benchmark and returns its JSON summary. */
export async function runStoreBench(): Promise<Record<string, unknown>> {
  say(`${writes} writes per driver, ${concurrency} concurrent writers, ${value.length}-byte values`);
  const etcd = await startEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'capstan-store-bench-'));
  try {
    const raw = new Etcd3({ hosts: etcd.endpoints });
    await raw.put('/warmup').value('1');
    const etcdPut = await rate(writes, async (i) => {
      await raw.put(`/raw/configmaps/bench/cm-${i}`).value(value);
    });
    raw.close();
    say(`  etcd put (raw etcd3 client): ${etcdPut.toFixed(0)}/s`);

    const sqlite = new SqliteStore(join(dir, 'state.db'));
    const sqliteFigures = await measure('sqlite', sqlite);
    await sqlite.close();
    const memory = new MemoryStore();
    const memoryFigures = await measure('memory', memory);
    await memory.close();
    const etcdStore = new EtcdStore(etcd.endpoints, '/capstan');
    const etcdFigures = await measure('etcd driver', etcdStore);
    await etcdStore.close();

    return {
      bench: 'store',
      metric: 'creates_per_s',
      capstan: Math.round(sqliteFigures.creates!),
      peer: 'etcd put',
      peer_value: Math.round(etcdPut),
      ratio: Number((sqliteFigures.creates! / etcdPut).toFixed(2)),
      sqlite: sqliteFigures,
      etcd_driver: etcdFigures,
      memory: memoryFigures,
    };
  } finally {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runStoreBench();
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
