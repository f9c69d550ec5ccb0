import test from 'ava';
import type { JsonSchemaProps } from '../../../../core/apiserver/crd/crd-shapes.js';
import { applySchemaDefaults } from '../../../../core/apiserver/crd/schema-defaulter.js';
import { findUnknownFields, pruneUnknownFields } from '../../../../core/apiserver/openapi/field-validation.js';
import { structuralRootNode } from '../../../../core/apiserver/crd/structural-schema-node.js';

const schema: JsonSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        strategy: {
          type: 'object',
          default: { type: 'Rolling' },
          properties: { type: { type: 'string' }, maxSurge: { type: 'integer', default: 25 } },
        },
        note: { type: 'string', nullable: true, default: 'n/a' },
        image: { type: 'string' },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: { protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } },
          },
        },
        labels: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { weight: { type: 'integer', default: 1 } } },
        },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        closed: { type: 'object' },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      },
    },
  },
};

const defaulting: Array<{ title: string; input: Record<string, unknown>; expected: Record<string, unknown> }> = [
  {
    title: 'a missing object is defaulted, then the defaults inside it',
    input: {},
    expected: { spec: { replicas: 1, strategy: { type: 'Rolling', maxSurge: 25 }, note: 'n/a' } },
  },
  {
    title: 'given values win',
    input: { spec: { replicas: 3, strategy: { type: 'Recreate' }, note: 'x' } },
    expected: { spec: { replicas: 3, strategy: { type: 'Recreate', maxSurge: 25 }, note: 'x' } },
  },
  {
    title: 'null in a non-nullable field takes the default or is dropped; nullable null stays',
    input: { spec: { replicas: null, image: null, note: null } },
    expected: { spec: { replicas: 1, strategy: { type: 'Rolling', maxSurge: 25 }, note: null } },
  },
  {
    title: 'array items and map values are defaulted',
    input: { spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }], labels: { a: {}, b: { weight: 5 } } } },
    expected: {
      spec: {
        replicas: 1,
        strategy: { type: 'Rolling', maxSurge: 25 },
        note: 'n/a',
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        labels: { a: { weight: 1 }, b: { weight: 5 } },
      },
    },
  },
];

for (const c of defaulting) {
  test(`defaulting: ${c.title}`, (t) => {
    const obj = structuredClone(c.input);
    applySchemaDefaults(obj, schema, true);
    t.deepEqual(obj, c.expected);
    applySchemaDefaults(obj, schema, true);
    t.deepEqual(obj, c.expected, 'idempotent');
  });
}

test('pruning keeps declared, preserved and embedded fields and drops the rest', (t) => {
  const node = structuralRootNode(schema);
  const obj = {
    apiVersion: 'example.com/v1',
    kind: 'Thing',
    metadata: { name: 'a', bogus: true },
    top: 1,
    spec: {
      replicas: 1,
      unknown: 'x',
      free: { anything: { deep: [1] } },
      closed: { dropped: 1 },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 }, other: 2 },
      ports: [{ port: 1, color: 'red' }],
    },
  };
  t.deepEqual(findUnknownFields(obj, node), [
    'metadata.bogus',
    'top',
    'spec.unknown',
    'spec.closed.dropped',
    'spec.template.other',
    'spec.ports[0].color',
  ]);
  pruneUnknownFields(obj, node);
  t.deepEqual(obj, {
    apiVersion: 'example.com/v1',
    kind: 'Thing',
    metadata: { name: 'a' },
    spec: {
      replicas: 1,
      free: { anything: { deep: [1] } },
      closed: {},
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } },
      ports: [{ port: 1 }],
    },
  });
});

test('a version without a schema keeps every field', (t) => {
  const node = structuralRootNode(undefined);
  const obj = { metadata: { name: 'a' }, spec: { anything: 1 }, other: [1] };
  t.deepEqual(findUnknownFields(obj, node), []);
});
