import test from 'ava';
import {
  goLabelSelector,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  parseQuantity,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../../sdk/api/validation/index.js';

test('ObjectMeta: missing name, bad namespace, and forbidden namespace on cluster kinds', (t) => {
  t.deepEqual(validateObjectMeta({}, { namespaced: false, nameValidator: nameIsDnsSubdomain }), [
    {
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    },
  ]);
  const ns = validateObjectMeta(
    { name: 'a', namespace: 'Bad' },
    { namespaced: true, nameValidator: nameIsDnsSubdomain },
  );
  t.is(ns.length, 1);
  t.is(ns[0]!.field, 'metadata.namespace');
  t.regex(ns[0]!.message, /^Invalid value: "Bad": a lowercase RFC 1123 label/);
  t.deepEqual(validateObjectMeta({ name: 'a', namespace: 'x' }, { namespaced: false, nameValidator: nameIsDnsLabel }), [
    { reason: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
  ]);
});

test('ObjectMeta: finalizers must be qualified and domain-prefixed unless standard', (t) => {
  const causes = validateObjectMeta(
    { name: 'a', finalizers: ['kubernetes', 'example.com/x', 'custom'] },
    { namespaced: false, nameValidator: nameIsDnsSubdomain },
  );
  t.deepEqual(causes, [
    {
      reason: 'FieldValueInvalid',
      field: 'metadata.finalizers',
      message: 'Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    },
  ]);
});

test('ObjectMeta update: no new finalizers on an object being deleted', (t) => {
  const old = { name: 'a', uid: 'u', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['a.io/x'] };
  const causes = validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x', 'b.io/y'] }, old, {
    namespaced: false,
    nameValidator: nameIsDnsSubdomain,
  });
  t.deepEqual(
    causes.map((c) => c.message),
    [
      'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ],
  );
});

test('labels report both key and value problems on the map path', (t) => {
  const causes = validateLabels({ 'bad key!': 'ok', good: 'bad value' }, 'metadata.labels');
  t.deepEqual(
    causes.map((c) => c.field),
    ['metadata.labels', 'metadata.labels'],
  );
  t.regex(causes[0]!.message, /^Invalid value: "bad key!": name part must consist/);
  t.regex(causes[1]!.message, /^Invalid value: "bad value": a valid label must be an empty string/);
});

test('annotations over 256 KiB in total are too long', (t) => {
  const causes = validateAnnotations({ big: 'x'.repeat(256 * 1024) }, 'metadata.annotations');
  t.deepEqual(causes, [
    {
      reason: 'FieldValueTooLong',
      field: 'metadata.annotations',
      message: 'Too long: may not be more than 262144 bytes',
    },
  ]);
});

const selectorCases = [
  {
    title: 'In without values',
    selector: { matchExpressions: [{ key: 'a', operator: 'In' }] },
    expected: ["matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
  },
  {
    title: 'Exists with values',
    selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
    expected: [
      "matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
  },
  {
    title: 'an unknown operator',
    selector: { matchExpressions: [{ key: 'a', operator: 'Near', values: ['x'] }] },
    expected: ['matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator'],
  },
];
for (const c of selectorCases) {
  test(`label selector: ${c.title}`, (t) => {
    t.deepEqual(
      validateLabelSelector(c.selector, 'spec.selector').map(
        (x) => `${x.field.replace('spec.selector.', '')}: ${x.message}`,
      ),
      c.expected,
    );
  });
}

test('a label selector prints as Go prints *metav1.LabelSelector', (t) => {
  t.is(
    goLabelSelector({ matchLabels: { app: 'web' } }),
    'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
  );
});

const quantities: Array<[string, number | undefined]> = [
  ['100m', 0.1],
  ['1Gi', 2 ** 30],
  ['1.5G', 1.5e9],
  ['2e3', 2000],
  ['128974848', 128974848],
  ['1Q', undefined],
  ['abc', undefined],
];
for (const [text, value] of quantities) {
  test(`quantity ${text}`, (t) => {
    t.is(parseQuantity(text)?.value, value);
  });
}
