import test from 'ava';
import { DefaultTolerationSeconds } from '../../../../core/apiserver/admission/default-toleration-seconds.js';
import type { ResourceType } from '../../../../sdk/api/resource-type.js';
import type { MutatingAdmission } from '../../../../core/apiserver/admission/admission.js';

const pods = {
  group: '',
  version: 'v1',
  plural: 'pods',
  kind: 'Pod',
  singular: 'pod',
  namespaced: true,
} as ResourceType;

const cases: Array<[string, unknown[] | undefined, unknown[]]> = [
  [
    'no tolerations gets both defaults',
    undefined,
    [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
  ],
  [
    'an existing not-ready toleration is kept as it is',
    [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }],
    [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
  ],
  ['a tolerate-everything toleration covers both', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
];

for (const [title, given, expected] of cases) {
  test(title, async (t) => {
    const pod = { metadata: { name: 'p' }, spec: given ? { tolerations: structuredClone(given) } : {} };
    const admission: MutatingAdmission = new DefaultTolerationSeconds();
    await admission.admit('CREATE', pods, pod as never, undefined, false);
    t.deepEqual((pod.spec as { tolerations: unknown[] }).tolerations, expected);
  });
}
