import test from 'ava';
import { toTsJsonSchema } from '../../../sdk/codegen/json-schema-conversion.js';
import type { CrdSchema } from '../../../sdk/codegen/crd-document.js';

const ctx = { objectMetaType: 'ObjectMeta' };

const cases: Array<{ title: string; input: CrdSchema; expected: unknown }> = [
  {
    title: 'int-or-string',
    input: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    expected: { tsType: 'number | string' },
  },
  { title: 'integer is a number', input: { type: 'integer', format: 'int32' }, expected: { type: 'number' } },
  { title: 'string enum', input: { type: 'string', enum: ['A', 'B'] }, expected: { type: 'string', enum: ['A', 'B'] } },
  {
    title: 'nullable',
    input: { type: 'string', nullable: true, description: 'd' },
    expected: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'd' },
  },
  {
    title: 'untyped preserve-unknown-fields is unknown',
    input: { 'x-kubernetes-preserve-unknown-fields': true },
    expected: { tsType: 'unknown' },
  },
  {
    title: 'object preserve-unknown-fields is an open object',
    input: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    expected: { type: 'object', additionalProperties: true },
  },
  {
    title: 'declared fields are closed',
    input: { type: 'object', required: ['a'], properties: { a: { type: 'boolean' } } },
    expected: { type: 'object', properties: { a: { type: 'boolean' } }, additionalProperties: false, required: ['a'] },
  },
  {
    title: 'a map',
    input: { type: 'object', additionalProperties: { type: 'string' } },
    expected: { type: 'object', additionalProperties: { type: 'string' } },
  },
  {
    title: 'an embedded resource',
    input: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
    expected: {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { tsType: 'ObjectMeta' } },
      required: ['apiVersion', 'kind'],
      additionalProperties: true,
    },
  },
  {
    title: 'arrays of objects, titles dropped',
    input: { type: 'array', items: { type: 'object', title: 'Item', properties: { n: { type: 'number' } } } },
    expected: {
      type: 'array',
      items: { type: 'object', properties: { n: { type: 'number' } }, additionalProperties: false },
    },
  },
];

for (const c of cases) {
  test(`conversion: ${c.title}`, (t) => {
    t.deepEqual(toTsJsonSchema(c.input, ctx), c.expected);
  });
}
