import test from 'ava';
import { updateManagedFields, type UpdateRequest } from '../../../../core/apiserver/apply/index.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../../sdk/api/kube-object.js';
import { configMapSchema, deployment, deploymentSchema, stored, T0, T1, T2 } from './fixtures.js';

const cm = (data: Record<string, string> | undefined, labels?: Record<string, string>): KubeObject =>
  stored({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'test-cm', namespace: 'default', ...(labels ? { labels } : {}) },
    ...(data ? { data } : {}),
  });

function update(
  previous: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  now: Date,
  extra: Partial<UpdateRequest> = {},
): KubeObject {
  return updateManagedFields({
    previous,
    next,
    manager,
    operation: 'Update',
    schema: configMapSchema,
    apiVersion: 'v1',
    now,
    ...extra,
  }).object;
}

/** The next version of `obj`: its body replaced, its managedFields kept (as a PUT of a GET'd object). */
function edit(obj: KubeObject, change: (o: KubeObject) => KubeObject): KubeObject {
  return change(structuredClone(obj));
}

test('kubectl create of a ConfigMap: new maps are owned with "."', (t) => {
  const obj = update(undefined, cm({ key: 'some value' }, { 'test-label': 'test' }), 'kubectl-create', T0);
  t.deepEqual(obj.metadata.managedFields, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2025-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:data': { '.': {}, 'f:key': {} },
        'f:metadata': { 'f:labels': { '.': {}, 'f:test-label': {} } },
      },
    },
  ]);
});

test('another manager changing a value takes that field; the creator keeps the rest', (t) => {
  const created = update(undefined, cm({ key: 'a', other: 'b' }), 'kubectl-create', T0);
  const edited = update(
    created,
    edit(created, (o) => ({ ...o, data: { key: 'changed', other: 'b' } })),
    'kubectl-edit',
    T1,
  );
  t.deepEqual(edited.metadata.managedFields, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2025-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { '.': {}, 'f:other': {} } },
    },
    {
      manager: 'kubectl-edit',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2025-01-01T00:05:30Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:key': {} } },
    },
  ]);
});

test('updates by the same manager merge into one entry with the latest time', (t) => {
  const created = update(undefined, cm({ a: '1' }), 'kubectl-create', T0);
  const e1 = update(
    created,
    edit(created, (o) => ({ ...o, data: { a: '1', b: '2' } })),
    'ctl',
    T1,
  );
  const e2 = update(
    e1,
    edit(e1, (o) => ({ ...o, data: { a: '1', b: '2', c: '3' } })),
    'ctl',
    T2,
  );
  const mine = e2.metadata.managedFields!.filter((e) => e.manager === 'ctl');
  t.is(mine.length, 1);
  t.deepEqual(mine[0].fieldsV1, { 'f:data': { 'f:b': {}, 'f:c': {} } });
  t.is(mine[0].time, '2025-01-01T01:00:00Z');
});

test('a write that changes nothing leaves managedFields alone and adds no entry', (t) => {
  const created = update(undefined, cm({ a: '1' }), 'kubectl-create', T0);
  const same = update(
    created,
    edit(created, (o) => o),
    'kubectl-edit',
    T1,
  );
  t.deepEqual(same.metadata.managedFields, created.metadata.managedFields);
});

test('removing a field takes it from its owner; an entry left empty is dropped', (t) => {
  const created = update(undefined, cm({ a: '1' }), 'kubectl-create', T0);
  const added = update(
    created,
    edit(created, (o) => ({ ...o, data: { a: '1', b: '2' } })),
    'adder',
    T1,
  );
  const removed = update(
    added,
    edit(added, (o) => ({ ...o, data: { a: '1' } })),
    'remover',
    T2,
  );
  t.deepEqual(
    removed.metadata.managedFields!.map((e: ManagedFieldsEntry) => [e.manager, e.fieldsV1]),
    [['kubectl-create', { 'f:data': { '.': {}, 'f:a': {} } }]],
  );
});

test('a status subresource write gets its own entry and owns nothing outside status', (t) => {
  // A stored Deployment always carries `status: {}` (a non-pointer struct in Go).
  const created = updateManagedFields({
    previous: undefined,
    next: { ...stored(deployment({ replicas: 1 })), status: {} },
    manager: 'kubectl-create',
    operation: 'Update',
    schema: deploymentSchema,
    apiVersion: 'apps/v1',
    statusSubresource: true,
    now: T0,
  }).object;
  const next = edit(created, (o) => ({ ...o, status: { replicas: 1, readyReplicas: 1 } }));
  (next.spec as any).replicas = 7; // the status strategy would reset this; it must not be owned
  const obj = updateManagedFields({
    previous: created,
    next,
    manager: 'kube-controller-manager',
    operation: 'Update',
    schema: deploymentSchema,
    apiVersion: 'apps/v1',
    statusSubresource: true,
    subresource: 'status',
    now: T1,
  }).object;
  const status = obj.metadata.managedFields!.find((e) => e.subresource === 'status');
  t.deepEqual(status, {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'apps/v1',
    time: '2025-01-01T00:05:30Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { 'f:readyReplicas': {}, 'f:replicas': {} } },
    subresource: 'status',
  });
});

test('status written through the main resource is not owned when the kind has a status subresource', (t) => {
  const obj = updateManagedFields({
    previous: undefined,
    next: { ...stored(deployment({ replicas: 1 })), status: { replicas: 3 } },
    manager: 'kubectl-create',
    operation: 'Update',
    schema: deploymentSchema,
    apiVersion: 'apps/v1',
    statusSubresource: true,
    now: T0,
  }).object;
  t.false('f:status' in (obj.metadata.managedFields![0].fieldsV1 as object));
});

test('managedFields sent by the client replace the stored ones; [{}] resets them', (t) => {
  const created = update(undefined, cm({ a: '1' }), 'kubectl-create', T0);
  const rewritten = update(
    created,
    edit(created, (o) => {
      o.metadata.managedFields![0].manager = 'renamed';
      return o;
    }),
    'kubectl-edit',
    T1,
  );
  t.deepEqual(
    rewritten.metadata.managedFields!.map((e) => e.manager),
    ['renamed'],
  );
  const reset = update(
    created,
    edit(created, (o) => ({ ...o, metadata: { ...o.metadata, managedFields: [{}] } })),
    'kubectl-patch',
    T1,
  );
  t.false('managedFields' in reset.metadata);
});

test('a subresource write ignores managedFields sent in the body', (t) => {
  const created = update(undefined, cm({ a: '1' }), 'kubectl-create', T0);
  const obj = update(
    created,
    edit(created, (o) => ({ ...o, metadata: { ...o.metadata, managedFields: [{}] } })),
    'x',
    T1,
    { subresource: 'status' },
  );
  t.deepEqual(obj.metadata.managedFields, created.metadata.managedFields);
});

test('past ten Update managers, the oldest fold into ancient-changes', (t) => {
  const entries: ManagedFieldsEntry[] = [];
  const labels: Record<string, string> = {};
  for (let i = 0; i < 10; i++) {
    labels[`l${i}`] = 'x';
    entries.push({
      manager: `m${i}`,
      operation: 'Update',
      apiVersion: 'v1',
      time: `2025-01-01T00:00:${String(i).padStart(2, '0')}Z`,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { [`f:l${i}`]: {} } } },
    });
  }
  const previous = cm(undefined, labels);
  previous.metadata.managedFields = entries;
  const next = edit(previous, (o) => {
    o.metadata.labels = { ...labels, l10: 'x' };
    return o;
  });
  const obj = update(previous, next, 'm10', T2);
  const mf = obj.metadata.managedFields!;
  t.is(mf.length, 10);
  const ancient = mf.find((e) => e.manager === 'ancient-changes');
  t.deepEqual(ancient?.fieldsV1, { 'f:metadata': { 'f:labels': { 'f:l0': {}, 'f:l1': {} } } });
  t.is(ancient?.time, '2025-01-01T00:00:01Z');
  t.false(mf.some((e) => e.manager === 'm0' || e.manager === 'm1'));
});

test('malformed list items: the object is stored without managedFields and the error reported', (t) => {
  const r = updateManagedFields({
    previous: undefined,
    next: stored(deployment({ containers: [{ image: 'x' }] })),
    manager: 'kubectl-create',
    operation: 'Update',
    schema: deploymentSchema,
    apiVersion: 'apps/v1',
    now: T0,
  });
  t.false('managedFields' in r.object.metadata);
  t.regex(r.error ?? '', /omits key field "name"/);
});
