import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../core/store/sqlite-driver.js';
import type { Store } from '../../../core/store/store.js';
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
