import anyTest from 'ava';
import { Etcd3 } from 'etcd3';
import { CompactedError } from '../../../core/store/store.js';
import { EtcdStore } from '../../../core/store/etcd-driver.js';
import { etcdAvailable, startEtcd, type EtcdServer } from '../../helpers/etcd-server.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { storeConformance } from './conformance.js';

const test = whenAvailable(anyTest, etcdAvailable(), 'etcd is not installed (scripts/setup-host.sh installs it)');
let etcd: EtcdServer | undefined;
let n = 0;

test.before(async () => {
  if (etcdAvailable()) etcd = await startEtcd();
});
test.after.always(async () => {
  await etcd?.stop();
});

// One etcd for the file; each test gets its own key prefix, so tests cannot see each other's keys.
storeConformance(test, 'etcd', {
  open: async () => new EtcdStore([etcd!.endpoints], `/t${n++}/`),
  dispose: (s) => s.close(),
});

test.serial('etcd: the compacted revision is found even when another client compacted', async (t) => {
  const s = new EtcdStore([etcd!.endpoints], `/compact-probe${n++}`);
  const raw = new Etcd3({ hosts: etcd!.endpoints });
  try {
    const a = await s.create('/x', '1');
    if (!a.ok) return t.fail();
    const u = await s.update('/x', '2', a.revision);
    if (!u.ok) return t.fail();
    await s.create('/y', '1');
    await raw.put('/unrelated').value('bump');
    await raw.put('/unrelated').value('bump');
    const target = u.revision + 1;
    await raw.kv.compact({ revision: target, physical: true });
    t.is(await s.compactedRevision(), target);
    const err = await t.throwsAsync(s.get('/x', a.revision), { instanceOf: CompactedError });
    t.is((err as CompactedError).compacted, target);
    t.is((await s.get('/x', target)).kv?.value, '2');
  } finally {
    raw.close();
    await s.close();
  }
});

test.serial('etcd: a key prefix hides other prefixes and keys outside it', async (t) => {
  const one = new EtcdStore([etcd!.endpoints], `/iso-one${n}`);
  const two = new EtcdStore([etcd!.endpoints], `/iso-two${n++}`);
  try {
    const from = await one.currentRevision();
    await one.create('/k', 'one');
    await two.create('/k', 'two');
    await one.create('/l', 'one');
    t.deepEqual(
      (await one.list('')).kvs.map((k) => [k.key, k.value]),
      [
        ['/k', 'one'],
        ['/l', 'one'],
      ],
    );
    t.is((await two.count('')).count, 1);
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const e of two.watch('', from, ac.signal)) {
      seen.push(`${e.kv.key}=${e.kv.value}`);
      ac.abort();
    }
    t.deepEqual(seen, ['/k=two']);
  } finally {
    await one.close();
    await two.close();
  }
});

test.serial('etcd: a watch survives an etcd restart without losing or repeating events', async (t) => {
  const own = await startEtcd();
  const s = new EtcdStore([own.endpoints]);
  try {
    const from = await s.currentRevision();
    const ac = new AbortController();
    const seen: string[] = [];
    let notify: (() => void) | undefined;
    const done = (async () => {
      for await (const e of s.watch('/rs/', from, ac.signal)) {
        seen.push(e.kv.key);
        notify?.();
        if (seen.length === 6) ac.abort();
      }
    })();
    const waitFor = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (seen.length >= count ? resolve() : (notify = check));
        check();
      });
    for (let i = 0; i < 3; i++) await s.create(`/rs/${i}`, 'x');
    await waitFor(3);
    await own.restart();
    for (let i = 3; i < 6; i++) {
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await s.create(`/rs/${i}`, 'x');
          if (r.ok) break;
          t.is(r.reason, 'exists', 'a retried create may find its own earlier attempt');
          break;
        } catch (e) {
          if (attempt > 50) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    await done;
    t.deepEqual(seen, ['/rs/0', '/rs/1', '/rs/2', '/rs/3', '/rs/4', '/rs/5']);
  } finally {
    await s.close();
    await own.stop();
  }
});
