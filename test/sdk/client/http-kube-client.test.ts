import anyTest, { type TestFn } from 'ava';
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  InvalidError,
  NotFoundError,
  type ApiError,
} from '../../../sdk/client/api-error.js';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import type { WatchEvent } from '../../../sdk/client/kube-client.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';

const test = anyTest as TestFn<{ plane: TestControlPlane; client: HttpKubeClient }>;

test.before(async (t) => {
  const plane = await startTestControlPlane({ watchCacheCapacity: 5 });
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfig);
  t.context = { plane, client };
});
test.after.always(async (t) => {
  t.context.client?.close();
  await t.context.plane?.destroy();
});

const cm = (name: string, data: Record<string, string> = {}, namespace = 'default'): KubeObject => ({
  metadata: { name, namespace },
  data,
});

test('loads the kubeconfig from a file path and YAML text alike', async (t) => {
  const fromPath = await HttpKubeClient.fromKubeconfig(t.context.plane.kubeconfigPath);
  const fromObj = await HttpKubeClient.fromKubeconfig({ yaml: t.context.plane.kubeconfig });
  try {
    t.is(fromPath.server, t.context.plane.url);
    t.is(fromObj.defaultNamespace, 'default');
    const ns = await fromPath.get(builtin.namespaces, 'default');
    t.is(ns.kind, 'Namespace');
    t.is(ns.apiVersion, 'v1');
  } finally {
    fromPath.close();
    fromObj.close();
  }
});

test('create, get, list, update, updateStatus and delete', async (t) => {
  const { client } = t.context;
  const created = await client.create(builtin.configMaps, cm('crud-a', { v: '1' }));
  t.regex(created.metadata.uid ?? '', /.+/);
  t.is(created.kind, 'ConfigMap');
  const got = await client.get(builtin.configMaps, 'crud-a', 'default');
  t.is(got.metadata.resourceVersion, created.metadata.resourceVersion);
  const list = await client.list(builtin.configMaps, { namespace: 'default' });
  const item = list.items.find((i) => i.metadata.name === 'crud-a');
  t.truthy(item);
  t.is(item?.kind, 'ConfigMap', 'list items carry kind even when the server leaves it out');
  t.regex(list.metadata.resourceVersion ?? '', /^\d+$/);
  const updated = await client.update(builtin.configMaps, { ...got, data: { v: '2' } });
  t.deepEqual(updated.data, { v: '2' });
  t.not(updated.metadata.resourceVersion, got.metadata.resourceVersion);
  const deleted = await client.delete(builtin.configMaps, 'crud-a', 'default');
  t.is(deleted?.metadata.name, 'crud-a');
  await t.throwsAsync(client.get(builtin.configMaps, 'crud-a', 'default'), { instanceOf: NotFoundError });

  const deploy = await client.create(builtin.deployments, {
    metadata: { name: 'status-d', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'status-d' } },
      template: { metadata: { labels: { app: 'status-d' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  });
  const withStatus = await client.updateStatus(builtin.deployments, {
    ...deploy,
    spec: { ...(deploy.spec as object), replicas: 7 },
    status: { observedGeneration: 1, replicas: 0 },
  });
  t.is((withStatus.status as { observedGeneration?: number }).observedGeneration, 1);
  t.is((withStatus.spec as { replicas?: number }).replicas, 1, 'the status subresource ignores spec changes');
});

test('typed errors carry the Status reason, code and causes', async (t) => {
  const { client } = t.context;
  const first = await client.create(builtin.configMaps, cm('errs', { v: '1' }));
  const cases: Array<{
    name: string;
    run: () => Promise<unknown>;
    type: new (...a: never[]) => ApiError;
    code: number;
    reason: string;
  }> = [
    {
      name: 'get of an absent object',
      run: () => client.get(builtin.configMaps, 'absent', 'default'),
      type: NotFoundError,
      code: 404,
      reason: 'NotFound',
    },
    {
      name: 'create of an existing name',
      run: () => client.create(builtin.configMaps, cm('errs')),
      type: AlreadyExistsError,
      code: 409,
      reason: 'AlreadyExists',
    },
    {
      name: 'update with a stale resourceVersion',
      run: async () => {
        await client.update(builtin.configMaps, { ...first, data: { v: '2' } });
        return client.update(builtin.configMaps, { ...first, data: { v: '3' } });
      },
      type: ConflictError,
      code: 409,
      reason: 'Conflict',
    },
    {
      name: 'create with an invalid name',
      run: () => client.create(builtin.configMaps, cm('Bad_Name')),
      type: InvalidError,
      code: 422,
      reason: 'Invalid',
    },
  ];
  for (const c of cases) {
    const err = await t.throwsAsync(c.run(), { instanceOf: c.type }, c.name);
    t.is(err?.code, c.code, c.name);
    t.is(err?.reason, c.reason, c.name);
  }
  const invalid = (await t.throwsAsync(client.create(builtin.configMaps, cm('Bad_Name')))) as InvalidError;
  t.is(invalid.causes[0]?.field, 'metadata.name');
});

test('the four patch types, and server-side apply with field managers and force', async (t) => {
  const { client } = t.context;
  await client.create(builtin.configMaps, cm('patches', { a: '1' }));
  const merged = await client.patch(builtin.configMaps, 'patches', { data: { b: '2' } }, 'merge', {
    namespace: 'default',
  });
  t.deepEqual(merged.data, { a: '1', b: '2' });
  const strategic = await client.patch(builtin.configMaps, 'patches', { data: { c: '3' } }, 'strategic', {
    namespace: 'default',
  });
  t.deepEqual(strategic.data, { a: '1', b: '2', c: '3' });
  const json = await client.patch(builtin.configMaps, 'patches', [{ op: 'remove', path: '/data/a' }], 'json', {
    namespace: 'default',
  });
  t.deepEqual(json.data, { b: '2', c: '3' });

  const applied = await client.apply(
    builtin.configMaps,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'default' }, data: { k: 'one' } },
    { fieldManager: 'manager-one' },
  );
  t.deepEqual(applied.data, { k: 'one' });
  t.true(applied.metadata.managedFields?.some((m) => m.manager === 'manager-one' && m.operation === 'Apply'));
  const conflict = (await t.throwsAsync(
    client.apply(
      builtin.configMaps,
      { metadata: { name: 'ssa', namespace: 'default' }, data: { k: 'two' } },
      {
        fieldManager: 'manager-two',
      },
    ),
    { instanceOf: ConflictError },
  )) as ConflictError;
  t.is(conflict.causes[0]?.field, '.data.k');
  const forced = await client.apply(
    builtin.configMaps,
    { metadata: { name: 'ssa', namespace: 'default' }, data: { k: 'two' } },
    { fieldManager: 'manager-two', force: true },
  );
  t.deepEqual(forced.data, { k: 'two' });
});

test.serial('watch yields events in order and ends when its signal aborts', async (t) => {
  const { client } = t.context;
  const start = await client.list(builtin.configMaps, { namespace: 'default', limit: 1 });
  const ac = new AbortController();
  const seen: string[] = [];
  const done = (async () => {
    for await (const ev of client.watch(builtin.configMaps, {
      namespace: 'default',
      resourceVersion: start.metadata.resourceVersion,
      allowWatchBookmarks: true,
      signal: ac.signal,
    }) as AsyncIterable<WatchEvent<KubeObject>>) {
      if (ev.type === 'BOOKMARK' || !ev.object.metadata.name?.startsWith('w-')) continue;
      seen.push(
        `${ev.type}:${ev.object.metadata.name}:${(ev.object.data as Record<string, string>)?.v}:${ev.object.kind}`,
      );
      if (seen.length === 3) ac.abort();
    }
  })();
  await client.create(builtin.configMaps, cm('w-1', { v: '1' }));
  await client.patch(builtin.configMaps, 'w-1', { data: { v: '2' } }, 'merge', { namespace: 'default' });
  await client.delete(builtin.configMaps, 'w-1', 'default');
  await done;
  t.deepEqual(seen, ['ADDED:w-1:1:ConfigMap', 'MODIFIED:w-1:2:ConfigMap', 'DELETED:w-1:2:ConfigMap']);
});

test('watch from a resourceVersion older than the watch cache window throws GoneError', async (t) => {
  const { client } = t.context;
  const old = await client.create(builtin.configMaps, cm('gone-0'));
  for (let i = 1; i <= 10; i++) await client.create(builtin.configMaps, cm(`gone-${i}`));
  const err = await t.throwsAsync(async () => {
    for await (const _ of client.watch(builtin.configMaps, {
      namespace: 'default',
      resourceVersion: old.metadata.resourceVersion,
    })) {
      // drain
    }
  });
  t.true(err instanceof GoneError, `got ${err?.name}: ${err?.message}`);
  t.is((err as GoneError).code, 410);
});

test('request reaches any path', async (t) => {
  const version = await t.context.client.request<{ gitVersion?: string }>('GET', '/version');
  t.regex(version.gitVersion ?? '', /^v1\.32/);
});
