import test from 'ava';
import {
  compareForDeletion,
  replicaSetPodDiff,
  replicaSetStatus,
} from '../../../plugins/workload-controllers/replica-set-logic.js';
import type { ReplicaSet } from '../../../plugins/workload-controllers/workload-types.js';
import { pod, t0 } from './fixtures.js';

function rs(replicas: number, minReadySeconds = 0): ReplicaSet {
  return {
    metadata: { name: 'web-abc', namespace: 'default', uid: 'rs-uid', generation: 3 },
    spec: {
      replicas,
      minReadySeconds,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', tier: 'fe' } } },
    },
  };
}

test('too few pods gives a creation count, capped at burstReplicas (500)', (t) => {
  t.deepEqual(replicaSetPodDiff(rs(3), [pod('a')]), { create: 2, delete: [] });
  t.is(replicaSetPodDiff(rs(1000), []).create, 500);
  t.deepEqual(replicaSetPodDiff(rs(1), [pod('a')]), { create: 0, delete: [] });
});

const deletionOrder = [
  {
    title: 'unassigned before assigned',
    first: pod('x', { phase: 'Pending' }),
    second: pod('y', { phase: 'Pending', node: 'n1' }),
  },
  {
    title: 'Pending before Running',
    first: pod('x', { phase: 'Pending', node: 'n1' }),
    second: pod('y', { node: 'n1' }),
  },
  {
    title: 'not ready before ready',
    first: pod('x', { node: 'n1', ready: false }),
    second: pod('y', { node: 'n1', ready: true }),
  },
  {
    title: 'newer before older',
    first: pod('x', { node: 'n1', createdMs: t0 + 60_000 }),
    second: pod('y', { node: 'n1', createdMs: t0 }),
  },
];

for (const c of deletionOrder) {
  test(`deletion ranking: ${c.title}`, (t) => {
    t.true(compareForDeletion(c.first, c.second) < 0);
    t.true(compareForDeletion(c.second, c.first) > 0);
    const diff = replicaSetPodDiff(rs(1), [c.second, c.first]);
    t.deepEqual(
      diff.delete.map((p) => p.metadata.name),
      [c.first.metadata.name],
    );
  });
}

test('a lower pod-deletion-cost goes first', (t) => {
  const cheap = pod('cheap', { node: 'n1', ready: true });
  cheap.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-10' };
  const dear = pod('dear', { node: 'n1', ready: true });
  t.deepEqual(
    replicaSetPodDiff(rs(1), [dear, cheap]).delete.map((p) => p.metadata.name),
    ['cheap'],
  );
});

test('status counts active, fully labeled, ready and available pods (minReadySeconds) and observes the generation', (t) => {
  const now = t0 + 100_000;
  const pods = [
    pod('a', { labels: { app: 'web', tier: 'fe' }, ready: true, readySinceMs: t0 }),
    pod('b', { labels: { app: 'web', tier: 'fe' }, ready: true, readySinceMs: now - 5_000 }),
    pod('c', { labels: { app: 'web' }, ready: false }),
  ];
  t.deepEqual(replicaSetStatus(rs(3, 10), pods, now), {
    replicas: 3,
    fullyLabeledReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 1,
    observedGeneration: 3,
  });
});

test('a failed create sets ReplicaFailure/FailedCreate; a clean sync removes it', (t) => {
  const failing = replicaSetStatus(rs(2), [], t0, { creating: true, message: 'pods "x" is forbidden: exceeded quota' });
  t.like(failing.conditions?.[0], { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
  const set = rs(2);
  set.status = failing;
  t.is(replicaSetStatus(set, [], t0).conditions, undefined);
});
