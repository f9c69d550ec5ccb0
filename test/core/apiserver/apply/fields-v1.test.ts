import test from 'ava';
import {
  decodeFieldsV1,
  difference,
  encodeFieldsV1,
  FieldsV1Error,
  hasPath,
  intersection,
  isEmpty,
  keyElement,
  listPaths,
  pathToString,
  recursiveDifference,
  union,
  valueElement,
} from '../../../../core/apiserver/apply/index.js';

// The Apply entry Kubernetes records for `kubectl apply --server-side` of the nginx Deployment of
// the docs (ports keyed by containerPort and the defaulted protocol).
const DEPLOYMENT_APPLY = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
};

test('decode then encode reproduces a real FieldsV1 document, key order included', (t) => {
  const encoded = encodeFieldsV1(decodeFieldsV1(DEPLOYMENT_APPLY));
  t.deepEqual(encoded, DEPLOYMENT_APPLY);
  t.is(JSON.stringify(encoded), JSON.stringify(DEPLOYMENT_APPLY));
});

test('decode accepts the JSON text form', (t) => {
  t.deepEqual(encodeFieldsV1(decodeFieldsV1(JSON.stringify(DEPLOYMENT_APPLY))), DEPLOYMENT_APPLY);
});

test('encode sorts elements like structured-merge-diff: "." first, fields, keys, values', (t) => {
  const set = decodeFieldsV1({
    'f:b': {},
    'v:"z"': {},
    'k:{"name":"b"}': {},
    'f:a': { 'f:y': {}, '.': {}, 'f:x': {} },
    'v:1': {},
    'k:{"name":"a"}': {},
  });
  t.is(
    JSON.stringify(encodeFieldsV1(set)),
    '{"f:a":{".":{},"f:x":{},"f:y":{}},"f:b":{},"k:{\\"name\\":\\"a\\"}":{},"k:{\\"name\\":\\"b\\"}":{},"v:1":{},"v:\\"z\\"":{}}',
  );
});

test('key elements are canonical: names sorted, compact JSON, HTML-safe escapes like Go', (t) => {
  t.is(keyElement([['name', 'web']]), 'k:{"name":"web"}');
  t.is(
    keyElement([
      ['protocol', 'TCP'],
      ['containerPort', 80],
    ]),
    'k:{"containerPort":80,"protocol":"TCP"}',
  );
  t.is(valueElement('a<b>&c'), 'v:"a\\u003cb\\u003e\\u0026c"');
  const decoded = decodeFieldsV1({ 'k:{"protocol":"TCP", "containerPort":80}': {} });
  t.true(hasPath(decoded, ['k:{"containerPort":80,"protocol":"TCP"}']));
});

const malformed: Array<[string, unknown]> = [
  ['an array', []],
  ['a scalar child', { 'f:a': 1 }],
  ['an unknown prefix', { 'x:a': {} }],
  ['a bad key element', { 'k:[1]': {} }],
  ['bad JSON text', '{'],
];
for (const [name, doc] of malformed) {
  test(`decode rejects ${name}`, (t) => {
    t.throws(() => decodeFieldsV1(doc), { instanceOf: FieldsV1Error });
  });
}

const A = decodeFieldsV1({ 'f:spec': { 'f:replicas': {}, 'f:paused': {} }, 'f:data': { '.': {}, 'f:k': {} } });
const B = decodeFieldsV1({ 'f:spec': { 'f:replicas': {}, 'f:template': {} }, 'f:data': {} });

const setOps: Array<[string, () => unknown, unknown]> = [
  [
    'union',
    () => encodeFieldsV1(union(A, B)),
    {
      'f:data': { '.': {}, 'f:k': {} },
      'f:spec': { 'f:paused': {}, 'f:replicas': {}, 'f:template': {} },
    },
  ],
  // difference is by member: removing `data` leaves `data.k`.
  ['difference', () => encodeFieldsV1(difference(A, B)), { 'f:data': { 'f:k': {} }, 'f:spec': { 'f:paused': {} } }],
  ['difference the other way', () => encodeFieldsV1(difference(B, A)), { 'f:spec': { 'f:template': {} } }],
  // recursive difference drops whole subtrees.
  ['recursive difference', () => encodeFieldsV1(recursiveDifference(A, B)), { 'f:spec': { 'f:paused': {} } }],
  ['intersection', () => encodeFieldsV1(intersection(A, B)), { 'f:data': {}, 'f:spec': { 'f:replicas': {} } }],
  ['intersection with nothing in common', () => isEmpty(intersection(A, decodeFieldsV1({ 'f:x': {} }))), true],
  ['isEmpty of a set with members', () => isEmpty(A), false],
  ['isEmpty of the empty document', () => isEmpty(decodeFieldsV1({})), true],
  ['difference with itself is empty', () => isEmpty(difference(A, A)), true],
];
for (const [name, run, expected] of setOps) {
  test(`set operation: ${name}`, (t) => {
    t.deepEqual(run(), expected);
  });
}

test('set operations do not mutate their inputs', (t) => {
  const before = JSON.stringify(encodeFieldsV1(A));
  union(A, B);
  difference(A, B);
  intersection(A, B);
  recursiveDifference(A, B);
  t.is(JSON.stringify(encodeFieldsV1(A)), before);
});

test('paths print as in conflict messages, members before deeper paths', (t) => {
  const set = decodeFieldsV1({
    'f:metadata': { 'f:finalizers': { 'v:"example.com/x"': {} } },
    'f:spec': {
      'f:template': {
        'f:spec': {
          'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } },
        },
      },
      'f:replicas': {},
    },
    'f:x': { 'k:{"containerPort":80,"protocol":"TCP"}': {} },
  });
  t.deepEqual(listPaths(set).map(pathToString), [
    '.metadata.finalizers[="example.com/x"]',
    '.spec.replicas',
    '.spec.template.spec.containers[name="web"].image',
    '.x[containerPort=80,protocol="TCP"]',
  ]);
});

const canonicalization: Array<[string, unknown, unknown]> = [
  ['unsorted fields are sorted', { 'f:b': {}, 'f:a': {} }, { 'f:a': {}, 'f:b': {} }],
  ['a lone "." is a plain member', { 'f:a': { '.': {} } }, { 'f:a': {} }],
  ['"." moves first', { 'f:a': { 'f:x': {}, '.': {} } }, { 'f:a': { '.': {}, 'f:x': {} } }],
  [
    'key elements are re-encoded',
    { 'f:ports': { 'k:{"protocol":"TCP","containerPort":80}': {} } },
    { 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': {} } },
  ],
];
for (const [name, doc, expected] of canonicalization) {
  test(`re-encoding a client-written document: ${name}`, (t) => {
    t.is(JSON.stringify(encodeFieldsV1(decodeFieldsV1(doc))), JSON.stringify(expected));
  });
}
