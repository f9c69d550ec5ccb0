import test from 'ava';
import { applyMergePatch, checkMergePatchBody } from '../../../../core/apiserver/patch/json-merge-patch.js';
import { StatusError } from '../../../../core/apiserver/status.js';
import type { FieldValidation } from '../../../../core/apiserver/patch/patch-options.js';
import { deepFreeze, ownsNothingFrozen } from './fixtures.js';

// RFC 7386 Appendix A, verbatim.
const rfc7386: Array<[unknown, unknown, unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

for (const [i, [target, patch, expected]] of rfc7386.entries()) {
  test(`RFC 7386 appendix A case ${i + 1}`, (t) => {
    t.deepEqual(applyMergePatch(deepFreeze(target), deepFreeze(patch)), expected);
  });
}

const kubernetesCases: Array<{ title: string; target: unknown; patch: unknown; expected: unknown }> = [
  {
    title: 'kubectl label adds a label',
    target: { metadata: { name: 'web', labels: { app: 'web' } } },
    patch: { metadata: { labels: { tier: 'frontend' } } },
    expected: { metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } } },
  },
  {
    title: 'kubectl label tier- removes a label with null',
    target: { metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } } },
    patch: { metadata: { labels: { tier: null } } },
    expected: { metadata: { name: 'web', labels: { app: 'web' } } },
  },
  {
    title: 'kubectl scale patches /scale with spec.replicas',
    target: { kind: 'Scale', spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=web' } },
    patch: { spec: { replicas: 3 } },
    expected: { kind: 'Scale', spec: { replicas: 3 }, status: { replicas: 1, selector: 'app=web' } },
  },
  {
    title: 'lists are replaced, never merged (containers included)',
    target: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } },
    patch: { spec: { containers: [{ name: 'a', image: 'y' }] } },
    expected: { spec: { containers: [{ name: 'a', image: 'y' }] } },
  },
  {
    title: 'deleting a key that does not exist changes nothing',
    target: { metadata: { name: 'web' } },
    patch: { metadata: { labels: null } },
    expected: { metadata: { name: 'web' } },
  },
  {
    // evanphx/json-patch (the apiserver's library) also drops null members of objects inside arrays.
    title: 'null members of objects inside an inserted array are dropped',
    target: { spec: {} },
    patch: { spec: { items: [{ a: null, b: 1 }, null] } },
    expected: { spec: { items: [{ b: 1 }, null] } },
  },
];

for (const c of kubernetesCases) {
  test(`merge patch: ${c.title}`, (t) => {
    t.deepEqual(applyMergePatch(deepFreeze(c.target), deepFreeze(c.patch)), c.expected);
  });
}

test('the merge result shares nothing with its inputs', (t) => {
  const target = deepFreeze({ metadata: { labels: { a: 'b' } }, spec: { list: [{ x: 1 }] } });
  const patch = deepFreeze({ spec: { other: { y: [1, { z: 2 }] } } });
  const result = applyMergePatch(target, patch);
  t.deepEqual(result, { metadata: { labels: { a: 'b' } }, spec: { list: [{ x: 1 }], other: { y: [1, { z: 2 }] } } });
  t.true(ownsNothingFrozen(result));
});

const badBodies: Array<{ body: unknown; fieldValidation?: FieldValidation; code: number; message: string }> = [
  { body: null, code: 400, message: 'Invalid JSON Patch' },
  {
    body: [{ op: 'add' }],
    code: 400,
    message: 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
  },
  {
    body: 'x',
    fieldValidation: 'Strict',
    code: 400,
    message: 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}',
  },
  { body: 42, fieldValidation: 'Ignore', code: 400, message: 'Invalid JSON Patch' },
  { body: [1], fieldValidation: 'Ignore', code: 422, message: '' },
];

for (const c of badBodies) {
  test(`merge patch body ${JSON.stringify(c.body)} (fieldValidation=${c.fieldValidation ?? 'default'}) is refused with ${c.code}`, (t) => {
    const err = t.throws(() => checkMergePatchBody(c.body, { fieldValidation: c.fieldValidation }), {
      instanceOf: StatusError,
    }) as StatusError;
    t.is(err.code, c.code);
    if (c.message) t.is(err.message, c.message);
    t.is(err.toStatus().reason, c.code === 400 ? 'BadRequest' : 'Invalid');
  });
}

test('an object merge patch body passes the check', (t) => {
  t.notThrows(() => checkMergePatchBody({ metadata: { labels: { a: null } } }));
});

test('merge patch: a __proto__ key in the patch is data, never a path into Object.prototype', (t) => {
  const patch = JSON.parse('{"__proto__":{"polluted":"yes"},"spec":{"__proto__":{"x":1}}}');
  const result = applyMergePatch({ spec: { a: 1 } }, patch) as Record<string, unknown>;
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is(Object.getPrototypeOf(result), Object.prototype);
  t.deepEqual(
    JSON.parse(JSON.stringify(result)),
    JSON.parse('{"spec":{"a":1,"__proto__":{"x":1}},"__proto__":{"polluted":"yes"}}'),
  );
});
