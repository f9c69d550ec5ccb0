import anyTest, { type TestFn } from 'ava';
import * as k8s from '@kubernetes/client-node';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { eventually } from '../helpers/kubectl.js';

const test = anyTest as TestFn<{ plane: TestControlPlane; kc: k8s.KubeConfig }>;

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(plane.kubeconfig);
  t.context = { plane, kc };
});
test.after.always(async (t) => {
  await t.context.plane?.destroy();
});

function collect(informer: k8s.Informer<k8s.V1ConfigMap>) {
  const events: string[] = [];
  informer.on('add', (o) => events.push(`add:${o.metadata!.name}`));
  informer.on('update', (o) => events.push(`update:${o.metadata!.name}:${o.data?.v}`));
  informer.on('delete', (o) => events.push(`delete:${o.metadata!.name}`));
  return events;
}

test.serial('typed client CRUD and typed errors', async (t) => {
  const core = t.context.kc.makeApiClient(k8s.CoreV1Api);
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'typed' }, data: { v: '1' } },
  });
  t.truthy(created.metadata?.uid);
  t.regex(created.metadata!.resourceVersion!, /^\d+$/);
  const list = await core.listNamespacedConfigMap({ namespace: 'default' });
  t.true(list.items.some((c) => c.metadata?.name === 'typed'));
  const err = await t.throwsAsync(core.readNamespacedConfigMap({ name: 'absent', namespace: 'default' }));
  t.is((err as k8s.ApiException<unknown>).code, 404);
  const dup = await t.throwsAsync(
    core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'typed' } } }),
  );
  t.is((dup as k8s.ApiException<unknown>).code, 409);
  const stale = { ...created, metadata: { ...created.metadata, resourceVersion: '1' } };
  const conflict = await t.throwsAsync(
    core.replaceNamespacedConfigMap({ name: 'typed', namespace: 'default', body: stale }),
  );
  t.is((conflict as k8s.ApiException<unknown>).code, 409);
  await core.deleteNamespacedConfigMap({ name: 'typed', namespace: 'default' });
});

test.serial('an informer sees every add, update and delete', async (t) => {
  const core = t.context.kc.makeApiClient(k8s.CoreV1Api);
  const path = '/api/v1/namespaces/default/configmaps';
  const informer = k8s.makeInformer(t.context.kc, path, () => core.listNamespacedConfigMap({ namespace: 'default' }));
  const events = collect(informer);
  await informer.start();
  try {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'inf' }, data: { v: '1' } },
    });
    await core.patchNamespacedConfigMap(
      { name: 'inf', namespace: 'default', body: { data: { v: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: 'inf', namespace: 'default' });
    const seen = await eventually(() => (events.includes('delete:inf') ? events : undefined));
    t.deepEqual(
      seen?.filter((e) => e.includes('inf')),
      ['add:inf', 'update:inf:2', 'delete:inf'],
    );
    t.is(
      informer.list('default').find((c) => c.metadata?.name === 'inf'),
      undefined,
      'the cache dropped the object',
    );
  } finally {
    await informer.stop();
  }
});

test.serial('an informer survives the server closing its watch', async (t) => {
  const core = t.context.kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(t.context.kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default' }),
  );
  const events = collect(informer);
  const errors: unknown[] = [];
  informer.on('error', (e) => errors.push(e));
  await informer.start();
  try {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'before-close' }, data: { v: '1' } },
    });
    await eventually(() => (events.includes('add:before-close') ? true : undefined));
    t.context.plane.api.watches.closeAll();
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'after-close' }, data: { v: '1' } },
    });
    const seen = await eventually(() => (events.includes('add:after-close') ? events : undefined));
    t.truthy(seen, `events: ${events.join(' ')}; errors: ${errors.length}`);
  } finally {
    await informer.stop();
  }
});

test.serial('an informer relists after 410 Expired and converges', async (t) => {
  // A small watch cache window, so that history the informer needs is gone when it re-watches.
  const plane = await startTestControlPlane({ watchCacheCapacity: 5 });
  try {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(plane.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'other' } } });
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const events = collect(informer);
    await informer.start();
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'first' }, data: { v: '1' } },
    });
    await eventually(() => (events.includes('add:first') ? true : undefined));
    const informerRv = Number((informer as unknown as { latestResourceVersion(): string }).latestResourceVersion());
    for (let i = 0; i < 10; i++) {
      await core.createNamespacedConfigMap({ namespace: 'other', body: { metadata: { name: `noise-${i}` } } });
    }
    t.true(plane.api.cache.oldestResumable > informerRv, "the informer's revision fell out of the window");
    // Raw watch from that revision: an ERROR event with 410, then the stream ends.
    const seen: Array<{ type: string; code?: number }> = [];
    await new Promise<void>((resolve) => {
      void new k8s.Watch(kc).watch(
        '/api/v1/namespaces/default/configmaps',
        { resourceVersion: String(informerRv) },
        (type, obj) => seen.push({ type, code: (obj as { code?: number }).code }),
        () => resolve(),
      );
    });
    t.deepEqual(seen, [{ type: 'ERROR', code: 410 }]);
    // Close the informer's watch: it re-watches from its old revision, gets 410, relists and goes on.
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'during-gap' }, data: { v: '1' } },
    });
    plane.api.watches.closeAll();
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'after-relist' }, data: { v: '1' } },
    });
    const converged = await eventually(() =>
      informer.list('default').some((c) => c.metadata?.name === 'after-relist') &&
      informer.list('default').some((c) => c.metadata?.name === 'during-gap')
        ? true
        : undefined,
    );
    t.true(
      converged,
      `cache: ${informer
        .list('default')
        .map((c) => c.metadata?.name)
        .join(',')}`,
    );
    await informer.stop();
  } finally {
    await plane.destroy();
  }
});
