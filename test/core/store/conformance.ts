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

  for (const limit of [1, 2, 7, 22, 23, 50]) {
    withStore(`paging with limit ${limit} returns each key once and counts what follows`, async (t, s) => {
      const keys = Array.from({ length: 23 }, (_, i) => `/pg/${String(i).padStart(2, '0')}`);
      await Promise.all(keys.map((k) => s.create(k, 'v')));
      await s.create('/pg', 'the prefix without its slash is outside');
      await s.create('/pg0', 'outside');
      const pinned = await s.currentRevision();
      await s.create('/pg/99', 'written after the first page; invisible at the pinned revision');
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page++) {
        const res = await s.list('/pg/', { limit, after, revision: pinned });
        t.is(res.revision, pinned);
        t.true(res.kvs.length <= limit);
        seen.push(...res.kvs.map((k) => k.key));
        t.is(res.remaining, keys.length - seen.length);
        t.is(res.more, seen.length < keys.length);
        if (!res.more) break;
        after = res.kvs.at(-1)!.key;
      }
      t.deepEqual(seen, keys);
    });
  }

  withStore('list with a cursor before or beyond the prefix range', async (t, s) => {
    for (const k of ['/m/a', '/m/b', '/n/a']) await s.create(k, k);
    t.deepEqual(
      (await s.list('/m/', { after: '/a' })).kvs.map((k) => k.key),
      ['/m/a', '/m/b'],
    );
    t.deepEqual(
      (await s.list('/m/', { after: '/m/a' })).kvs.map((k) => k.key),
      ['/m/b'],
    );
    const beyond = await s.list('/m/', { after: '/m/z' });
    t.deepEqual(beyond.kvs, []);
    t.false(beyond.more);
    t.is(beyond.remaining, 0);
    t.deepEqual((await s.list('/nothing/')).kvs, []);
  });

  withStore('keys are ordered by their UTF-8 bytes, as etcd orders them', async (t, s) => {
    // UTF-8: Z=5A, a=61, é=C3A9, U+FFFD=EFBFBD, U+1F600=F09F9880 (a UTF-16 sort would put the emoji first).
    const ordered = ['/u/Z', '/u/a', '/u/a/b', '/u/é', '/u/\ufffd', '/u/\u{1f600}'];
    for (const k of [...ordered].reverse()) await s.create(k, k);
    t.deepEqual(
      (await s.list('/u/')).kvs.map((k) => k.key),
      ordered,
    );
    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await s.list('/u/', { limit: 2, after });
      paged.push(...res.kvs.map((k) => k.key));
      if (!res.more) break;
      after = res.kvs.at(-1)!.key;
    }
    t.deepEqual(paged, ordered);
    t.deepEqual(
      (await s.list('/u/\ufffd')).kvs.map((k) => k.value),
      ['/u/\ufffd'],
    );
    t.is((await s.get('/u/\u{1f600}')).kv?.value, '/u/\u{1f600}');
  });

  withStore('count counts the live keys under a prefix only', async (t, s) => {
    for (const k of ['/cnt/a', '/cnt/b', '/cnt/c', '/cnt2/a']) await s.create(k, 'x');
    t.is((await s.delete('/cnt/b')).ok, true);
    const c = await s.count('/cnt/');
    t.is(c.count, 2);
    t.is(c.revision, await s.currentRevision());
    t.is((await s.count('/cnt')).count, 3);
    t.is((await s.count('/none/')).count, 0);
  });

  withStore('refusals report the current revision and change nothing', async (t, s) => {
    const a = await s.create('/f/a', '1');
    if (!a.ok) return t.fail();
    const before = await s.currentRevision();
    const outcomes = [
      await s.create('/f/a', '2'),
      await s.update('/f/a', '2', a.revision + 100),
      await s.update('/f/missing', '2', a.revision),
      await s.delete('/f/a', a.revision + 100),
      await s.delete('/f/missing'),
    ];
    t.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : o.reason)),
      ['exists', 'conflict', 'not-found', 'conflict', 'not-found'],
    );
    for (const o of outcomes) t.is(o.revision, before);
    t.is(await s.currentRevision(), before);
    t.is((await s.get('/f/a')).kv?.value, '1');
  });

  withStore('a deleted key can be created again with a new createRevision', async (t, s) => {
    const a = await s.create('/re/a', 'first');
    if (!a.ok) return t.fail();
    const d = await s.delete('/re/a');
    if (!d.ok) return t.fail();
    t.is(d.kv.value, 'first');
    t.is(d.kv.createRevision, a.revision);
    const b = await s.create('/re/a', 'second');
    if (!b.ok) return t.fail();
    t.true(b.revision > d.revision);
    t.is(b.kv.createRevision, b.revision);
    const stale = await s.update('/re/a', 'x', a.revision);
    t.false(stale.ok);
    const events = await collect(s, '/re/', a.revision - 1, 3);
    t.deepEqual(
      events.map((e) => [e.type, e.kv.value, e.kv.createRevision, e.kv.modRevision, e.prev?.modRevision]),
      [
        ['create', 'first', a.revision, a.revision, undefined],
        ['delete', 'first', a.revision, d.revision, a.revision],
        ['create', 'second', b.revision, b.revision, undefined],
      ],
    );
  });

  withStore('update events carry the previous value and revisions', async (t, s) => {
    const a = await s.create('/ev/a', 'v1');
    if (!a.ok) return t.fail();
    const u1 = await s.update('/ev/a', 'v2', a.revision);
    if (!u1.ok) return t.fail();
    const u2 = await s.update('/ev/a', 'v3', u1.revision);
    if (!u2.ok) return t.fail();
    const events = await collect(s, '/ev/', a.revision, 2);
    t.deepEqual(events[1], {
      type: 'update',
      kv: { key: '/ev/a', value: 'v3', createRevision: a.revision, modRevision: u2.revision },
      prev: { key: '/ev/a', value: 'v2', createRevision: a.revision, modRevision: u1.revision },
      revision: u2.revision,
    });
  });

  withStore('a long history replays completely and in order before live events', async (t, s) => {
    const from = await s.currentRevision();
    const total = 700;
    for (let i = 0; i < total; i += 100)
      await Promise.all(Array.from({ length: 100 }, (_, j) => s.create(`/h/${i + j}`, String(i + j))));
    await s.create('/h-other/x', 'outside the prefix');
    const pending = collect(s, '/h/', from, total + 2);
    await s.create('/h/live-1', 'x');
    await s.create('/h/live-2', 'x');
    const events = await pending;
    t.is(events.length, total + 2);
    t.is(new Set(events.map((e) => e.kv.key)).size, total + 2);
    t.true(events.every((e, i) => i === 0 || e.revision > events[i - 1]!.revision));
    t.deepEqual(
      events.slice(-2).map((e) => e.kv.key),
      ['/h/live-1', '/h/live-2'],
    );
  });

  withStore('several watches on one prefix each see every event once', async (t, s) => {
    const from = await s.currentRevision();
    const watches = [collect(s, '/mw/', from, 4), collect(s, '/mw/', from, 4), collect(s, '/mw/a', from, 2)];
    const a = await s.create('/mw/a', '1');
    await s.create('/mw/b', '1');
    if (!a.ok) return t.fail();
    await s.update('/mw/a', '2', a.revision);
    await s.delete('/mw/b');
    const [one, two, narrow] = await Promise.all(watches);
    const shape = (es: StoreEvent[]) => es.map((e) => `${e.type} ${e.kv.key}`);
    t.deepEqual(shape(one!), ['create /mw/a', 'create /mw/b', 'update /mw/a', 'delete /mw/b']);
    t.deepEqual(shape(two!), shape(one!));
    t.deepEqual(shape(narrow!), ['create /mw/a', 'update /mw/a']);
  });

  withStore('a watch from the compacted revision still works and compaction keeps the latest state', async (t, s) => {
    const a = await s.create('/cz/a', '1');
    const b = await s.create('/cz/b', '1');
    if (!a.ok || !b.ok) return t.fail();
    const u = await s.update('/cz/a', '2', a.revision);
    const d = await s.delete('/cz/b');
    const c = await s.create('/cz/c', '1');
    if (!u.ok || !d.ok || !c.ok) return t.fail();
    const before = (await s.list('/cz/', { revision: d.revision })).kvs;
    await s.compact(d.revision);
    t.is(await s.compactedRevision(), d.revision);
    t.deepEqual((await s.list('/cz/', { revision: d.revision })).kvs, before);
    t.deepEqual(
      (await s.list('/cz/')).kvs.map((k) => [k.key, k.value, k.createRevision, k.modRevision]),
      [
        ['/cz/a', '2', a.revision, u.revision],
        ['/cz/c', '1', c.revision, c.revision],
      ],
    );
    t.is((await s.get('/cz/b', d.revision)).kv, undefined);
    const events = await collect(s, '/cz/', d.revision, 1);
    t.deepEqual(
      events.map((e) => [e.type, e.kv.key, e.revision]),
      [['create', '/cz/c', c.revision]],
    );
    await s.compact(a.revision);
    t.is(await s.compactedRevision(), d.revision, 'compacting to an older revision changes nothing');
    const later = await s.update('/cz/a', '3', u.revision);
    t.true(later.ok, 'writes go on after compaction');
  });

  withStore('reads at a revision not reached yet fail', async (t, s) => {
    await s.create('/fut/a', '1');
    const now = await s.currentRevision();
    const err = await t.throwsAsync(s.get('/fut/a', now + 1000));
    t.false(err instanceof CompactedError);
    await t.throwsAsync(s.list('/fut/', { revision: now + 1000 }));
  });

  withStore('breaking out of a watch loop ends it; an aborted signal ends it before any event', async (t, s) => {
    const from = await s.currentRevision();
    await s.create('/br/a', '1');
    await s.create('/br/b', '1');
    const seen: string[] = [];
    for await (const e of s.watch('/br/', from, new AbortController().signal)) {
      seen.push(e.kv.key);
      break;
    }
    t.deepEqual(seen, ['/br/a']);
    const ac = new AbortController();
    ac.abort();
    const none: StoreEvent[] = [];
    for await (const e of s.watch('/br/', from, ac.signal)) none.push(e);
    t.deepEqual(none, []);
  });

  withStore('an empty prefix lists, counts and watches every key', async (t, s) => {
    const from = await s.currentRevision();
    for (const k of ['/b', '/a/x', 'plain']) await s.create(k, k);
    t.deepEqual(
      (await s.list('')).kvs.map((k) => k.key),
      ['/a/x', '/b', 'plain'],
    );
    t.is((await s.count('')).count, 3);
    const page = await s.list('', { limit: 1, after: '/a/x' });
    t.deepEqual([page.kvs.map((k) => k.key), page.more, page.remaining], [['/b'], true, 1]);
    t.deepEqual(
      (await collect(s, '', from, 3)).map((e) => e.kv.key),
      ['/b', '/a/x', 'plain'],
    );
  });

  withStore('a watch from a revision not reached yet starts after it', async (t, s) => {
    const now = await s.currentRevision();
    const pending = collect(s, '/fw/', now + 2, 1);
    for (const k of ['/fw/1', '/fw/2', '/fw/3']) await s.create(k, 'x');
    const events = await pending;
    t.deepEqual(
      events.map((e) => [e.kv.key, e.revision]),
      [['/fw/3', now + 3]],
    );
  });

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
