import anyTest, { type TestFn } from 'ava';
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/kubectl.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { SharedInformer, type InformerOptions } from '../../../sdk/informers/shared-informer.js';
import { InformerFactory } from '../../../sdk/informers/informer-factory.js';
import { FakeClock, type Clock } from '../../../sdk/runtime/clock.js';
import { GatedClient } from './gated-client.js';

const test = anyTest as TestFn<{
  plane: TestControlPlane;
  client: HttpKubeClient;
  tiny: TestControlPlane;
  tinyClient: HttpKubeClient;
}>;

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfig);
  // A watch cache of 5 events: a watch resumed after a few writes gets 410 Gone.
  const tiny = await startTestControlPlane({ watchCacheCapacity: 5 });
  const tinyClient = await HttpKubeClient.fromKubeconfig(tiny.kubeconfig);
  t.context = { plane, client, tiny, tinyClient };
});
test.after.always(async (t) => {
  t.context.client?.close();
  t.context.tinyClient?.close();
  await t.context.plane?.destroy();
  await t.context.tiny?.destroy();
});

let nsCounter = 0;
async function freshNamespace(client: HttpKubeClient): Promise<string> {
  const name = `inf-${process.pid}-${nsCounter++}`;
  await client.create(builtin.namespaces, { metadata: { name } });
  return name;
}

const data = (o: KubeObject | undefined) => (o?.data as Record<string, string> | undefined)?.v;

function recorder<T extends KubeObject>(inf: SharedInformer<T>) {
  const events: string[] = [];
  inf.addEventHandler({
    onAdd: (o, initial) => events.push(`add:${o.metadata.name}:${data(o)}${initial ? ':list' : ''}`),
    onUpdate: (old, o) => events.push(`update:${o.metadata.name}:${data(old)}->${data(o)}`),
    onDelete: (o, unknown) => events.push(`delete:${o.metadata.name}:${data(o)}${unknown ? ':unknown' : ''}`),
  });
  return events;
}

test.serial('sees adds, updates with the old object, and deletes; the cache follows', async (t) => {
  const { client } = t.context;
  const ns = await freshNamespace(client);
  await client.create(builtin.configMaps, { metadata: { name: 'before', namespace: ns }, data: { v: '0' } });
  const inf = new SharedInformer(client, builtin.configMaps, { namespace: ns });
  const events = recorder(inf);
  inf.start();
  try {
    await inf.waitForSync();
    t.true(inf.hasSynced());
    await client.create(builtin.configMaps, { metadata: { name: 'a', namespace: ns }, data: { v: '1' } });
    await client.patch(builtin.configMaps, 'a', { data: { v: '2' } }, 'merge', { namespace: ns });
    await client.delete(builtin.configMaps, 'a', ns);
    await eventually(() => (events.length >= 4 ? true : undefined));
    t.deepEqual(events, ['add:before:0:list', 'add:a:1', 'update:a:1->2', 'delete:a:2']);
    t.is(inf.get('a', ns), undefined);
    t.is(data(inf.get('before', ns)), '0');
    t.deepEqual(
      inf.list(ns).map((o) => o.metadata.name),
      ['before'],
    );
    t.true(inf.status().ready);
  } finally {
    await inf.stop();
  }
});

test.serial('custom indexers and label selectors', async (t) => {
  const { client } = t.context;
  const ns = await freshNamespace(client);
  const inf = new SharedInformer(client, builtin.configMaps, {
    namespace: ns,
    labelSelector: 'team in (a,b),!skip',
    indexers: { byTeam: (o) => [o.metadata.labels?.team ?? ''] },
  });
  inf.start();
  try {
    await inf.waitForSync();
    const mk = (name: string, labels: Record<string, string>) =>
      client.create(builtin.configMaps, { metadata: { name, namespace: ns, labels } });
    await mk('a1', { team: 'a' });
    await mk('a2', { team: 'a' });
    await mk('b1', { team: 'b' });
    await mk('c1', { team: 'c' });
    await mk('a3', { team: 'a', skip: 'yes' });
    await eventually(() => (inf.size === 3 ? true : undefined));
    t.deepEqual(
      inf
        .byIndex('byTeam', 'a')
        .map((o) => o.metadata.name)
        .sort(),
      ['a1', 'a2'],
    );
    t.deepEqual(
      inf.byIndex('byTeam', 'b').map((o) => o.metadata.name),
      ['b1'],
    );
    t.deepEqual(inf.byIndex('byTeam', 'c'), []);
  } finally {
    await inf.stop();
  }
});

test.serial('survives the server closing every watch, resuming without a relist', async (t) => {
  const { client, plane } = t.context;
  const ns = await freshNamespace(client);
  const inf = new SharedInformer(client, builtin.configMaps, { namespace: ns });
  const events = recorder(inf);
  inf.start();
  try {
    await inf.waitForSync();
    for (let round = 1; round <= 3; round++) {
      plane.api.watches.closeAll();
      await client.create(builtin.configMaps, {
        metadata: { name: `after-${round}`, namespace: ns },
        data: { v: '1' },
      });
      await eventually(() => (inf.get(`after-${round}`, ns) ? true : undefined));
    }
    t.deepEqual(events, ['add:after-1:1', 'add:after-2:1', 'add:after-3:1']);
    t.is(inf.status().relists, 1, 'only the first list');
  } finally {
    await inf.stop();
  }
});

test.serial('relists after 410 Gone and reports deletions it missed as final state unknown', async (t) => {
  const { tinyClient: client, tiny: plane } = t.context;
  const ns = await freshNamespace(client);
  await client.create(builtin.configMaps, { metadata: { name: 'doomed', namespace: ns }, data: { v: '0' } });
  const gated = new GatedClient(client);
  const inf = new SharedInformer(gated.client, builtin.configMaps, { namespace: ns });
  const events = recorder(inf);
  inf.start();
  try {
    await inf.waitForSync();
    await until(() => gated.watchesOpened === 1 && plane.api.watches.active === 1);
    gated.close();
    plane.api.watches.closeAll();
    // More writes than the watch cache keeps, while the informer is cut off.
    await client.delete(builtin.configMaps, 'doomed', ns);
    for (let i = 0; i < 8; i++)
      await client.create(builtin.configMaps, { metadata: { name: `m${i}`, namespace: ns }, data: { v: '1' } });
    t.false(inf.status().ready, 'not ready while its watch is down');
    gated.open();
    await eventually(() => (inf.size === 8 ? true : undefined));
    t.is(inf.status().relists, 2);
    t.is(inf.get('doomed', ns), undefined);
    t.deepEqual(events, [
      'add:doomed:0:list',
      ...Array.from({ length: 8 }, (_, i) => `add:m${i}:1:list`),
      'delete:doomed:0:unknown',
    ]);
    await eventually(() => (inf.status().ready ? true : undefined));
    t.true(inf.status().ready);
  } finally {
    gated.open();
    await inf.stop();
  }
});

/** A FakeClock that records the delays asked for. */
class RecordingClock extends FakeClock implements Clock {
  delays: number[] = [];
  override setTimer(ms: number, fn: () => void) {
    this.delays.push(ms);
    return super.setTimer(ms, fn);
  }
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

test.serial('reconnects with capped exponential backoff on watch errors, and is not ready meanwhile', async (t) => {
  const { client } = t.context;
  const ns = await freshNamespace(client);
  const gated = new GatedClient(client);
  gated.failNext = 4;
  const clock = new RecordingClock(1_000_000);
  const idleTimeoutMs = 3_600_000;
  const options: InformerOptions = {
    namespace: ns,
    clock,
    random: () => 0,
    idleTimeoutMs,
    backoff: { initialMs: 800, maxMs: 5000, jitter: 0.5 },
  };
  const inf = new SharedInformer(gated.client, builtin.configMaps, options);
  inf.start();
  try {
    await inf.waitForSync();
    for (let i = 1; i <= 4; i++) {
      await until(() => inf.status().errors === i && clock.pendingTimers > 0);
      t.false(inf.status().ready);
      t.regex(inf.status().reason ?? '', /watch down: injected watch failure/);
      clock.advance(10_000);
    }
    await until(() => gated.watchesOpened === 1);
    const backoffs = clock.delays.filter((d) => d !== idleTimeoutMs);
    // 800 ms doubling, capped at 5 s (jitter adds random() * 0.5 of the delay; random is 0 here).
    t.deepEqual(backoffs, [800, 1600, 3200, 5000]);
    await client.create(builtin.configMaps, { metadata: { name: 'late', namespace: ns } });
    await until(() => inf.get('late', ns) !== undefined);
    t.truthy(inf.get('late', ns));
    t.true(inf.status().ready);
  } finally {
    await inf.stop();
  }
});

test.serial('the idle watchdog restarts a silent watch; readiness turns false when the watch lags', async (t) => {
  const { client } = t.context;
  const ns = await freshNamespace(client);
  const clock = new FakeClock(5_000_000);
  const gated = new GatedClient(client);
  const inf = new SharedInformer(gated.client, builtin.configMaps, {
    namespace: ns,
    clock,
    idleTimeoutMs: 60_000,
    lagThresholdMs: 30_000,
  });
  inf.start();
  try {
    await inf.waitForSync();
    await until(() => gated.watchesOpened === 1);
    t.true(inf.status().ready);
    clock.advance(30_001);
    t.false(inf.status().ready);
    t.regex(inf.status().reason ?? '', /silent/);
    clock.advance(30_000);
    await until(() => gated.watchesOpened === 2);
    t.is(inf.status().idleRestarts, 1);
    t.is(gated.watchesOpened, 2);
    t.true(inf.status().ready, 'a new watch resets the silence');
    await client.create(builtin.configMaps, { metadata: { name: 'after-restart', namespace: ns } });
    await until(() => inf.get('after-restart', ns) !== undefined);
    t.truthy(inf.get('after-restart', ns));
    t.is(inf.status().relists, 1);
  } finally {
    await inf.stop();
  }
});

test.serial(
  'read-your-writes: the cache holds a write as soon as it returns, and never goes back to older events',
  async (t) => {
    const { client } = t.context;
    const ns = await freshNamespace(client);
    const gated = new GatedClient(client);
    const factory = new InformerFactory(gated.client);
    const inf = factory.informer(builtin.configMaps, { namespace: ns });
    const seenInCache: string[] = [];
    inf.addEventHandler({
      onAdd: (o) => seenInCache.push(`${data(o)}/${data(inf.get(o.metadata.name!, ns))}`),
      onUpdate: (_old, o) => seenInCache.push(`${data(o)}/${data(inf.get(o.metadata.name!, ns))}`),
    });
    factory.start();
    try {
      await factory.waitForSync();
      await until(() => gated.watchesOpened === 1 && t.context.plane.api.watches.active === 1);
      // Hold the watch back so that no event can bring the writes in.
      gated.close();
      t.context.plane.api.watches.closeAll();
      const created = await factory.client.create(builtin.configMaps, {
        metadata: { name: 'ryw', namespace: ns },
        data: { v: '1' },
      });
      t.is(inf.get('ryw', ns)?.metadata.resourceVersion, created.metadata.resourceVersion);
      const updated = await factory.client.patch(builtin.configMaps, 'ryw', { data: { v: '2' } }, 'merge', {
        namespace: ns,
      });
      t.is(data(inf.get('ryw', ns)), '2');
      t.is(inf.get('ryw', ns)?.metadata.resourceVersion, updated.metadata.resourceVersion);
      t.deepEqual(seenInCache, [], 'recorded writes run no handlers');
      gated.open();
      await until(() => seenInCache.length === 2);
      // The handlers see the true event history (1 then 2) while the cache already holds 2.
      t.deepEqual(seenInCache, ['1/2', '2/2']);
      await factory.client.delete(builtin.configMaps, 'ryw', ns);
      t.is(inf.get('ryw', ns), undefined);
    } finally {
      gated.open();
      await factory.stop();
    }
  },
);
