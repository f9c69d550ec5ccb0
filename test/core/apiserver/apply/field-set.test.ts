import test from 'ava';
import {
  computeFieldSet,
  encodeFieldsV1,
  ListItemError,
  type FieldSetOptions,
} from '../../../../core/apiserver/apply/index.js';
import type { SchemaNode } from '../../../../core/apiserver/schema/schema-node.js';
import { configMapSchema, deploymentSchema, stored } from './fixtures.js';

interface Case {
  name: string;
  object: unknown;
  schema: SchemaNode | undefined;
  options?: FieldSetOptions;
  expected: unknown;
}

const nginx = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
    },
  },
};

const cases: Case[] = [
  {
    // The ConfigMap example of the Server-Side Apply documentation.
    name: 'the ConfigMap of the SSA docs',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } },
      data: { key: 'some value' },
    },
    schema: configMapSchema,
    expected: { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } },
  },
  {
    // What `kubectl apply --server-side` of the docs' nginx Deployment records: the container is a
    // `k:` item with `.`, the port key takes the defaulted protocol, the selector is atomic.
    name: 'the nginx Deployment: map-lists, atomic selector, defaulted key',
    object: nginx,
    schema: deploymentSchema,
    expected: {
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
    },
  },
  {
    name: 'server-set metadata and managedFields are never owned',
    object: stored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' }, data: { k: 'v' } }, [
      { manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} },
    ]),
    schema: configMapSchema,
    expected: { 'f:data': { 'f:k': {} } },
  },
  {
    name: 'set lists give v: items, atomic lists and atomic maps are leaves',
    object: {
      metadata: { finalizers: ['example.com/a', 'example.com/b'] },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', args: ['--a', '--b'] }],
            nodeSelector: { disk: 'ssd' },
          },
        },
      },
    },
    schema: deploymentSchema,
    expected: {
      'f:metadata': { 'f:finalizers': { 'v:"example.com/a"': {}, 'v:"example.com/b"': {} } },
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:args': {}, 'f:name': {} } },
            'f:nodeSelector': {},
          },
        },
      },
    },
  },
  {
    // env has only patchMergeKey + strategy merge, no list type: keyed by name.
    name: 'a built-in list with only a patch merge key is keyed by it',
    object: { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'A', value: '1' }] }] } } } },
    schema: deploymentSchema,
    expected: {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:name': {},
              },
            },
          },
        },
      },
    },
  },
  {
    name: 'status is owned when there is no status subresource',
    object: { spec: { replicas: 1 }, status: { replicas: 1 } },
    schema: deploymentSchema,
    expected: { 'f:spec': { 'f:replicas': {} }, 'f:status': { 'f:replicas': {} } },
  },
  {
    name: 'status is ignored on the main resource of a kind with a status subresource',
    object: { spec: { replicas: 1 }, status: { replicas: 1 } },
    schema: deploymentSchema,
    options: { statusSubresource: true },
    expected: { 'f:spec': { 'f:replicas': {} } },
  },
  {
    name: 'spec is ignored on the status subresource',
    object: { spec: { replicas: 1 }, status: { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] } },
    schema: deploymentSchema,
    options: { statusSubresource: true, subresource: 'status' },
    expected: {
      'f:status': {
        'f:conditions': { 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } },
        'f:replicas': {},
      },
    },
  },
  {
    // Without a schema every map key is an undeclared field, so every map is a member; lists are atomic.
    name: 'untyped objects: maps are members, lists atomic',
    object: { apiVersion: 'example.com/v1', kind: 'Widget', spec: { size: 2, tags: ['a'] } },
    schema: undefined,
    expected: { 'f:spec': { '.': {}, 'f:size': {}, 'f:tags': {} } },
  },
  {
    name: 'a list map with several keys sorts the key names',
    object: { items: [{ name: 'x', age: 3, extra: true }] },
    schema: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          listType: 'map',
          listMapKeys: ['name', 'age'],
          items: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } },
        },
      },
    },
    expected: { 'f:items': { 'k:{"age":3,"name":"x"}': { '.': {}, 'f:age': {}, 'f:extra': {}, 'f:name': {} } } },
  },
];

for (const c of cases) {
  test(`field set: ${c.name}`, (t) => {
    t.deepEqual(encodeFieldsV1(computeFieldSet(c.object, c.schema, c.options)), c.expected);
  });
}

test('a keyed item without its key and no default is rejected with the structured-merge-diff text', (t) => {
  const err = t.throws(
    () => computeFieldSet({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, deploymentSchema),
    { instanceOf: ListItemError },
  );
  t.is(
    err?.message,
    'associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
  );
});
