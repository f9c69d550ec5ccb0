import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../core/store/sqlite-driver.js';
import { CompactedError, type Store } from '../../../core/store/store.js';
import { storeConformance } from './conformance.js';

const dirs = new Map<Store, string>();
storeConformance(test, 'sqlite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
    const s = new SqliteStore(join(dir, 'state.db'));
    dirs.set(s, dir);
    return s;
  },
  async dispose(s) {
    await s.close();
    rmSync(dirs.get(s)!, { recursive: true, force: true });
  },
});

test('sqlite: every acknowledged write is there after close and reopen, and revisions go on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
  try {
    const path = join(dir, 'state.db');
    const a = new SqliteStore(path);
    const writes = await Promise.all(Array.from({ length: 100 }, (_, i) => a.create(`/r/${i}`, `v${i}`)));
    const last = Math.max(...writes.map((w) => w.revision));
    await a.delete('/r/0');
    await a.close();
    const b = new SqliteStore(path);
    t.is(await b.currentRevision(), last + 1);
    const listed = await b.list('/r/');
    t.is(listed.kvs.length, 99);
    t.is((await b.get('/r/42')).kv?.value, 'v42');
    const next = await b.create('/r/new', 'x');
    t.true(next.ok && next.revision === last + 2);
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: writes acknowledged before a SIGKILL are all there after reopening', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
  try {
    const path = join(dir, 'state.db');
    const child = spawn(process.execPath, [new URL('./sqlite-writer-process.js', import.meta.url).pathname, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Map<string, number>();
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const [key, rev] = line.split(' ');
          acked.set(key!, Number(rev));
        }
        if (acked.size >= 500) child.kill('SIGKILL');
      });
    });
    t.true(acked.size >= 500);
    const s = new SqliteStore(path);
    try {
      for (const [key, rev] of acked) {
        const { kv } = await s.get(key);
        t.is(kv?.modRevision, rev, key);
      }
      const next = await s.create('/crash/after', 'x');
      t.true(next.ok && next.revision > Math.max(...acked.values()));
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: the directory is created, and compaction survives reopening', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
  try {
    const path = join(dir, 'nested', 'deeper', 'state.db');
    const a = new SqliteStore(path);
    t.true(existsSync(join(dir, 'nested', 'deeper')));
    const k = await a.create('/k', '1');
    if (!k.ok) return t.fail();
    const u = await a.update('/k', '2', k.revision);
    const gone = await a.create('/gone', 'x');
    const d = await a.delete('/gone');
    if (!u.ok || !gone.ok || !d.ok) return t.fail();
    // The tombstone is the newest row; compacting at it removes it, yet revisions must go on.
    await a.compact(d.revision);
    await a.close();
    const b = new SqliteStore(path);
    try {
      t.is(await b.compactedRevision(), d.revision);
      t.is(await b.currentRevision(), d.revision);
      await t.throwsAsync(b.get('/k', k.revision), { instanceOf: CompactedError });
      t.is((await b.get('/k')).kv?.value, '2');
      t.is((await b.get('/gone')).kv, undefined);
      const next = await b.create('/gone', 'again');
      t.true(next.ok && next.revision === d.revision + 1);
    } finally {
      await b.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: writes issued in one tick are applied in call order within one commit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
  const s = new SqliteStore(join(dir, 'state.db'));
  try {
    const from = await s.currentRevision();
    const [c, again, del, recreate] = await Promise.all([
      s.create('/t/a', '1'),
      s.create('/t/a', '2'),
      s.delete('/t/a', from + 1),
      s.create('/t/a', '3'),
    ]);
    t.deepEqual(
      [c, again, del, recreate].map((r) => (r.ok ? `ok ${r.revision}` : r.reason)),
      [`ok ${from + 1}`, 'exists', `ok ${from + 2}`, `ok ${from + 3}`],
    );
    t.is((await s.get('/t/a')).kv?.value, '3');
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite: a write after close is rejected, and close is idempotent', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
  const s = new SqliteStore(join(dir, 'state.db'));
  const pending = s.create('/p', 'queued before close');
  await s.close();
  await s.close();
  t.true((await pending).ok, 'a write queued before close is committed, not dropped');
  await t.throwsAsync(s.create('/q', 'x'), { message: /closed/ });
  const reopened = new SqliteStore(join(dir, 'state.db'));
  t.is((await reopened.get('/p')).kv?.value, 'queued before close');
  await reopened.close();
  rmSync(dir, { recursive: true, force: true });
});

test('sqlite: compaction during a long replay fails the watch instead of skipping events', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
  const s = new SqliteStore(join(dir, 'state.db'));
  try {
    const from = await s.currentRevision();
    // Every key updated once: compaction removes all the create rows the replay has not reached.
    const created = await Promise.all(Array.from({ length: 1500 }, (_, i) => s.create(`/cr/${i}`, 'v1')));
    await Promise.all(created.map((c, i) => (c.ok ? s.update(`/cr/${i}`, 'v2', c.revision) : undefined)));
    const revisions: number[] = [];
    const err = await t.throwsAsync(async () => {
      for await (const e of s.watch('/cr/', from, new AbortController().signal)) {
        revisions.push(e.revision);
        if (revisions.length === 1) await s.compact(await s.currentRevision());
      }
    });
    t.true(err instanceof CompactedError);
    t.true(revisions.length < 3000);
    t.deepEqual(
      revisions,
      revisions.map((_, i) => from + 1 + i),
      'what was delivered before the failure has no gap',
    );
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
