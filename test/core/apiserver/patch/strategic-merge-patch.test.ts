import test from 'ava';
import { applyStrategicMergePatch } from '../../../../core/apiserver/patch/strategic-merge-patch.js';
import { StatusError } from '../../../../core/apiserver/status.js';
import type { SchemaNode } from '../../../../core/apiserver/schema/schema-node.js';
import { deepFreeze, deploymentSchema, mergeItemSchema, ownsNothingFrozen, podSchema } from './fixtures.js';

interface Case {
  title: string;
  schema: SchemaNode | undefined;
  original: unknown;
  patch: unknown;
  expected: unknown;
}

function run(t: import('ava').ExecutionContext, c: Case): void {
  const result = applyStrategicMergePatch(deepFreeze(c.original), deepFreeze(c.patch), c.schema);
  t.deepEqual(result, c.expected);
  t.true(ownsNothingFrozen(result), 'the result must not share structure with the inputs');
}

const pod = podSchema();
const deployment = deploymentSchema();

const nginxPod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' }, finalizers: ['a.example/x', 'b.example/y'] },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.26',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
      { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
    ],
    tolerations: [{ key: 'old', operator: 'Exists', effect: 'NoSchedule' }],
    nodeSelector: { disk: 'ssd' },
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
    ],
  },
});

function withPod(edit: (p: ReturnType<typeof nginxPod>) => void): ReturnType<typeof nginxPod> {
  const p = nginxPod();
  edit(p);
  return p;
}

// Patches kubectl sends (reference/kubectl-wire.md §8 and §11) and Kubernetes documentation examples.
const podCases: Case[] = [
  {
    title: 'kubectl set image: $setElementOrder plus the changed container',
    schema: deployment,
    original: {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80 }] }] } },
      },
    },
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [{ image: 'nginx:1.27', name: 'web' }],
          },
        },
      },
    },
    expected: {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
      },
    },
  },
  {
    title: 'kubectl set image on the second of two containers keeps the order',
    schema: pod,
    original: nginxPod(),
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
        containers: [{ image: 'busybox:1.36', name: 'sidecar' }],
      },
    },
    expected: withPod((p) => {
      p.spec.containers[1].image = 'busybox:1.36';
    }),
  },
  {
    title: 'a label is removed with null',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { labels: { tier: null } } },
    expected: withPod((p) => {
      p.metadata.labels = { app: 'web' } as typeof p.metadata.labels;
    }),
  },
  {
    title: 'a finalizer is removed with $deleteFromPrimitiveList (client-side apply form)',
    schema: pod,
    original: nginxPod(),
    patch: {
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['a.example/x'],
        '$setElementOrder/finalizers': ['b.example/y'],
      },
    },
    expected: withPod((p) => {
      p.metadata.finalizers = ['b.example/y'];
    }),
  },
  {
    title: 'finalizers merge as a set: a new one leads, duplicates collapse',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { finalizers: ['c.example/z', 'a.example/x'] } },
    expected: withPod((p) => {
      // patch items in patch order, then the server-only one (a before b on the server, c is new)
      p.metadata.finalizers = ['c.example/z', 'a.example/x', 'b.example/y'];
    }),
  },
  {
    title: 'a container is deleted with a $patch: delete list item',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ $patch: 'delete', name: 'sidecar' }] } },
    expected: withPod((p) => {
      p.spec.containers = [p.spec.containers[0]];
    }),
  },
  {
    title: 'a map is replaced with $patch: replace',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { nodeSelector: { $patch: 'replace', zone: 'a' } } },
    expected: withPod((p) => {
      p.spec.nodeSelector = { zone: 'a' } as never;
    }),
  },
  {
    title: 'a map is emptied with $patch: delete',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { labels: { $patch: 'delete' } } },
    expected: withPod((p) => {
      p.metadata.labels = {} as typeof p.metadata.labels;
    }),
  },
  {
    // kubernetes.io "Update API Objects in Place Using kubectl patch": the new container is listed first.
    title: 'a container added without $setElementOrder goes before the existing ones',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ name: 'redis', image: 'redis' }] } },
    expected: withPod((p) => {
      p.spec.containers = [{ name: 'redis', image: 'redis' } as never, ...p.spec.containers];
    }),
  },
  {
    // Same page: tolerations have no patch strategy, so the list is replaced.
    title: 'tolerations (no patch strategy) are replaced',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } },
    expected: withPod((p) => {
      p.spec.tolerations = [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' } as never];
    }),
  },
  {
    title: 'ports merge by containerPort inside the container merged by name',
    schema: pod,
    original: nginxPod(),
    patch: {
      spec: { containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] },
    },
    expected: withPod((p) => {
      p.spec.containers[0].ports = [
        { containerPort: 80, protocol: 'TCP', name: 'http' } as never,
        { containerPort: 443 } as never,
      ];
    }),
  },
  {
    title: 'env merges by name; null deletes a member of one entry',
    schema: pod,
    original: nginxPod(),
    patch: {
      spec: {
        containers: [
          {
            name: 'web',
            env: [
              { name: 'B', value: '3' },
              { name: 'A', value: null },
            ],
          },
        ],
      },
    },
    expected: withPod((p) => {
      p.spec.containers[0].env = [{ name: 'B', value: '3' }, { name: 'A' } as never];
    }),
  },
  {
    title: 'volumeMounts merge by mountPath',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ name: 'web', volumeMounts: [{ mountPath: '/data', readOnly: true }] }] } },
    expected: withPod((p) => {
      p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data', readOnly: true } as never];
    }),
  },
  {
    title: 'status conditions merge by type',
    schema: pod,
    original: nginxPod(),
    patch: { status: { conditions: [{ type: 'Ready', status: 'True', reason: null }] } },
    expected: withPod((p) => {
      p.status.conditions[1] = { type: 'Ready', status: 'True' } as never;
    }),
  },
  {
    title: 'kubectl rollout restart adds a template annotation',
    schema: deployment,
    original: { spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } } } },
    patch: {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } },
      },
    },
    expected: {
      spec: {
        template: {
          metadata: {
            labels: { app: 'web' },
            annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' },
          },
          spec: { containers: [{ name: 'web' }] },
        },
      },
    },
  },
  {
    title: 'kubectl uncordon deletes spec.unschedulable with null',
    schema: undefined,
    original: { spec: { unschedulable: true, podCIDR: '10.0.0.0/24' } },
    patch: { spec: { unschedulable: null } },
    expected: { spec: { podCIDR: '10.0.0.0/24' } },
  },
  {
    // kubernetes.io "Use strategic merge patch to update a Deployment using the retainKeys strategy".
    title: '$retainKeys on the Deployment strategy drops rollingUpdate',
    schema: deployment,
    original: {
      spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
    },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expected: { spec: { replicas: 2, strategy: { type: 'Recreate' } } },
  },
  {
    title: 'a whole container list is replaced with a {$patch: replace} item',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } },
    expected: withPod((p) => {
      p.spec.containers = [{ name: 'only', image: 'x' } as never];
    }),
  },
  {
    title: 'a new container loses null members and nested directives',
    schema: pod,
    original: { spec: { containers: [{ name: 'a' }] } },
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
        containers: [
          {
            name: 'b',
            image: null,
            '$setElementOrder/env': [{ name: 'X' }],
            env: [
              { name: 'X', value: 'y' },
              { $patch: 'delete', name: 'Z' },
            ],
          },
        ],
      },
    },
    expected: { spec: { containers: [{ name: 'a' }, { name: 'b', env: [{ name: 'X', value: 'y' }] }] } },
  },
  {
    title: 'fields without schema merge as maps and their lists are replaced',
    schema: pod,
    original: { spec: { containers: [] }, extra: { keep: 1, list: [{ name: 'a' }, { name: 'b' }], nested: { x: 1 } } },
    patch: { extra: { list: [{ name: 'c' }], nested: { y: 2, x: null } } },
    expected: { spec: { containers: [] }, extra: { keep: 1, list: [{ name: 'c' }], nested: { y: 2 } } },
  },
  {
    title: 'a null patch changes nothing',
    schema: pod,
    original: nginxPod(),
    patch: null,
    expected: nginxPod(),
  },
];

for (const c of podCases) test(`SMP: ${c.title}`, (t) => run(t, c));

const item = mergeItemSchema();

// Cases from apimachinery's strategicpatch patch_test.go (original + two-way patch => modified, or
// current + three-way patch => result), with the MergeItem schema.
const apimachineryCases: Array<Omit<Case, 'schema'>> = [
  {
    title: 'unique scalars when merging lists',
    original: { mergingIntList: [1, 2] },
    patch: { mergingIntList: [2, 3] },
    expected: { mergingIntList: [1, 2, 3] },
  },
  {
    title: 'delete map from nested map',
    original: { simpleMap: { key1: '1', key2: '1' } },
    patch: { simpleMap: { $patch: 'delete' } },
    expected: { simpleMap: {} },
  },
  {
    title: 'delete all items from merging list',
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    patch: { mergingList: [{ $patch: 'replace' }] },
    expected: { mergingList: [] },
  },
  {
    title: 'merge empty merging lists',
    original: { mergingList: [] },
    patch: { mergingList: [] },
    expected: { mergingList: [] },
  },
  {
    title: 'delete all keys from map',
    original: { name: 1, value: 1 },
    patch: { $patch: 'replace' },
    expected: {},
  },
  {
    title: 'add key and delete all keys from map',
    original: { name: 1, value: 1 },
    patch: { other: 'a', $patch: 'replace' },
    expected: { other: 'a' },
  },
  {
    title: 'delete all duplicate entries in a merging list',
    original: { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
    patch: {
      mergingList: [
        { name: 1, $patch: 'delete' },
        { name: 3, $patch: 'delete' },
      ],
    },
    expected: { mergingList: [{ name: 2, value: 'a' }] },
  },
  {
    title: 'retainKeys map can delete a field when no retainKeys directive present',
    original: { retainKeysMap: { name: 'foo', value: 'a' } },
    patch: { retainKeysMap: { value: null } },
    expected: { retainKeysMap: { name: 'foo' } },
  },
  {
    title: 'preserve the order from the patch in a merging list',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
        { name: 2, other: 'x' },
      ],
    },
    expected: {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
        { name: 2, value: 'b', other: 'x' },
      ],
    },
  },
  {
    title: 'preserve the order from the patch in a merging list 2',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
      ],
    },
    expected: {
      mergingList: [
        { name: 2, value: 'b' },
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
      ],
    },
  },
  {
    title: 'preserve the order from the patch in a merging int list',
    original: { mergingIntList: [1, 2, 3] },
    patch: { mergingIntList: [3, 1, 2] },
    expected: { mergingIntList: [3, 1, 2] },
  },
  {
    title: 'preserve the order from the patch in a merging int list (partial)',
    original: { mergingIntList: [1, 2, 3] },
    patch: { mergingIntList: [3, 1] },
    expected: { mergingIntList: [2, 3, 1] },
  },
  {
    title: '$setElementOrder contains item that is not present in the list to be merged',
    original: { mergingList: [{ name: 1 }, { name: 3 }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }],
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
    expected: {
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
  },
  {
    title: '$setElementOrder contains item that is not present in the int list to be merged',
    original: { mergingIntList: [1, 3] },
    patch: { '$setElementOrder/mergingIntList': [3, 2, 1] },
    expected: { mergingIntList: [3, 1] },
  },
  {
    title: '$deleteFromPrimitiveList of nonexistent item does not add it',
    original: { mergingIntList: [1, 2] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [3] },
    expected: { mergingIntList: [1, 2] },
  },
  {
    title: '$deleteFromPrimitiveList on nonexistent primitive list does not add the list',
    original: { foo: ['bar'] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [3] },
    expected: { foo: ['bar'] },
  },
  {
    title: '$deleteFromPrimitiveList deletes from a list without merge patch strategy',
    original: { nonMergingIntList: [1, 2, 3] },
    patch: { '$deleteFromPrimitiveList/nonMergingIntList': [2] },
    expected: { nonMergingIntList: [1, 3] },
  },
  {
    title: 'nested patch merge with empty list (two-way result)',
    original: { name: 'hi' },
    patch: { mergingList: [{ name: 'hello' }, { $patch: 'delete', name: 'doesntexist' }] },
    expected: { name: 'hi', mergingList: [{ name: 'hello' }] },
  },
  {
    title: 'delete all duplicate items in lists of scalars (three-way result)',
    original: { mergingIntList: [1, 2, 3, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
    expected: { mergingIntList: [1, 2, 4] },
  },
  {
    title: 'merge lists of maps (three-way result)',
    original: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
      ],
    },
    patch: {
      '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 4, value: 4 },
        { name: 3, value: 3 },
      ],
    },
    expected: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
        { name: 3, value: 3 },
      ],
    },
  },
  {
    title: 'retainKeys map changes a field in a nested map (three-way result)',
    original: { retainKeysMap: { name: 'foo', value: 'bar', simpleMap: { key1: 'a', key2: 'b', key3: 'c' } } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'simpleMap', 'value'], simpleMap: { key1: 'x' } } },
    expected: { retainKeysMap: { name: 'foo', value: 'bar', simpleMap: { key1: 'x', key2: 'b', key3: 'c' } } },
  },
  {
    title: 'retainKeys map deletes nested non-merging list',
    original: { retainKeysMap: { name: 'foo', nonMergingList: [{ name: 'a' }, { name: 'b' }] } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar', nonMergingList: null } },
    expected: { retainKeysMap: { name: 'foo', value: 'bar' } },
  },
  {
    title: 'retainKeys map adds an item in nested merging int list (three-way result)',
    original: { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 3] } },
    patch: {
      retainKeysMap: {
        '$setElementOrder/mergingIntList': [1, 2, 4],
        $retainKeys: ['mergingIntList', 'name'],
        mergingIntList: [4],
      },
    },
    expected: { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 4, 3] } },
  },
  {
    title: 'retainKeys map adds an item and deletes an item in nested merging int list (three-way result)',
    original: { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 3, 4] } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingIntList', 'name'],
        mergingIntList: [5],
        '$deleteFromPrimitiveList/mergingIntList': [2],
        '$setElementOrder/mergingIntList': [1, 3, 5],
      },
    },
    expected: { retainKeysMap: { name: 'foo', mergingIntList: [1, 3, 5, 4] } },
  },
  {
    title: 'retainKeys map adds an item in nested merging list (three-way result)',
    original: { retainKeysMap: { name: 'foo', mergingList: [{ name: 'a' }, { name: 'b' }, { name: 'x' }] } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingList', 'name'],
        '$setElementOrder/mergingList': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        mergingList: [{ name: 'c' }],
      },
    },
    expected: {
      retainKeysMap: { name: 'foo', mergingList: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'x' }] },
    },
  },
  {
    title: 'retainKeys map deletes an item in nested merging list (three-way result)',
    original: { retainKeysMap: { name: 'foo', mergingList: [{ name: 'a' }, { name: 'b' }, { name: 'x' }] } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingList', 'name'],
        '$setElementOrder/mergingList': [{ name: 'a' }],
        mergingList: [{ name: 'b', $patch: 'delete' }],
      },
    },
    expected: { retainKeysMap: { name: 'foo', mergingList: [{ name: 'a' }, { name: 'x' }] } },
  },
  {
    title: 'retainKeys list of maps clears a field (three-way result)',
    original: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a', other: 'x' }] },
    patch: {
      '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
      retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo' }],
    },
    expected: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
  },
  {
    title: 'a replace-strategy map is replaced wholesale',
    original: { replacingItem: { a: 1, b: 2 } },
    patch: { replacingItem: { c: 3 } },
    expected: { replacingItem: { c: 3 } },
  },
  {
    title: 'deep recursion through the cyclic MergeItem schema',
    original: { mergingList: [{ name: 'a', mergingList: [{ name: 'b', mergingIntList: [1] }] }] },
    patch: { mergingList: [{ name: 'a', mergingList: [{ name: 'b', mergingIntList: [2] }, { name: 'c' }] }] },
    // 2 is new to the int list, so it leads (as in 'unique scalars', where 1 precedes the shared 2).
    expected: { mergingList: [{ name: 'a', mergingList: [{ name: 'b', mergingIntList: [2, 1] }, { name: 'c' }] }] },
  },
];

for (const c of apimachineryCases) test(`SMP apimachinery: ${c.title}`, (t) => run(t, { ...c, schema: item }));

interface ErrorCase {
  title: string;
  schema: SchemaNode | undefined;
  original: unknown;
  patch: unknown;
  code: number;
  /** The exact Status message, or for a 422 the cause's message. */
  message: string;
}

const errorCases: ErrorCase[] = [
  {
    title: 'a patch list item without its merge key',
    schema: item,
    original: { mergingList: [{ name: 1, value: 'a' }] },
    patch: { mergingList: [{ value: 'b' }] },
    code: 400,
    message: 'map: map[value:b] does not contain declared merge key: name',
  },
  {
    title: 'a container without a name',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ image: 'nginx' }] } },
    code: 400,
    message: 'map: map[image:nginx] does not contain declared merge key: name',
  },
  {
    title: 'a $patch: delete list item without its merge key',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ $patch: 'delete', image: 'x' }] } },
    code: 400,
    message: 'map: map[$patch:delete image:x] does not contain declared merge key: name',
  },
  {
    title: 'the order in $setElementOrder does not match the patch list',
    schema: item,
    original: { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
    code: 400,
    message:
      "the order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]",
  },
  {
    title: 'an unknown $patch value in a map',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { labels: { $patch: 'frob', a: 'b' } } },
    code: 400,
    message: 'unknown patch type: frob in map: map[$patch:frob a:b]',
  },
  {
    title: '$patch: merge in a map',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { $patch: 'merge' } },
    code: 400,
    message: 'unknown patch type: merge in map: map[$patch:merge]',
  },
  {
    title: '$patch: merge as a list item',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { containers: [{ $patch: 'merge', name: 'web' }] } },
    code: 400,
    message: 'merging lists cannot yet be specified in the patch',
  },
  {
    title: '$retainKeys that is not a list',
    schema: deployment,
    original: { spec: { strategy: { type: 'RollingUpdate' } } },
    patch: { spec: { strategy: { $retainKeys: 'type' } } },
    code: 400,
    message: 'invalid patch format of retainKeys',
  },
  {
    title: 'a patched key missing from $retainKeys',
    schema: deployment,
    original: { spec: { strategy: { type: 'RollingUpdate' } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } },
    code: 400,
    message: 'invalid patch format of retainKeys',
  },
  {
    title: 'a $deleteFromPrimitiveList key without a field',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { $deleteFromPrimitiveListfinalizers: ['a.example/x'] } },
    code: 400,
    message: 'invalid patch format of primitive list',
  },
  {
    title: 'a $setElementOrder key without a field',
    schema: pod,
    original: nginxPod(),
    patch: { spec: { $setElementOrdercontainers: [{ name: 'web' }] } },
    code: 400,
    message: 'invalid patch format of setElementOrder list',
  },
  {
    title: 'list element types that differ',
    schema: pod,
    original: nginxPod(),
    patch: { metadata: { finalizers: [1] } },
    code: 400,
    message: 'list element types are not identical: [[a.example/x b.example/y] [1]]',
  },
  {
    title: 'a body that is not an object',
    schema: pod,
    original: nginxPod(),
    patch: [{ op: 'add' }],
    code: 400,
    message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
  },
  {
    title: 'a list of lists in a merging list',
    schema: item,
    original: { mergingIntList: [[1]] },
    patch: { mergingIntList: [[2]] },
    code: 422,
    message: 'lists of lists are not supported',
  },
];

for (const c of errorCases) {
  test(`SMP error ${c.code}: ${c.title}`, (t) => {
    const err = t.throws(() => applyStrategicMergePatch(deepFreeze(c.original), deepFreeze(c.patch), c.schema), {
      instanceOf: StatusError,
    }) as StatusError;
    t.is(err.code, c.code);
    if (c.code === 422) {
      t.is(err.reason, 'Invalid');
      t.deepEqual(err.details?.causes, [{ reason: 'UnexpectedServerResponse', message: c.message }]);
    } else {
      t.is(err.reason, 'BadRequest');
      t.is(err.message, c.message);
    }
  });
}

test('SMP without any schema merges maps and replaces every list', (t) => {
  run(t, {
    title: 'no schema',
    schema: undefined,
    original: { spec: { containers: [{ name: 'a' }, { name: 'b' }], m: { x: 1 } }, metadata: { finalizers: ['f'] } },
    patch: { spec: { containers: [{ name: 'c' }], m: { y: 2 } }, metadata: { finalizers: ['g'] } },
    expected: { spec: { containers: [{ name: 'c' }], m: { x: 1, y: 2 } }, metadata: { finalizers: ['g'] } },
  });
});

test('SMP: a __proto__ key in the patch is data, never a path into Object.prototype', (t) => {
  const patch = JSON.parse('{"metadata":{"__proto__":{"polluted":"yes"},"labels":{"__proto__":{"x":"y"}}}}');
  const result = applyStrategicMergePatch({ metadata: { labels: { a: 'b' } } }, patch, pod);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is(Object.getPrototypeOf((result as { metadata: object }).metadata), Object.prototype);
  t.deepEqual(JSON.parse(JSON.stringify(result)), patchedJson());
  function patchedJson(): unknown {
    return JSON.parse('{"metadata":{"labels":{"a":"b","__proto__":{"x":"y"}},"__proto__":{"polluted":"yes"}}}');
  }
});
