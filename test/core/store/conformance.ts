import type { ExecutionContext, TestFn } from 'ava';
import { CompactedError, type Store, type StoreEvent } from '../../../core/store/store.js';

/** A fresh, empty store per test, and its disposal. */
export interface StoreFactory {
  open(): Promise<Store>;
  dispose(store: Store): Promise<void>;
}

async function collect(store: Store, prefix: string, from: number, count: number): Promise<StoreEvent[]> {
  const ac = new AbortController();
  const out: StoreEvent[] = [];
  for await (const e of store.watch(prefix, from, ac.signal)) {
    out.push(e);
    if (out.length === count) ac.abort();
  }
  return out;
}

/** Registers the store contract's tests for one driver. Every driver must pass all of them. */
export function storeConformance(test: TestFn, name: string, factory: StoreFactory): void {
  const withStore = (title: string, body: (t: ExecutionContext, s: Store) => Promise<void>) =>
    test.serial(`${name}: ${title}`, async (t) => {
      const s = await factory.open();
      try {
        await body(t, s);
      } finally {
        await factory.dispose(s);
      }
    });

  withStore('create, then a second create of the same key is refused with exists', async (t, s) => {
    const a = await s.create('/a', 'one');
    t.true(a.ok);
    if (!a.ok) return;
    t.is(a.kv.createRevision, a.kv.modRevision);
    t.is(await s.currentRevision(), a.revision);
    const b = await s.create('/a', 'two');
    t.false(b.ok);
    if (!b.ok) {
      t.is(b.reason, 'exists');
      t.is(b.current?.value, 'one');
    }
  });

  withStore(
    'update with the right revision succeeds; a stale one is a conflict with the current value',
    async (t, s) => {
      const a = await s.create('/k', 'v1');
      if (!a.ok) return t.fail();
      const u = await s.update('/k', 'v2', a.kv.modRevision);
      t.true(u.ok);
      if (!u.ok) return;
      t.true(u.kv.modRevision > a.kv.modRevision);
      t.is(u.kv.createRevision, a.kv.createRevision);
      const stale = await s.update('/k', 'v3', a.kv.modRevision);
      t.false(stale.ok);
      if (!stale.ok) {
        t.is(stale.reason, 'conflict');
        t.is(stale.current?.value, 'v2');
        t.is(stale.current?.modRevision, u.kv.modRevision);
      }
      const missing = await s.update('/absent', 'x', 1);
      t.false(missing.ok);
      if (!missing.ok) t.is(missing.reason, 'not-found');
    },
  );

  withStore('delete with and without an expected revision', async (t, s) => {
    const a = await s.create('/d1', 'x');
    const b = await s.create('/d2', 'y');
    if (!a.ok || !b.ok) return t.fail();
    const stale = await s.delete('/d1', a.kv.modRevision - 1);
    t.false(stale.ok);
    if (!stale.ok) t.is(stale.reason, 'conflict');
    const d1 = await s.delete('/d1', a.kv.modRevision);
    t.true(d1.ok);
    if (d1.ok) {
      t.is(d1.kv.value, 'x');
      t.true(d1.revision > b.revision);
    }
    t.true((await s.delete('/d2')).ok);
    t.is((await s.get('/d1')).kv, undefined);
    const again = await s.delete('/d1');
    t.false(again.ok);
    if (!again.ok) t.is(again.reason, 'not-found');
  });

  withStore('get and list at an older revision see the state of then', async (t, s) => {
    const a = await s.create('/p/a', 'a1');
    if (!a.ok) return t.fail();
    const r1 = a.revision;
    const u = await s.update('/p/a', 'a2', a.kv.modRevision);
    await s.create('/p/b', 'b1');
    if (!u.ok) return t.fail();
    await s.delete('/p/a', u.kv.modRevision);
    t.is((await s.get('/p/a', r1)).kv?.value, 'a1');
    t.is((await s.get('/p/a')).kv, undefined);
    const then = await s.list('/p/', { revision: r1 });
    t.deepEqual(
      then.kvs.map((k) => [k.key, k.value]),
      [['/p/a', 'a1']],
    );
    const now = await s.list('/p/');
    t.deepEqual(
      now.kvs.map((k) => [k.key, k.value]),
      [['/p/b', 'b1']],
    );
    t.is(now.revision, await s.currentRevision());
  });

  withStore('list with limit and after walks every key once, in order, with remaining counts', async (t, s) => {
    const keys = Array.from({ length: 23 }, (_, i) => `/l/k${String(i).padStart(2, '0')}`);
    for (const k of [...keys].reverse()) await s.create(k, k);
    await s.create('/l2/outside', 'x');
    const seen: string[] = [];
    let after: string | undefined;
    const remainings: number[] = [];
    for (;;) {
      const page = await s.list('/l/', { limit: 5, after });
      seen.push(...page.kvs.map((k) => k.key));
      if (!page.more) break;
      remainings.push(page.remaining);
      after = page.kvs.at(-1)!.key;
    }
    t.deepEqual(seen, keys);
    t.deepEqual(remainings, [18, 13, 8, 3]);
    t.is((await s.count('/l/')).count, 23);
  });

  withStore(
    'watch from a revision sees exactly the later events, in order, with types and previous values',
    async (t, s) => {
      const a = await s.create('/w/a', '1');
      if (!a.ok) return t.fail();
      const from = a.revision;
      const u = await s.update('/w/a', '2', a.kv.modRevision);
      await s.create('/other/x', 'ignored');
      await s.create('/w/b', '1');
      if (!u.ok) return t.fail();
      await s.delete('/w/a', u.kv.modRevision);
      const events = await collect(s, '/w/', from, 3);
      t.deepEqual(
        events.map((e) => [e.type, e.kv.key, e.kv.value, e.prev?.value]),
        [
          ['update', '/w/a', '2', '1'],
          ['create', '/w/b', '1', undefined],
          ['delete', '/w/a', '2', '2'],
        ],
      );
      const revs = events.map((e) => e.revision);
      t.deepEqual(
        revs,
        [...revs].sort((x, y) => x - y),
      );
      t.is(events[2]!.kv.modRevision, events[2]!.revision, 'a delete carries the revision of the deletion');
    },
  );

  withStore('a watch sees history then live writes without a gap or a duplicate', async (t, s) => {
    const first = await s.create('/g/0', 'x');
    if (!first.ok) return t.fail();
    const pending = collect(s, '/g/', first.revision - 1, 6);
    for (let i = 1; i < 6; i++) await s.create(`/g/${i}`, 'x');
    const events = await pending;
    t.deepEqual(
      events.map((e) => e.kv.key),
      ['/g/0', '/g/1', '/g/2', '/g/3', '/g/4', '/g/5'],
    );
  });

  withStore('concurrent writes all get distinct, increasing revisions', async (t, s) => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(`/c/${i}`, String(i))));
    const revs = results.map((r) => (r.ok ? r.kv.modRevision : -1));
    t.false(revs.includes(-1));
    t.is(new Set(revs).size, 50);
    const races = await Promise.all(Array.from({ length: 5 }, () => s.update('/c/0', 'race', revs[0]!)));
    t.is(races.filter((r) => r.ok).length, 1, 'only one of several CAS writes on the same revision wins');
  });

  withStore(
    'after compaction, reads and watches below the compacted revision fail with CompactedError',
    async (t, s) => {
      const a = await s.create('/z/a', '1');
      if (!a.ok) return t.fail();
      const u = await s.update('/z/a', '2', a.kv.modRevision);
      if (!u.ok) return t.fail();
      await s.create('/z/b', '1');
      await s.compact(u.revision);
      t.is(await s.compactedRevision(), u.revision);
      await t.throwsAsync(s.get('/z/a', a.revision), { instanceOf: CompactedError });
      await t.throwsAsync(s.list('/z/', { revision: a.revision }), { instanceOf: CompactedError });
      await t.throwsAsync(collect(s, '/z/', a.revision - 1, 1), { instanceOf: CompactedError });
      t.is((await s.get('/z/a', u.revision)).kv?.value, '2', 'the compacted revision itself is still readable');
      t.deepEqual(
        (await s.list('/z/')).kvs.map((k) => k.value),
        ['2', '1'],
      );
    },
  );

  withStore('aborting ends a watch', async (t, s) => {
    const ac = new AbortController();
    const rev = await s.currentRevision();
    const it = s.watch('/q/', rev, ac.signal)[Symbol.asyncIterator]();
    const next = it.next();
    ac.abort();
    const r = await next;
    t.true(r.done);
  });
}
