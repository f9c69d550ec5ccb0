import test from 'ava';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from '../../../../core/apiserver/patch/json-patch.js';
import { StatusError } from '../../../../core/apiserver/status.js';
import type { FieldValidation } from '../../../../core/apiserver/patch/patch-options.js';
import { deepFreeze, ownsNothingFrozen } from './fixtures.js';

// RFC 6902 Appendix A examples that succeed.
const rfc6902: Array<{ title: string; doc: unknown; ops: unknown[]; expected: unknown }> = [
  {
    title: 'A.1 adding an object member',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/baz', value: 'qux' }],
    expected: { baz: 'qux', foo: 'bar' },
  },
  {
    title: 'A.2 adding an array element',
    doc: { foo: ['bar', 'baz'] },
    ops: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    expected: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    title: 'A.3 removing an object member',
    doc: { baz: 'qux', foo: 'bar' },
    ops: [{ op: 'remove', path: '/baz' }],
    expected: { foo: 'bar' },
  },
  {
    title: 'A.4 removing an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    ops: [{ op: 'remove', path: '/foo/1' }],
    expected: { foo: ['bar', 'baz'] },
  },
  {
    title: 'A.5 replacing a value',
    doc: { baz: 'qux', foo: 'bar' },
    ops: [{ op: 'replace', path: '/baz', value: 'boo' }],
    expected: { baz: 'boo', foo: 'bar' },
  },
  {
    title: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    ops: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    expected: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    title: 'A.7 moving an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    ops: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    expected: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    title: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    ops: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    expected: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    title: 'A.10 adding a nested member object',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    expected: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    title: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    ops: [{ op: 'test', path: '/~01', value: 10 }],
    expected: { '/': 9, '~1': 10 },
  },
  {
    title: 'A.16 adding an array value',
    doc: { foo: ['bar'] },
    ops: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    expected: { foo: ['bar', ['abc', 'def']] },
  },
  {
    title: 'copy duplicates a value',
    doc: { a: { b: [1] } },
    ops: [{ op: 'copy', from: '/a', path: '/c' }],
    expected: { a: { b: [1] }, c: { b: [1] } },
  },
];

for (const c of rfc6902) {
  test(`json patch RFC 6902 ${c.title}`, (t) => {
    t.deepEqual(applyJsonPatch(deepFreeze(c.doc), deepFreeze(c.ops)), c.expected);
  });
}

const pod = () => ({
  metadata: { name: 'web', labels: { A: 'true' } },
  spec: {
    containers: [
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y' },
    ],
  },
});

// Behaviour of the apiserver's evanphx/json-patch v4 beyond the RFC examples.
const kubernetesCases: Array<{ title: string; doc: unknown; ops: unknown; expected: unknown }> = [
  {
    title: 'test then replace a label (the client-node issue #2095 patch)',
    doc: pod(),
    ops: [
      { op: 'test', path: '/metadata/labels/A', value: 'true' },
      { op: 'replace', path: '/metadata/labels/A', value: 'false' },
    ],
    expected: { ...pod(), metadata: { name: 'web', labels: { A: 'false' } } },
  },
  {
    title: 'kubectl rollout undo replaces the template and the annotations',
    doc: { metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { template: { a: 1 } } },
    ops: [
      { op: 'replace', path: '/spec/template', value: { b: 2 } },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
    ],
    expected: { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { template: { b: 2 } } },
  },
  {
    title: 'a negative index counts from the end',
    doc: pod(),
    ops: [{ op: 'remove', path: '/spec/containers/-1' }],
    expected: { ...pod(), spec: { containers: [{ name: 'a', image: 'x' }] } },
  },
  {
    title: 'add at a negative index inserts before the counted element',
    doc: { l: [1, 2, 3] },
    ops: [{ op: 'add', path: '/l/-2', value: 9 }],
    expected: { l: [1, 2, 9, 3] },
  },
  {
    title: 'a test for null passes on an absent member',
    doc: { a: 1 },
    ops: [{ op: 'test', path: '/b', value: null }],
    expected: { a: 1 },
  },
  {
    title: 'add without a value writes null',
    doc: { a: 1 },
    ops: [{ op: 'add', path: '/b' }],
    expected: { a: 1, b: null },
  },
  {
    title: 'a null body is an empty patch',
    doc: { a: 1 },
    ops: null,
    expected: { a: 1 },
  },
  {
    title: 'operations see the results of the earlier ones',
    doc: { a: {} },
    ops: [
      { op: 'add', path: '/a/b', value: { c: [] } },
      { op: 'add', path: '/a/b/c/0', value: 'x' },
      { op: 'move', from: '/a/b', path: '/d' },
    ],
    expected: { a: {}, d: { c: ['x'] } },
  },
];

for (const c of kubernetesCases) {
  test(`json patch: ${c.title}`, (t) => {
    t.deepEqual(applyJsonPatch(deepFreeze(c.doc), deepFreeze(c.ops)), c.expected);
  });
}

test('the json patch result shares nothing with the document or the operation values', (t) => {
  const doc = deepFreeze(pod());
  const ops = deepFreeze([{ op: 'add', path: '/spec/extra', value: { nested: [{ x: 1 }] } }]);
  const result = applyJsonPatch(doc, ops);
  t.true(ownsNothingFrozen(result));
  t.deepEqual((result as { spec: { extra: unknown } }).spec.extra, { nested: [{ x: 1 }] });
});

// 422s: the apiserver wraps json-patch's error in NewGenericServerResponse(422).
const failures: Array<{ title: string; doc: unknown; ops: unknown[]; cause: string }> = [
  {
    title: 'RFC 6902 A.9 test failure',
    doc: { baz: 'qux' },
    ops: [{ op: 'test', path: '/baz', value: 'bar' }],
    cause: 'testing value /baz failed: test failed',
  },
  {
    title: 'RFC 6902 A.12 adding to a nonexistent target',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    cause: 'add operation does not apply: doc is missing path: "/baz/bat": missing value',
  },
  {
    title: 'replace of a missing key (rollout undo without annotations)',
    doc: { metadata: { name: 'web' } },
    ops: [{ op: 'replace', path: '/metadata/annotations', value: {} }],
    cause: 'replace operation does not apply: doc is missing key: /metadata/annotations: missing value',
  },
  {
    title: 'replace under a missing parent',
    doc: { metadata: {} },
    ops: [{ op: 'replace', path: '/spec/replicas', value: 1 }],
    cause: 'replace operation does not apply: doc is missing path: /spec/replicas: missing value',
  },
  {
    title: 'remove of a missing key',
    doc: { metadata: { labels: {} } },
    ops: [{ op: 'remove', path: '/metadata/labels/x' }],
    cause: "error in remove for path: '/metadata/labels/x': unable to remove nonexistent key: x: missing value",
  },
  {
    title: 'remove beyond the end of an array',
    doc: { l: [1] },
    ops: [{ op: 'remove', path: '/l/3' }],
    cause: "error in remove for path: '/l/3': Unable to access invalid index: 3: invalid index referenced",
  },
  {
    title: 'add beyond the end of an array',
    doc: { l: [1] },
    ops: [{ op: 'add', path: '/l/5', value: 2 }],
    cause: "error in add for path: '/l/5': Unable to access invalid index: 5: invalid index referenced",
  },
  {
    title: 'add with a non-numeric array index',
    doc: { l: [1] },
    ops: [{ op: 'add', path: '/l/x', value: 2 }],
    cause: `error in add for path: '/l/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
  },
  {
    title: 'move from a missing path',
    doc: { a: 1 },
    ops: [{ op: 'move', from: '/x/y', path: '/b' }],
    cause: 'move operation does not apply: doc is missing from path: /x/y: missing value',
  },
  {
    title: 'an unknown operation',
    doc: { a: 1 },
    ops: [{ op: 'frobnicate', path: '/a' }],
    cause: 'Unexpected kind: frobnicate',
  },
  {
    title: 'a failing operation after a successful one',
    doc: { a: 1 },
    ops: [
      { op: 'add', path: '/b', value: 2 },
      { op: 'test', path: '/b', value: 3 },
    ],
    cause: 'testing value /b failed: test failed',
  },
];

for (const c of failures) {
  test(`json patch 422: ${c.title}`, (t) => {
    const doc = deepFreeze(c.doc);
    const err = t.throws(() => applyJsonPatch(doc, deepFreeze(c.ops)), { instanceOf: StatusError }) as StatusError;
    t.deepEqual(err.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      code: 422,
      details: { causes: [{ reason: 'UnexpectedServerResponse', message: c.cause }] },
    });
  });
}

// 400s: the body does not decode as a list of operations.
const badBodies: Array<{ body: unknown; fieldValidation?: FieldValidation; message: string }> = [
  {
    // What @kubernetes/client-node's typed patch methods send by default under application/json-patch+json.
    body: { metadata: { labels: { a: 'b' } } },
    message: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
  },
  {
    body: { op: 'add', path: '/a', value: 1 },
    fieldValidation: 'Ignore',
    message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  },
  {
    body: 'add',
    fieldValidation: 'Strict',
    message: 'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp',
  },
  {
    body: [1],
    message: 'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp',
  },
  {
    body: [{ op: 'add', path: 5, value: 1 }],
    message: 'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string',
  },
];

for (const c of badBodies) {
  test(`json patch body ${JSON.stringify(c.body)} (fieldValidation=${c.fieldValidation ?? 'default'}) is a 400`, (t) => {
    const err = t.throws(() => applyJsonPatch({ a: 1 }, c.body, { fieldValidation: c.fieldValidation }), {
      instanceOf: StatusError,
    }) as StatusError;
    t.is(err.code, 400);
    t.is(err.reason, 'BadRequest');
    t.is(err.message, c.message);
  });
}

test('more than 10000 operations is a 413', (t) => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
  const err = t.throws(() => applyJsonPatch({ a: 1 }, ops), { instanceOf: StatusError }) as StatusError;
  t.is(err.code, 413);
  t.is(err.reason, 'RequestEntityTooLarge');
  t.is(err.message, 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
});
