import test from 'ava';
import {
  daemonSetHash,
  nodeShouldRunDaemonPod,
  planDaemonSetSync,
} from '../../../plugins/workload-controllers/daemon-set-logic.js';
import { formatTime } from '../../../plugins/workload-controllers/pod-state.js';
import type { DaemonSet, Node, Pod } from '../../../plugins/workload-controllers/workload-types.js';
import { newUid, t0 } from './fixtures.js';

function ds(spec: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid', generation: 2 },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      ...spec,
    },
  };
}

function node(
  name: string,
  opts: {
    labels?: Record<string, string>;
    taints?: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never;
  } = {},
): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { taints: opts.taints },
  };
}

function dsPod(nodeName: string, hash: string, ready = true): Pod {
  return {
    metadata: {
      name: `agent-${newUid()}`,
      uid: newUid(),
      labels: { app: 'agent', 'controller-revision-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true }],
      creationTimestamp: formatTime(t0),
    },
    spec: { nodeName },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: formatTime(t0) }],
    },
  };
}

const eligibility = [
  { title: 'a plain node', node: node('n1'), spec: {}, want: true },
  { title: 'nodeSelector mismatch', node: node('n1'), spec: { nodeSelector: { disk: 'ssd' } }, want: false },
  {
    title: 'nodeSelector match',
    node: node('n1', { labels: { disk: 'ssd' } }),
    spec: { nodeSelector: { disk: 'ssd' } },
    want: true,
  },
  {
    title: 'an untolerated NoSchedule taint',
    node: node('n1', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }),
    spec: {},
    want: false,
  },
  {
    title: 'a PreferNoSchedule taint',
    node: node('n1', { taints: [{ key: 'dedicated', effect: 'PreferNoSchedule' }] }),
    spec: {},
    want: true,
  },
  {
    title: 'unschedulable (tolerated by DaemonSet pods)',
    node: node('n1', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
    spec: {},
    want: true,
  },
  {
    title: 'not-ready NoExecute (tolerated)',
    node: node('n1', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
    spec: {},
    want: true,
  },
  {
    title: 'a control-plane taint tolerated by the template',
    node: node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    spec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] },
    want: true,
  },
];
for (const c of eligibility) {
  test(`DaemonSet eligibility: ${c.title}`, (t) => {
    const d = ds();
    Object.assign(d.spec.template.spec!, c.spec);
    t.is(nodeShouldRunDaemonPod(d, c.node), c.want);
  });
}

test('one pod per eligible node, pinned by nodeAffinity matchFields metadata.name, with the DaemonSet tolerations', (t) => {
  const plan = planDaemonSetSync(ds(), [node('n1'), node('n2')], [], t0);
  t.is(plan.create.length, 2);
  const p = plan.create[0]!;
  t.is(p.metadata.generateName, 'agent-');
  t.deepEqual(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
  });
  t.true(p.spec?.tolerations?.some((x) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute'));
  t.is(p.metadata.labels?.['pod-template-generation'], '2');
  t.is(p.metadata.labels?.['controller-revision-hash'], daemonSetHash(ds()));
  t.like(plan.status, {
    desiredNumberScheduled: 2,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    numberUnavailable: 2,
  });
});

test('status counts and misscheduled pods are deleted', (t) => {
  const d = ds({
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { nodeSelector: { role: 'edge' }, containers: [{ name: 'a' }] },
    },
  });
  const hash = daemonSetHash(d);
  const edge = node('edge', { labels: { role: 'edge' } });
  const stray = dsPod('core', hash);
  const plan = planDaemonSetSync(d, [edge, node('core')], [dsPod('edge', hash), stray], t0);
  t.deepEqual(plan.delete, [stray]);
  t.deepEqual(plan.status, {
    currentNumberScheduled: 1,
    numberMisscheduled: 1,
    desiredNumberScheduled: 1,
    numberReady: 1,
    observedGeneration: 2,
    updatedNumberScheduled: 1,
    numberAvailable: 1,
  });
});

test('a rolling update replaces at most maxUnavailable available old pods, and unavailable old pods at once', (t) => {
  const d = ds();
  const nodes = [node('n1'), node('n2'), node('n3')];
  const old = [dsPod('n1', 'old'), dsPod('n2', 'old'), dsPod('n3', 'old', false)];
  const plan = planDaemonSetSync(d, nodes, old, t0);
  // n3's old pod is unavailable: deleted; with 1 unavailable already, no available pod goes.
  t.deepEqual(plan.delete, [old[2]]);
  const healthy = [dsPod('n1', 'old'), dsPod('n2', 'old'), dsPod('n3', 'old')];
  t.is(planDaemonSetSync(d, nodes, healthy, t0).delete.length, 1);
  const two = ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } });
  t.is(planDaemonSetSync(two, nodes, healthy, t0).delete.length, 2);
  const onDelete = ds({ updateStrategy: { type: 'OnDelete' } });
  t.is(planDaemonSetSync(onDelete, nodes, healthy, t0).delete.length, 0);
});
