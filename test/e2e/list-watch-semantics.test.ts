import anyTest, { type TestFn } from 'ava';
import { request } from 'node:https';
import { adminClient } from '../helpers/capstan-process.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';

const test = anyTest as TestFn<{ plane: TestControlPlane; client: ReturnType<typeof adminClient>; port: number }>;

test.before(async (t) => {
  const plane = await startTestControlPlane({ bookmarkIntervalMs: 200 });
  const port = Number(new URL(plane.url).port);
  t.context = { plane, client: adminClient(plane.dataDir, port), port };
  await t.context.client.call('POST', '/api/v1/namespaces', { metadata: { name: 'lw' } });
  for (let i = 0; i < 7; i++) {
    await t.context.client.call('POST', '/api/v1/namespaces/lw/configmaps', {
      metadata: { name: `cm-${i}`, labels: { parity: i % 2 === 0 ? 'even' : 'odd', idx: String(i) } },
    });
  }
});
test.after.always(async (t) => {
  t.context.client?.agent.destroy();
  await t.context.plane?.destroy();
});

const base = '/api/v1/namespaces/lw/configmaps';
const names = (body: { items: Array<{ metadata: { name: string } }> }) => body.items.map((i) => i.metadata.name);

/** Reads a watch stream until it ends (the server closes it) or `until` says stop. */
function readWatch(
  t: { context: { client: ReturnType<typeof adminClient>; port: number } },
  path: string,
  until: (events: any[]) => boolean,
) {
  return new Promise<any[]>((resolve, reject) => {
    const events: any[] = [];
    const req = request({ host: '127.0.0.1', port: t.context.port, path, agent: t.context.client.agent }, (res) => {
      let buf = '';
      res.on('data', (d) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
          if (until(events)) {
            req.destroy();
            resolve(events);
            return;
          }
        }
      });
      res.on('end', () => resolve(events));
      res.on('close', () => resolve(events));
    });
    req.on('error', (e) => (events.length > 0 ? resolve(events) : reject(e)));
    req.end();
  });
}

test.serial('limit and continue page through every object once, with remainingItemCount', async (t) => {
  const seen: string[] = [];
  let token = '';
  const remaining: number[] = [];
  for (;;) {
    const r = await t.context.client.call('GET', `${base}?limit=3${token ? `&continue=${token}` : ''}`);
    t.is(r.status, 200);
    seen.push(...names(r.body));
    if (!r.body.metadata.continue) break;
    remaining.push(r.body.metadata.remainingItemCount);
    token = r.body.metadata.continue;
  }
  t.deepEqual(seen, ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6']);
  t.deepEqual(remaining, [4, 1]);
});

test.serial('a continued list reads the snapshot of its first page', async (t) => {
  const first = await t.context.client.call('GET', `${base}?limit=2`);
  await t.context.client.call('POST', '/api/v1/namespaces/lw/configmaps', { metadata: { name: 'cm-9-late' } });
  const rest = await t.context.client.call('GET', `${base}?continue=${first.body.metadata.continue}`);
  t.false(names(rest.body).includes('cm-9-late'), 'an object created after the first page is not in the continuation');
  t.is(rest.body.metadata.resourceVersion, first.body.metadata.resourceVersion);
  await t.context.client.call('DELETE', '/api/v1/namespaces/lw/configmaps/cm-9-late');
});

test.serial('label selectors with set operators, and limit counting matches only', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['parity=even', ['cm-0', 'cm-2', 'cm-4', 'cm-6']],
    ['parity!=even', ['cm-1', 'cm-3', 'cm-5']],
    ['idx in (1,4)', ['cm-1', 'cm-4']],
    ['idx notin (0,1,2,3,4)', ['cm-5', 'cm-6']],
    ['parity,!missing', ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6']],
  ];
  for (const [sel, expected] of cases) {
    const r = await t.context.client.call('GET', `${base}?labelSelector=${encodeURIComponent(sel)}`);
    t.deepEqual(names(r.body), expected, sel);
  }
  const limited = await t.context.client.call('GET', `${base}?labelSelector=parity%3Dodd&limit=2`);
  t.deepEqual(names(limited.body), ['cm-1', 'cm-3']);
  t.truthy(limited.body.metadata.continue);
});

test.serial('resourceVersionMatch=Exact reads the past; a future resourceVersion is refused', async (t) => {
  const before = await t.context.client.call('GET', base);
  const rv = before.body.metadata.resourceVersion;
  await t.context.client.call('POST', '/api/v1/namespaces/lw/configmaps', { metadata: { name: 'cm-exact' } });
  const exact = await t.context.client.call('GET', `${base}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
  t.deepEqual(names(exact.body), names(before.body));
  const latest = await t.context.client.call('GET', `${base}?resourceVersion=0`);
  t.true(names(latest.body).includes('cm-exact'));
  const future = await t.context.client.call('GET', `${base}?resourceVersion=${Number(rv) + 100000}`);
  t.is(future.status, 504);
  t.is(future.body.reason, 'Timeout');
  await t.context.client.call('DELETE', '/api/v1/namespaces/lw/configmaps/cm-exact');
});

test.serial('a watch without resourceVersion starts with the current objects, narrowed by a selector', async (t) => {
  const events = await readWatch(t, `${base}?watch=true&labelSelector=parity%3Dodd`, (e) => e.length >= 3);
  t.deepEqual(
    events.map((e) => [e.type, e.object.metadata.name]),
    [
      ['ADDED', 'cm-1'],
      ['ADDED', 'cm-3'],
      ['ADDED', 'cm-5'],
    ],
  );
});

test.serial('an object that stops matching a watch selector is sent as DELETED', async (t) => {
  const list = await t.context.client.call('GET', base);
  const rv = list.body.metadata.resourceVersion;
  const pending = readWatch(
    t,
    `${base}?watch=true&resourceVersion=${rv}&labelSelector=parity%3Dodd`,
    (e) => e.length >= 2,
  );
  await new Promise((r) => setTimeout(r, 100));
  await t.context.client.call(
    'PATCH',
    `${base}/cm-1`,
    { metadata: { labels: { parity: 'even' } } },
    { 'Content-Type': 'application/merge-patch+json' },
  );
  await t.context.client.call(
    'PATCH',
    `${base}/cm-1`,
    { metadata: { labels: { parity: 'odd' } } },
    { 'Content-Type': 'application/merge-patch+json' },
  );
  const events = await pending;
  t.deepEqual(
    events.map((e) => [e.type, e.object.metadata.name]),
    [
      ['DELETED', 'cm-1'],
      ['ADDED', 'cm-1'],
    ],
  );
});

test.serial('timeoutSeconds ends the watch, and bookmarks carry a resourceVersion', async (t) => {
  const list = await t.context.client.call('GET', base);
  const events = await readWatch(
    t,
    `${base}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}&allowWatchBookmarks=true&timeoutSeconds=1`,
    () => false,
  );
  const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
  t.true(bookmarks.length >= 1, 'a bookmark arrived before the timeout ended the stream');
  t.true(Number(bookmarks[0].object.metadata.resourceVersion) >= Number(list.body.metadata.resourceVersion));
  t.is(bookmarks[0].object.kind, 'ConfigMap');
});

test.serial('a watch from an expired resourceVersion gets a 410 ERROR event', async (t) => {
  const plane = await startTestControlPlane({ watchCacheCapacity: 2 });
  const client = adminClient(plane.dataDir, Number(new URL(plane.url).port));
  try {
    const first = await client.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'a' } });
    for (const n of ['b', 'c', 'd'])
      await client.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n } });
    const events = await readWatch(
      { context: { client, port: Number(new URL(plane.url).port) } },
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${first.body.metadata.resourceVersion}`,
      () => false,
    );
    t.is(events.length, 1);
    t.is(events[0].type, 'ERROR');
    t.is(events[0].object.code, 410);
    t.is(events[0].object.reason, 'Expired');
  } finally {
    client.agent.destroy();
    await plane.destroy();
  }
});

test.serial('deletecollection removes what the selector matches and nothing else', async (t) => {
  await t.context.client.call('POST', '/api/v1/namespaces', { metadata: { name: 'dc' } });
  for (const [n, l] of [
    ['x1', 'a'],
    ['x2', 'a'],
    ['x3', 'b'],
  ]) {
    await t.context.client.call('POST', '/api/v1/namespaces/dc/configmaps', {
      metadata: { name: n, labels: { g: l } },
    });
  }
  const r = await t.context.client.call('DELETE', '/api/v1/namespaces/dc/configmaps?labelSelector=g%3Da');
  t.is(r.status, 200);
  const left = await t.context.client.call('GET', '/api/v1/namespaces/dc/configmaps');
  t.deepEqual(
    names(left.body).filter((n) => n.startsWith('x')),
    ['x3'],
  );
});

test.serial('finalizers hold a deletion until they are removed; dry-run changes nothing', async (t) => {
  const c = t.context.client;
  await c.call('POST', '/api/v1/namespaces/lw/configmaps', {
    metadata: { name: 'held', finalizers: ['example.com/hold'] },
  });
  const dry = await c.call('DELETE', '/api/v1/namespaces/lw/configmaps/held?dryRun=All');
  t.true(dry.status < 300);
  t.is((await c.call('GET', '/api/v1/namespaces/lw/configmaps/held')).body.metadata.deletionTimestamp, undefined);
  const del = await c.call('DELETE', '/api/v1/namespaces/lw/configmaps/held');
  t.is(del.status, 202);
  const held = await c.call('GET', '/api/v1/namespaces/lw/configmaps/held');
  t.truthy(held.body.metadata.deletionTimestamp);
  const cleared = await c.call(
    'PATCH',
    '/api/v1/namespaces/lw/configmaps/held',
    { metadata: { finalizers: null } },
    { 'Content-Type': 'application/merge-patch+json' },
  );
  t.is(cleared.status, 200);
  t.is((await c.call('GET', '/api/v1/namespaces/lw/configmaps/held')).status, 404);
  const fg = await c.call('POST', '/api/v1/namespaces/lw/configmaps', { metadata: { name: 'fg' } });
  t.is(fg.status, 201);
  await c.call('DELETE', '/api/v1/namespaces/lw/configmaps/fg', { propagationPolicy: 'Foreground' });
  const fgObj = await c.call('GET', '/api/v1/namespaces/lw/configmaps/fg');
  t.deepEqual(
    fgObj.body.metadata.finalizers,
    ['foregroundDeletion'],
    'foreground deletion waits for the garbage collector',
  );
});

test.serial(
  'the status subresource changes only status; main writes ignore status and bump generation on spec changes',
  async (t) => {
    const c = t.context.client;
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gen' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
      status: { replicas: 99 },
    };
    const created = await c.call('POST', '/apis/apps/v1/namespaces/lw/deployments', dep);
    t.is(created.status, 201);
    t.is(created.body.metadata.generation, 1);
    t.is(created.body.status?.replicas, undefined, 'status is dropped on create');
    const status = await c.call(
      'PATCH',
      '/apis/apps/v1/namespaces/lw/deployments/gen/status',
      { status: { replicas: 3 }, spec: { replicas: 7 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    t.is(status.body.status.replicas, 3);
    t.is(status.body.spec.replicas, 1, 'a status write leaves spec alone');
    t.is(status.body.metadata.generation, 1);
    const spec = await c.call(
      'PATCH',
      '/apis/apps/v1/namespaces/lw/deployments/gen',
      { spec: { replicas: 2 }, status: { replicas: 0 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    t.is(spec.body.metadata.generation, 2);
    t.is(spec.body.status.replicas, 3, 'a main-resource write leaves status alone');
    const scale = await c.call('GET', '/apis/apps/v1/namespaces/lw/deployments/gen/scale');
    t.is(scale.body.kind, 'Scale');
    t.is(scale.body.spec.replicas, 2);
    const scaled = await c.call(
      'PATCH',
      '/apis/apps/v1/namespaces/lw/deployments/gen/scale',
      { spec: { replicas: 5 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    t.is(scaled.body.spec.replicas, 5);
    t.is((await c.call('GET', '/apis/apps/v1/namespaces/lw/deployments/gen')).body.spec.replicas, 5);
  },
);
