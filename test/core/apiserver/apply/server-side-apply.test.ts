import test from 'ava';
import {
  apply,
  conflictCauses,
  conflictStatusError,
  conflictStatusMessage,
  updateManagedFields,
  type ApplyResult,
} from '../../../../core/apiserver/apply/index.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../../sdk/api/kube-object.js';
import { deployment, deploymentSchema, stored, T0, T1, T2 } from './fixtures.js';

const base = { schema: deploymentSchema, apiVersion: 'apps/v1', statusSubresource: true } as const;

/** `kubectl create -f` of the manifest: an Update entry for kubectl-create. */
function kubectlCreate(manifest: KubeObject): KubeObject {
  return updateManagedFields({
    ...base,
    previous: undefined,
    next: stored(manifest),
    manager: 'kubectl-create',
    operation: 'Update',
    now: T0,
  }).object;
}

function ok(t: { fail(m: string): void }, r: ApplyResult): KubeObject {
  if (!r.ok) {
    t.fail(`apply failed: ${JSON.stringify(r)}`);
    throw new Error('unreachable');
  }
  return r.object;
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

function spec(obj: KubeObject): Record<string, any> {
  return obj.spec as Record<string, any>;
}

test('create by apply: the object is the configuration, with one Apply entry', (t) => {
  const manifest = deployment({ replicas: 2 });
  const r = apply({ ...base, live: undefined, applied: manifest, manager: 'kubectl', force: false, now: T1 });
  const obj = ok(t, r);
  t.deepEqual(spec(obj), manifest.spec);
  t.deepEqual(obj.metadata.managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2025-01-01T00:05:30Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
            },
          },
        },
      },
    },
  ]);
});

test('kubectl create, then apply --server-side changing replicas: 409 conflict on .spec.replicas', (t) => {
  const live = kubectlCreate(deployment({ replicas: 1 }));
  const r = apply({ ...base, live, applied: deployment({ replicas: 3 }), manager: 'kubectl', force: false, now: T1 });
  if (r.ok) return t.fail('expected a conflict');
  t.is(r.reason, 'Conflict');
  t.deepEqual(r.conflicts, [
    { manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', subresource: '', field: '.spec.replicas' },
  ]);
  t.is(
    conflictStatusMessage(r.conflicts, 'apps/v1'),
    'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
  );
  t.deepEqual(conflictCauses(r.conflicts), [
    {
      reason: 'FieldManagerConflict',
      message: 'conflict with "kubectl-create" using apps/v1',
      field: '.spec.replicas',
    },
  ]);
  const status = conflictStatusError(r.conflicts).toStatus();
  t.is(status.code, 409);
  t.is(status.reason, 'Conflict');
  t.deepEqual(status.details, {
    causes: [
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-create" using apps/v1',
        field: '.spec.replicas',
      },
    ],
  });
});

test('force takes the field: the applier owns it, the other manager loses only that field', (t) => {
  const live = kubectlCreate(deployment({ replicas: 1 }));
  const obj = ok(
    t,
    apply({ ...base, live, applied: deployment({ replicas: 3 }), manager: 'kubectl', force: true, now: T1 }),
  );
  t.is(spec(obj).replicas, 3);
  t.deepEqual(
    obj.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [
      ['kubectl', 'Apply'],
      ['kubectl-create', 'Update'],
    ],
  );
  const created = entry(obj, 'kubectl-create')!.fieldsV1 as any;
  t.false('f:replicas' in created['f:spec']);
  t.true('f:selector' in created['f:spec']);
  t.deepEqual(created['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:image'], {});
  t.deepEqual((entry(obj, 'kubectl')!.fieldsV1 as any)['f:spec']['f:replicas'], {});
});

test('the same values as the creator give shared ownership and no conflict', (t) => {
  const live = kubectlCreate(deployment({ replicas: 1 }));
  const obj = ok(
    t,
    apply({ ...base, live, applied: deployment({ replicas: 1 }), manager: 'kubectl', force: false, now: T1 }),
  );
  t.deepEqual((entry(obj, 'kubectl')!.fieldsV1 as any)['f:spec']['f:replicas'], {});
  t.deepEqual((entry(obj, 'kubectl-create')!.fieldsV1 as any)['f:spec']['f:replicas'], {});
  t.is(entry(obj, 'kubectl')!.time, undefined, 'a no-op apply by a new manager records no time');
});

test('two appliers of the same value share it; a later change by one conflicts with the other', (t) => {
  const a = ok(
    t,
    apply({ ...base, live: undefined, applied: deployment({ replicas: 2 }), manager: 'a', force: false, now: T0 }),
  );
  const b = ok(
    t,
    apply({ ...base, live: a, applied: deployment({ replicas: 2 }), manager: 'b', force: false, now: T1 }),
  );
  t.deepEqual((entry(b, 'a')!.fieldsV1 as any)['f:spec']['f:replicas'], {});
  t.deepEqual((entry(b, 'b')!.fieldsV1 as any)['f:spec']['f:replicas'], {});

  const r = apply({ ...base, live: b, applied: deployment({ replicas: 5 }), manager: 'b', force: false, now: T2 });
  if (r.ok) return t.fail('expected a conflict');
  // An applier is named without "using <version>".
  t.is(conflictStatusMessage(r.conflicts), 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
});

test('a field dropped from the applied configuration is removed when nobody else owns it', (t) => {
  const first = ok(
    t,
    apply({
      ...base,
      live: undefined,
      applied: deployment({ replicas: 2, labels: { app: 'web', tier: 'front' } }),
      manager: 'kubectl',
      force: false,
      now: T0,
    }),
  );
  const second = ok(
    t,
    apply({
      ...base,
      live: first,
      applied: deployment({ labels: { app: 'web' } }),
      manager: 'kubectl',
      force: false,
      now: T1,
    }),
  );
  t.deepEqual(second.metadata.labels, { app: 'web' });
  t.false('replicas' in spec(second));
  t.deepEqual((entry(second, 'kubectl')!.fieldsV1 as any)['f:metadata'], { 'f:labels': { 'f:app': {} } });
  t.is(entry(second, 'kubectl')!.time, '2025-01-01T00:05:30Z');
});

test('a dropped field that another manager also owns stays', (t) => {
  const first = ok(
    t,
    apply({
      ...base,
      live: undefined,
      applied: deployment({ labels: { app: 'web', tier: 'front' } }),
      manager: 'kubectl',
      force: false,
      now: T0,
    }),
  );
  // `kubectl label --overwrite tier=back` is an Update by kubectl-label.
  const relabelled = updateManagedFields({
    ...base,
    previous: first,
    next: { ...first, metadata: { ...first.metadata, labels: { app: 'web', tier: 'back' } } },
    manager: 'kubectl-label',
    operation: 'Update',
    now: T1,
  }).object;
  const after = ok(
    t,
    apply({
      ...base,
      live: relabelled,
      applied: deployment({ labels: { app: 'web' } }),
      manager: 'kubectl',
      force: false,
      now: T2,
    }),
  );
  t.deepEqual(after.metadata.labels, { app: 'web', tier: 'back' });
  t.deepEqual(entry(after, 'kubectl-label')!.fieldsV1, { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
});

test('a container dropped from the applied list is removed; the others merge by name', (t) => {
  const first = ok(
    t,
    apply({
      ...base,
      live: undefined,
      applied: deployment({
        containers: [
          { name: 'web', image: 'nginx:1.27' },
          { name: 'sidecar', image: 'envoy:1.30' },
        ],
      }),
      manager: 'kubectl',
      force: false,
      now: T0,
    }),
  );
  const second = ok(
    t,
    apply({
      ...base,
      live: first,
      applied: deployment({ containers: [{ name: 'web', image: 'nginx:1.28' }] }),
      manager: 'kubectl',
      force: false,
      now: T1,
    }),
  );
  t.deepEqual(spec(second).template.spec.containers, [{ name: 'web', image: 'nginx:1.28' }]);
  t.deepEqual((entry(second, 'kubectl')!.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers'], {
    'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} },
  });
});

test('fields set by another manager are kept by a merge (granular maps and keyed lists)', (t) => {
  const created = ok(
    t,
    apply({ ...base, live: undefined, applied: deployment({ replicas: 1 }), manager: 'a', force: false, now: T0 }),
  );
  const applied: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', annotations: { note: 'x' } },
    spec: { template: { spec: { containers: [{ name: 'web', args: ['--v=2'] }] } } },
  };
  const obj = ok(t, apply({ ...base, live: created, applied, manager: 'b', force: false, now: T1 }));
  t.deepEqual(spec(obj).template.spec.containers, [{ name: 'web', image: 'nginx:1.27', args: ['--v=2'] }]);
  t.is(spec(obj).replicas, 1);
  t.deepEqual(obj.metadata.annotations, { note: 'x' });
});

test('keyed list order: shared items follow the applied order, live-only items keep their place', (t) => {
  const names = (o: KubeObject): string[] => spec(o).template.spec.containers.map((c: any) => c.name);
  const live = ok(
    t,
    apply({
      ...base,
      live: undefined,
      applied: deployment({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }),
      manager: 'x',
      force: false,
      now: T0,
    }),
  );
  const obj = ok(
    t,
    apply({
      ...base,
      live,
      applied: deployment({ containers: [{ name: 'c' }, { name: 'a' }] }),
      manager: 'y',
      force: false,
      now: T1,
    }),
  );
  t.deepEqual(names(obj), ['b', 'c', 'a']);
});

test('several conflicts: one line per field under each manager, managers sorted', (t) => {
  const live = kubectlCreate(deployment({ replicas: 1 }));
  const withB = ok(
    t,
    apply({
      ...base,
      live,
      applied: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', annotations: { owner: 'b' } },
      },
      manager: 'b',
      force: false,
      now: T1,
    }),
  );
  const r = apply({
    ...base,
    live: withB,
    applied: {
      ...deployment({ replicas: 4, image: 'nginx:1.28' }),
      metadata: { name: 'web', namespace: 'default', annotations: { owner: 'c' } },
    },
    manager: 'c',
    force: false,
    now: T2,
  });
  if (r.ok) return t.fail('expected conflicts');
  t.is(
    conflictStatusMessage(r.conflicts),
    'Apply failed with 3 conflicts: conflicts with "b":\n' +
      '- .metadata.annotations.owner\n' +
      'conflicts with "kubectl-create" using apps/v1:\n' +
      '- .spec.replicas\n' +
      '- .spec.template.spec.containers[name="web"].image',
  );
  t.deepEqual(
    conflictCauses(r.conflicts).map((c) => [c.message, c.field]),
    [
      ['conflict with "b"', '.metadata.annotations.owner'],
      ['conflict with "kubectl-create" using apps/v1', '.spec.replicas'],
      ['conflict with "kubectl-create" using apps/v1', '.spec.template.spec.containers[name="web"].image'],
    ],
  );
});

test('a repeated identical apply changes nothing and keeps the entry time', (t) => {
  const first = ok(
    t,
    apply({
      ...base,
      live: undefined,
      applied: deployment({ replicas: 2 }),
      manager: 'kubectl',
      force: false,
      now: T1,
    }),
  );
  const r = apply({
    ...base,
    live: first,
    applied: deployment({ replicas: 2 }),
    manager: 'kubectl',
    force: false,
    now: T2,
  });
  const again = ok(t, r);
  t.true(r.ok && !r.changed);
  t.deepEqual(again, first);
});

test('an object without managedFields: existing fields belong to before-first-apply', (t) => {
  const live = stored(deployment({ replicas: 1 }));
  const r = apply({ ...base, live, applied: deployment({ replicas: 2 }), manager: 'kubectl', force: false, now: T1 });
  if (r.ok) return t.fail('expected a conflict');
  t.is(
    conflictStatusMessage(r.conflicts),
    'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
  );
});

test('status in an applied configuration is ignored when the kind has a status subresource', (t) => {
  const live = kubectlCreate(deployment({ replicas: 1 }));
  const withStatus = { ...live, status: { replicas: 1 } };
  const obj = ok(
    t,
    apply({
      ...base,
      live: withStatus,
      applied: { ...deployment({ replicas: 1 }), status: { replicas: 9 } },
      manager: 'kubectl',
      force: false,
      now: T1,
    }),
  );
  t.deepEqual(obj.status, { replicas: 1 });
  t.false('f:status' in (entry(obj, 'kubectl')!.fieldsV1 as object));
});

const invalid: Array<[string, KubeObject, number, string]> = [
  [
    'managedFields in the patch',
    { ...deployment({}), metadata: { name: 'web', managedFields: [] } },
    400,
    'metadata.managedFields must be nil',
  ],
  [
    'another apiVersion',
    { ...deployment({}), apiVersion: 'apps/v1beta2' },
    400,
    'Incorrect version specified in apply patch. Specified patch version: apps/v1beta2, expected: apps/v1',
  ],
  [
    'a container without its name',
    deployment({ containers: [{ image: 'nginx' }] }),
    500,
    'failed to create typed patch object (apps/v1, Kind=Deployment): associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
  ],
];
for (const [name, applied, code, message] of invalid) {
  test(`apply rejects ${name}`, (t) => {
    const r = apply({ ...base, live: undefined, applied, manager: 'kubectl', force: false, now: T1 });
    t.like(r, { ok: false, reason: 'Invalid', code, message });
  });
}

test('apply does not mutate its inputs', (t) => {
  const live = kubectlCreate(deployment({ replicas: 1, labels: { app: 'web', tier: 'x' } }));
  const applied = deployment({ replicas: 3 });
  const liveCopy = structuredClone(live);
  const appliedCopy = structuredClone(applied);
  apply({ ...base, live, applied, manager: 'kubectl', force: true, now: T1 });
  t.deepEqual(live, liveCopy);
  t.deepEqual(applied, appliedCopy);
});
