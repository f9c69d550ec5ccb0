import test from 'ava';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { setCondition, setStatusCondition, type Condition } from '../../../sdk/runtime/conditions.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../../sdk/runtime/finalizers.js';
import {
  AlreadyOwnedError,
  getControllerOf,
  setControllerReference,
  setOwnerReference,
} from '../../../sdk/runtime/owner-references.js';
import { and, annotationsChanged, generationChanged, labelsChanged, not, or } from '../../../sdk/runtime/predicates.js';
import { compileLabelSelector, labelSelectorToString } from '../../../sdk/informers/label-selector-string.js';
import { formatMicroTime } from '../../../sdk/runtime/micro-time.js';

const deploy = (name: string, uid: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'ns', uid },
});

test('setControllerReference adds a controller reference, refreshes it, and refuses a second controller', (t) => {
  const rs: KubeObject = { metadata: { name: 'rs', namespace: 'ns' } };
  setControllerReference(deploy('d', 'u1'), rs);
  t.deepEqual(rs.metadata.ownerReferences, [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'u1', controller: true, blockOwnerDeletion: true },
  ]);
  setControllerReference(deploy('d', 'u1'), rs);
  t.is(rs.metadata.ownerReferences?.length, 1, 'the same owner is not added twice');
  const err = t.throws(() => setControllerReference(deploy('other', 'u2'), rs), { instanceOf: AlreadyOwnedError });
  t.regex(err!.message, /already owned by another Deployment controller d/);
  setOwnerReference(deploy('other', 'u2'), rs);
  t.is(rs.metadata.ownerReferences?.length, 2);
  t.is(getControllerOf(rs)?.uid, 'u1');
});

test('finalizers: add and remove report whether the object changed', (t) => {
  const o: KubeObject = { metadata: { name: 'x', finalizers: ['a/b'] } };
  const cases: Array<[string, () => boolean, boolean, string[]]> = [
    ['add a new one', () => addFinalizer(o, 'c/d'), true, ['a/b', 'c/d']],
    ['add an existing one', () => addFinalizer(o, 'c/d'), false, ['a/b', 'c/d']],
    ['remove one', () => removeFinalizer(o, 'a/b'), true, ['c/d']],
    ['remove an absent one', () => removeFinalizer(o, 'a/b'), false, ['c/d']],
  ];
  for (const [name, run, changed, after] of cases) {
    t.is(run(), changed, name);
    t.deepEqual(o.metadata.finalizers, after, name);
  }
  t.true(hasFinalizer(o, 'c/d'));
});

test('setCondition changes lastTransitionTime only when the status changes (meta.SetStatusCondition)', (t) => {
  const conditions: Condition[] = [];
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  t.true(setCondition(conditions, { type: 'Ready', status: 'False', reason: 'Starting', observedGeneration: 1 }, t0));
  t.is(conditions[0]!.lastTransitionTime, '2024-01-01T00:00:00Z');
  t.true(
    setCondition(
      conditions,
      { type: 'Ready', status: 'False', reason: 'Waiting', message: 'm', observedGeneration: 2 },
      t0 + 5000,
    ),
  );
  t.deepEqual(conditions[0], {
    type: 'Ready',
    status: 'False',
    reason: 'Waiting',
    message: 'm',
    observedGeneration: 2,
    lastTransitionTime: '2024-01-01T00:00:00Z',
  });
  t.false(
    setCondition(
      conditions,
      { type: 'Ready', status: 'False', reason: 'Waiting', message: 'm', observedGeneration: 2 },
      t0 + 9000,
    ),
    'nothing changed',
  );
  t.true(
    setCondition(conditions, { type: 'Ready', status: 'True', reason: 'Done', observedGeneration: 2 }, t0 + 60_000),
  );
  t.is(conditions[0]!.lastTransitionTime, '2024-01-01T00:01:00Z');
  const obj: KubeObject = { metadata: { name: 'x', generation: 7 } };
  setStatusCondition(obj, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, t0);
  t.is((obj.status as { conditions: Condition[] }).conditions[0]!.observedGeneration, 7);
});

test('predicates: generation, labels and annotations changed, and combinators', (t) => {
  const base: KubeObject = { metadata: { name: 'x', generation: 1, labels: { a: '1' }, annotations: { n: '1' } } };
  const withGen = { metadata: { ...base.metadata, generation: 2 } };
  const withLabel = { metadata: { ...base.metadata, labels: { a: '2' } } };
  const withAnno = { metadata: { ...base.metadata, annotations: { n: '1', m: '2' } } };
  const rows: Array<[string, KubeObject, boolean, boolean, boolean]> = [
    ['status-only', { ...base, status: { x: 1 } }, false, false, false],
    ['generation', withGen, true, false, false],
    ['labels', withLabel, false, true, false],
    ['annotations', withAnno, false, false, true],
  ];
  for (const [name, next, gen, labels, annos] of rows) {
    t.is(generationChanged.update!(base, next), gen, name);
    t.is(labelsChanged.update!(base, next), labels, name);
    t.is(annotationsChanged.update!(base, next), annos, name);
  }
  t.true(or(generationChanged, labelsChanged).update!(base, withLabel));
  t.false(and(generationChanged, labelsChanged).update!(base, withLabel));
  t.true(not(generationChanged).update!(base, withLabel));
});

test('label selector strings: parse and match as labels.Parse, and format metav1.LabelSelector', (t) => {
  const rows: Array<[string, Record<string, string>, boolean]> = [
    ['', { a: '1' }, true],
    ['a=1', { a: '1' }, true],
    ['a==1', { a: '2' }, false],
    ['a!=1', {}, true],
    ['a in (1,2),b', { a: '2', b: '' }, true],
    ['a notin (1,2)', { a: '1' }, false],
    ['!b', { a: '1' }, true],
    ['!b', { b: 'x' }, false],
    ['a,b=2', { a: 'x', b: '2' }, true],
  ];
  for (const [sel, labels, expected] of rows)
    t.is(compileLabelSelector(sel)(labels), expected, `${sel} on ${JSON.stringify(labels)}`);
  t.is(
    labelSelectorToString({
      matchLabels: { b: '2', a: '1' },
      matchExpressions: [
        { key: 'c', operator: 'In', values: ['y', 'x'] },
        { key: 'd', operator: 'DoesNotExist' },
      ],
    }),
    'a=1,b=2,c in (x,y),!d',
  );
});

test('MicroTime has six fractional digits', (t) => {
  t.is(formatMicroTime(Date.parse('2024-05-01T10:00:00.123Z')), '2024-05-01T10:00:00.123000Z');
});
