import anyTest, { type TestFn } from 'ava';
import { request } from 'node:http';
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/kubectl.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import { NotFoundError } from '../../../sdk/client/api-error.js';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../../sdk/runtime/finalizers.js';
import { Manager } from '../../../sdk/runtime/manager.js';
import { setControllerReference } from '../../../sdk/runtime/owner-references.js';
import type { ReconcileContext, Request } from '../../../sdk/runtime/reconciler.js';

const test = anyTest as TestFn<{ plane: TestControlPlane; client: HttpKubeClient }>;

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfig);
  t.context = { plane, client };
});
test.after.always(async (t) => {
  t.context.client?.close();
  await t.context.plane?.destroy();
});

const finalizer = 'mirror.example.com/cleanup';

/** Mirrors labelled ConfigMaps of `src` into `dst`, with a receipt ConfigMap owned by the source. */
function mirrorReconciler(src: string, dst: string) {
  return async (req: Request, ctx: ReconcileContext) => {
    const source = await ctx.cache.get(builtin.configMaps, req.name, req.namespace);
    if (!source) return;
    if (source.metadata.deletionTimestamp) {
      if (!hasFinalizer(source, finalizer)) return;
      await ctx.client.delete(builtin.configMaps, req.name, dst).catch((e) => {
        if (!(e instanceof NotFoundError)) throw e;
      });
      const copy = structuredClone(source);
      removeFinalizer(copy, finalizer);
      await ctx.client.update(builtin.configMaps, copy);
      return;
    }
    let current = source;
    const withFinalizer = structuredClone(source);
    if (addFinalizer(withFinalizer, finalizer)) current = await ctx.client.update(builtin.configMaps, withFinalizer);
    await ctx.client.apply(
      builtin.configMaps,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: req.name, namespace: dst, labels: { 'mirror-of': req.name } },
        data: (current.data as Record<string, string>) ?? {},
      },
      { fieldManager: 'mirror', force: true },
    );
    const receipt: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${req.name}-receipt`, namespace: src },
      data: { mirroredTo: `${dst}/${req.name}` },
    };
    setControllerReference(current, receipt);
    await ctx.client.apply(builtin.configMaps, receipt, { fieldManager: 'mirror', force: true });
    await ctx.recorder.event(current, 'Normal', 'Mirrored', 'Mirror', `mirrored to ${dst}/${req.name}`);
  };
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a mirror controller: primary with selector, owned and related kinds, finalizer, events, metrics', async (t) => {
  const { client } = t.context;
  const [src, dst] = ['mirror-src', 'mirror-dst'];
  for (const ns of [src, dst]) await client.create(builtin.namespaces, { metadata: { name: ns } });
  const mgr = new Manager({
    client,
    healthPort: 0,
    logger: (await import('pino')).pino({ level: process.env.SDK_TEST_LOG ?? 'silent' }),
  });
  mgr.addController({
    name: 'mirror',
    for: { resource: builtin.configMaps, selector: { namespace: src, labelSelector: 'mirror=true' } },
    owns: [{ resource: builtin.configMaps, selector: { namespace: src } }],
    watches: [
      {
        resource: builtin.configMaps,
        selector: { namespace: dst },
        map: (o) =>
          o.metadata.labels?.['mirror-of'] ? [{ namespace: src, name: o.metadata.labels['mirror-of'] }] : [],
      },
    ],
    reconciler: mirrorReconciler(src, dst),
  });
  await mgr.start();
  const get = (name: string, ns: string) => client.get(builtin.configMaps, name, ns).catch(() => undefined);
  try {
    await client.create(builtin.configMaps, {
      metadata: { name: 'app', namespace: src, labels: { mirror: 'true' } },
      data: { k: '1' },
    });
    await client.create(builtin.configMaps, { metadata: { name: 'unlabelled', namespace: src }, data: { k: '1' } });

    const copy = await eventually(() => get('app', dst));
    t.deepEqual(copy?.data, { k: '1' });
    const source = await client.get(builtin.configMaps, 'app', src);
    t.deepEqual(source.metadata.finalizers, [finalizer]);
    const receipt = await eventually(() => get('app-receipt', src));
    t.deepEqual(receipt?.metadata.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'app',
        uid: source.metadata.uid!,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    t.is(await get('unlabelled', dst), undefined, 'the label selector keeps other ConfigMaps out');

    // An update of the primary is mirrored.
    await client.patch(builtin.configMaps, 'app', { data: { k: '2' } }, 'merge', { namespace: src });
    t.truthy(
      await eventually(async () => ((await get('app', dst))?.data as { k?: string })?.k === '2' || undefined),
      JSON.stringify(mgr.informers.status()),
    );

    // Deleting the copy (a related kind) brings it back.
    await client.delete(builtin.configMaps, 'app', dst);
    t.truthy(await eventually(() => get('app', dst)), 'the copy was restored');

    // Deleting the receipt (an owned kind) enqueues its owner, which recreates it.
    const oldReceipt = receipt!.metadata.uid;
    await client.delete(builtin.configMaps, 'app-receipt', src);
    const newReceipt = await eventually(async () => {
      const r = await get('app-receipt', src);
      return r && r.metadata.uid !== oldReceipt ? r : undefined;
    });
    t.truthy(newReceipt, 'the receipt was recreated');

    // Deleting the source runs the finalizer: the copy goes, then the source.
    await client.delete(builtin.configMaps, 'app', src);
    t.true(await eventually(async () => ((await get('app', src)) === undefined ? true : undefined)));
    t.is(await get('app', dst), undefined);

    // Events: one Event per distinct note, repeats counted in series.
    const events = await client.list(builtin.events, { namespace: src });
    const mirrored = events.items.filter((e) => e.reason === 'Mirrored' && e.regarding?.name === 'app');
    t.true(mirrored.length >= 1);
    t.true(mirrored.every((e) => e.reportingController === 'capstan.io/mirror' && e.type === 'Normal'));

    // Health and metrics.
    const port = mgr.healthAddress!.port;
    const ready = await httpGet(port, '/readyz?verbose');
    t.is(ready.status, 200, ready.body);
    t.regex(ready.body, /\[\+\]informers ok/);
    const metrics = await httpGet(port, '/metrics');
    const success = metrics.body.match(
      /^controller_runtime_reconcile_total\{controller="mirror",result="success"\} (\d+)$/m,
    );
    t.truthy(success, metrics.body);
    t.true(Number(success![1]) >= 5);
    t.regex(metrics.body, /^workqueue_adds_total\{controller="mirror",name="mirror"\} \d+$/m);
    t.regex(metrics.body, /^workqueue_depth\{controller="mirror",name="mirror"\} \d+$/m);
    t.regex(metrics.body, /^controller_runtime_reconcile_time_seconds_count\{controller="mirror"\} \d+$/m);
    t.is((await httpGet(port, '/healthz')).body, 'ok');
  } finally {
    await mgr.stop();
  }
});
