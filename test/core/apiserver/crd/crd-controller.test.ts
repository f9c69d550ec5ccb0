import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../../../sdk/api/kube-object.js';
import { loadCelEngine } from '../../../../core/apiserver/crd/cel-engine.js';
import { customResourceCleanupFinalizer } from '../../../../core/apiserver/crd/crd-controller.js';
import type { ResourceResponse } from '../../../../core/apiserver/handlers/resource-handler.js';
import { StatusError } from '../../../../core/apiserver/status.js';
import { startTestControlPlane, type TestControlPlane } from '../../../helpers/control-plane.js';
import { eventually } from '../../../helpers/kubectl.js';

type Verb = 'create' | 'get' | 'list' | 'update' | 'patch' | 'delete';

/** One request through the API server's handler chain (no HTTP). */
async function call(
  plane: TestControlPlane,
  verb: Verb,
  where: { group: string; version: string; resource: string; namespace?: string; name?: string },
  body?: unknown,
  contentType = 'application/json',
): Promise<ResourceResponse> {
  const type = plane.registry.lookup(where.group, where.version, where.resource);
  if (!type) throw new StatusError(404, 'NotFound', `${where.resource} not served`);
  const request = {
    info: { kind: 'resource' as const, verb, ...where },
    type,
    query: new URLSearchParams(),
    contentType,
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    warnings: [],
  };
  const h = plane.api.handler;
  if (verb === 'list') return { code: 200, body: h.listBody(type, await h.list(request)) };
  return h[verb](request);
}

const crdApi = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

function crd(plural: string, kind: string, extra: Record<string, unknown> = {}, schema?: unknown): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, kind, ...extra },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: schema ?? {
              type: 'object',
              properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          },
        },
      ],
    },
  };
}

async function condition(
  plane: TestControlPlane,
  name: string,
  type: string,
): Promise<Record<string, string> | undefined> {
  return eventually(
    async () => {
      const got = (await call(plane, 'get', { ...crdApi, name })).body as KubeObject;
      const conditions = (got.status as { conditions?: Array<Record<string, string>> } | undefined)?.conditions ?? [];
      return conditions.find((c) => c.type === type);
    },
    50,
    20,
  );
}

test('a cluster-scoped CRD is served at once and its objects have no namespace', async (t) => {
  const plane = await startTestControlPlane({ storeUrl: 'memory://' });
  t.teardown(() => plane.destroy());
  const def = crd('clusterthings', 'ClusterThing');
  (def.spec as Record<string, unknown>).scope = 'Cluster';
  await call(plane, 'create', crdApi, def);
  const served = await eventually(() => plane.registry.lookup('example.com', 'v1', 'clusterthings'), 50, 20);
  t.is(served?.namespaced, false);
  t.is(served?.singular, 'clusterthing');
  const created = await call(
    plane,
    'create',
    { group: 'example.com', version: 'v1', resource: 'clusterthings' },
    {
      apiVersion: 'example.com/v1',
      kind: 'ClusterThing',
      metadata: { name: 'one' },
      spec: { anything: true },
    },
  );
  t.is(created.code, 201);
  t.is((created.body as KubeObject).metadata.namespace, undefined);
  t.deepEqual((created.body as KubeObject).spec, { anything: true });
  const stored = (await call(plane, 'get', { ...crdApi, name: 'clusterthings.example.com' })).body as KubeObject;
  t.deepEqual(stored.metadata.finalizers, [customResourceCleanupFinalizer]);
  t.like(stored.status, {
    acceptedNames: {
      plural: 'clusterthings',
      singular: 'clusterthing',
      kind: 'ClusterThing',
      listKind: 'ClusterThingList',
    },
    storedVersions: ['v1'],
  });
});

test('a CRD whose short name is taken is not accepted and not served', async (t) => {
  const plane = await startTestControlPlane({ storeUrl: 'memory://' });
  t.teardown(() => plane.destroy());
  await call(plane, 'create', crdApi, crd('widgets', 'Widget', { shortNames: ['wd'] }));
  t.like(await condition(plane, 'widgets.example.com', 'Established'), { status: 'True' });
  await call(plane, 'create', crdApi, crd('gadgets', 'Gadget', { shortNames: ['wd'] }));
  const names = await eventually(
    async () => {
      const c = await condition(plane, 'gadgets.example.com', 'NamesAccepted');
      return c?.status === 'False' ? c : undefined;
    },
    50,
    20,
  );
  t.like(names, { status: 'False', reason: 'ShortNamesConflict', message: '"wd" is already in use' });
  t.like(await condition(plane, 'gadgets.example.com', 'Established'), { status: 'False', reason: 'NotAccepted' });
  t.is(plane.registry.lookup('example.com', 'v1', 'gadgets'), undefined);
  // Also a built-in short name: `po` belongs to pods.
  await call(plane, 'create', crdApi, crd('potatoes', 'Potato', { shortNames: ['po'] }));
  t.like(
    await eventually(
      async () => {
        const c = await condition(plane, 'potatoes.example.com', 'NamesAccepted');
        return c?.status === 'False' ? c : undefined;
      },
      50,
      20,
    ),
    { message: '"po" is already in use' },
  );
});

test('deleting a CRD waits for the finalizers of its objects, then removes the CRD and its API', async (t) => {
  const plane = await startTestControlPlane({ storeUrl: 'memory://' });
  t.teardown(() => plane.destroy());
  await call(plane, 'create', crdApi, crd('holders', 'Holder'));
  const api = { group: 'example.com', version: 'v1', resource: 'holders', namespace: 'default' };
  await eventually(() => plane.registry.lookup('example.com', 'v1', 'holders'), 50, 20);
  await call(plane, 'create', api, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
  await call(plane, 'create', api, { metadata: { name: 'free' } });
  const deleted = await call(plane, 'delete', { ...crdApi, name: 'holders.example.com' });
  t.is(deleted.code, 202);
  const terminating = await condition(plane, 'holders.example.com', 'Terminating');
  t.like(terminating, { status: 'True', reason: 'InstanceDeletionInProgress' });
  const held = await eventually(
    async () => {
      const o = (await call(plane, 'get', { ...api, name: 'held' })).body as KubeObject;
      return o.metadata.deletionTimestamp ? o : undefined;
    },
    50,
    20,
  );
  t.truthy(held);
  await t.throwsAsync(call(plane, 'get', { ...api, name: 'free' }), { message: /not found/ });
  t.truthy(plane.registry.lookup('example.com', 'v1', 'holders'), 'served while objects remain');
  await call(
    plane,
    'patch',
    { ...api, name: 'held' },
    { metadata: { finalizers: null } },
    'application/merge-patch+json',
  );
  const gone = await eventually(
    () => (plane.registry.lookup('example.com', 'v1', 'holders') ? undefined : true),
    100,
    20,
  );
  t.true(gone);
  await t.throwsAsync(call(plane, 'get', { ...crdApi, name: 'holders.example.com' }), { message: /not found/ });
});

test('CEL rules of a CRD are enforced by the CEL library', async (t) => {
  const plane = await startTestControlPlane({ storeUrl: 'memory://' });
  t.teardown(() => plane.destroy());
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'min must not exceed max' }],
        properties: { min: { type: 'integer' }, max: { type: 'integer' } },
      },
    },
  };
  await call(plane, 'create', crdApi, crd('ranges', 'Range', {}, schema));
  await eventually(() => plane.registry.lookup('example.com', 'v1', 'ranges'), 50, 20);
  const bad = { metadata: { name: 'r' }, spec: { min: 5, max: 1 } };
  const api = { group: 'example.com', version: 'v1', resource: 'ranges', namespace: 'default' };
  t.truthy(await loadCelEngine(), 'the CEL library is a dependency');
  t.is(await condition(plane, 'ranges.example.com', 'ValidationRulesEnforced'), undefined, 'no not-enforced condition');
  const err = await t.throwsAsync(call(plane, 'create', api, bad));
  t.is(err?.message, 'Range.example.com "r" is invalid: spec: Invalid value: "object": min must not exceed max');
  t.is((await call(plane, 'create', api, { metadata: { name: 'ok' }, spec: { min: 1, max: 5 } })).code, 201);
});

test('CRDs in the store are served again when the control plane restarts', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-crd-restart-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestControlPlane({ dataDir });
  await call(first, 'create', crdApi, crd('keepers', 'Keeper'));
  await eventually(() => first.registry.lookup('example.com', 'v1', 'keepers'), 50, 20);
  await call(
    first,
    'create',
    { group: 'example.com', version: 'v1', resource: 'keepers', namespace: 'default' },
    {
      metadata: { name: 'k' },
      spec: { a: 1 },
    },
  );
  await first.destroy();
  const second = await startTestControlPlane({ dataDir });
  t.teardown(() => second.destroy());
  t.truthy(second.registry.lookup('example.com', 'v1', 'keepers'), 'served as soon as start resolves');
  const got = await call(second, 'get', {
    group: 'example.com',
    version: 'v1',
    resource: 'keepers',
    namespace: 'default',
    name: 'k',
  });
  t.deepEqual((got.body as KubeObject).spec, { a: 1 });
});

test('versions follow CRD updates; objects are stored as the storage version', async (t) => {
  const plane = await startTestControlPlane({ storeUrl: 'memory://' });
  t.teardown(() => plane.destroy());
  const def = crd('movers', 'Mover');
  const versions = (def.spec as { versions: Array<Record<string, unknown>> }).versions;
  versions.push({ name: 'v1beta1', served: true, storage: false });
  await call(plane, 'create', crdApi, def);
  await eventually(() => plane.registry.lookup('example.com', 'v1beta1', 'movers'), 50, 20);
  const created = await call(
    plane,
    'create',
    { group: 'example.com', version: 'v1beta1', resource: 'movers', namespace: 'default' },
    {
      metadata: { name: 'm' },
      spec: { x: 1 },
    },
  );
  t.is((created.body as KubeObject).apiVersion, 'example.com/v1beta1');
  const stored = await plane.store.get('/registry/example.com/movers/default/m');
  t.is(JSON.parse(stored.kv!.value).apiVersion, 'example.com/v1');
  const current = (await call(plane, 'get', { ...crdApi, name: 'movers.example.com' })).body as KubeObject;
  const spec = current.spec as { versions: Array<Record<string, unknown>> };
  spec.versions = [spec.versions[0]!, { name: 'v2', served: true, storage: false, schema: spec.versions[0]!.schema }];
  await call(plane, 'update', { ...crdApi, name: 'movers.example.com' }, current);
  const v2 = await eventually(() => plane.registry.lookup('example.com', 'v2', 'movers'), 50, 20);
  t.truthy(v2);
  t.is(plane.registry.lookup('example.com', 'v1beta1', 'movers'), undefined);
  const viaV2 = await call(plane, 'get', {
    group: 'example.com',
    version: 'v2',
    resource: 'movers',
    namespace: 'default',
    name: 'm',
  });
  t.is((viaV2.body as KubeObject).apiVersion, 'example.com/v2');
});
