import test from 'ava';
import { defaultConflist, masqueradeRule, podNeedsSync } from '../../../plugins/node-agent/index.js';
import type { PodV1 } from '../../../plugins/node-agent/pod-types.js';

const base: PodV1 = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '10', labels: { app: 'web' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'capstan/busybox' }] },
  status: { phase: 'Pending' },
};

const cases: Array<[string, (p: PodV1) => PodV1, boolean]> = [
  ['same object', (p) => p, false],
  [
    'status and resourceVersion only',
    (p) => ({ ...p, metadata: { ...p.metadata, resourceVersion: '11' }, status: { phase: 'Running' } }),
    false,
  ],
  [
    'managedFields only',
    (p) => ({ ...p, metadata: { ...p.metadata, managedFields: [{ manager: 'kubelet' }] } as PodV1['metadata'] }),
    false,
  ],
  [
    'deletion timestamp',
    (p) => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }),
    true,
  ],
  ['deletion grace period', (p) => ({ ...p, metadata: { ...p.metadata, deletionGracePeriodSeconds: 0 } }), true],
  ['a label', (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'api' } } }), true],
  ['an annotation', (p) => ({ ...p, metadata: { ...p.metadata, annotations: { a: 'b' } } }), true],
  [
    'the spec (image)',
    (p) => ({ ...p, spec: { ...p.spec, containers: [{ name: 'c', image: 'capstan/busybox:2' }] } }),
    true,
  ],
  ['the spec (deadline)', (p) => ({ ...p, spec: { ...p.spec, activeDeadlineSeconds: 5 } }), true],
];

for (const [name, change, expected] of cases) {
  test(`a pod update with ${name} ${expected ? 'asks for' : 'needs no'} sync`, (t) => {
    t.is(podNeedsSync(base, change(structuredClone(base))), expected);
  });
}

test('the default conflist leaves masquerading to the agent unless asked, and the rule covers the pod CIDR', (t) => {
  const opts = { bridge: 'cap0', subnet: '10.88.0.0/16', ipamDataDir: '/tmp/x' };
  t.is(defaultConflist(opts).plugins[0]!['ipMasq'], false);
  t.is(defaultConflist({ ...opts, ipMasq: true }).plugins[0]!['ipMasq'], true);
  const rule = masqueradeRule('cap0', '10.88.0.0/16');
  t.deepEqual(rule.slice(0, 6), ['POSTROUTING', '-s', '10.88.0.0/16', '!', '-d', '10.88.0.0/16']);
  t.is(rule.at(-1), 'MASQUERADE');
  t.true(rule.includes('capstan pod masquerade cap0'));
});
