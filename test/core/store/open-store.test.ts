import test from 'ava';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Etcd3 } from 'etcd3';
import { EtcdStore } from '../../../core/store/etcd-driver.js';
import { MemoryStore } from '../../../core/store/memory-driver.js';
import { openStore } from '../../../core/store/open-store.js';
import { SqliteStore } from '../../../core/store/sqlite-driver.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { etcdAvailable, startEtcd } from '../../helpers/etcd-server.js';

test('memory:// opens an empty in-memory store', async (t) => {
  const s = await openStore('memory://');
  t.true(s instanceof MemoryStore);
  t.is((await s.count('')).count, 0);
  await s.close();
});

const sqliteUrls: [string, (dir: string) => string, (dir: string) => string][] = [
  ['an absolute path', (dir) => `sqlite://${join(dir, 'abs', 'state.db')}`, (dir) => join(dir, 'abs', 'state.db')],
  [
    'a relative path',
    (dir) => `sqlite://${relative(process.cwd(), join(dir, 'rel', 'state.db'))}`,
    (dir) => join(dir, 'rel', 'state.db'),
  ],
];

for (const [what, url, file] of sqliteUrls) {
  test(`sqlite:// with ${what} opens that file, creating its directory`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'capstan-open-'));
    try {
      const s = await openStore(url(dir));
      t.true(s instanceof SqliteStore);
      t.true((await s.create('/k', 'v')).ok);
      await s.close();
      t.true(existsSync(file(dir)));
      const again = await openStore(url(dir));
      t.is((await again.get('/k')).kv?.value, 'v');
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const url of ['redis://localhost:6379', '/var/lib/capstan/state.db', 'sqlite://', 'etcd://']) {
  test(`${JSON.stringify(url)} is refused with the accepted forms named`, async (t) => {
    const err = await t.throwsAsync(openStore(url));
    t.regex(err!.message, /sqlite:\/\/|etcd:\/\//);
    if (!url.startsWith('sqlite') && !url.startsWith('etcd')) t.regex(err!.message, /memory:\/\//);
  });
}

const withEtcd = whenAvailable(test, etcdAvailable(), 'etcd is not installed (scripts/setup-host.sh installs it)');

withEtcd('etcd:// with several endpoints and ?prefix= keeps every key under the prefix', async (t) => {
  const etcd = await startEtcd();
  const raw = new Etcd3({ hosts: etcd.endpoints });
  try {
    const host = etcd.url.slice('etcd://'.length);
    const s = await openStore(`etcd://${host},${host}?prefix=/capstan`);
    t.true(s instanceof EtcdStore);
    const w = await s.create('/registry/pods/default/a', '{"kind":"Pod"}');
    t.true(w.ok);
    t.is(await raw.get('/capstan/registry/pods/default/a').string(), '{"kind":"Pod"}');
    t.is(await raw.get('/registry/pods/default/a').string(), null);
    await raw.put('/elsewhere/x').value('not ours');
    t.deepEqual(
      (await s.list('')).kvs.map((k) => k.key),
      ['/registry/pods/default/a'],
    );
    await s.close();
  } finally {
    raw.close();
    await etcd.stop();
  }
});

test('etcd:// with nothing listening fails with an error naming the endpoint', async (t) => {
  const err = await t.throwsAsync(openStore('etcd://127.0.0.1:1'));
  t.regex(err!.message, /cannot reach etcd at http:\/\/127\.0\.0\.1:1/);
});
