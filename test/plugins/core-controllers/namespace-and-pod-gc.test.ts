import test from 'ava';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import {
  mergeConditions,
  namespaceDeletionOutcome,
  podTerminationEstimateSeconds,
} from '../../../plugins/core-controllers/namespace/namespace-deletion-status.js';
import {
  MissingNodeQuarantine,
  podsOnMissingNodes,
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from '../../../plugins/core-controllers/pod-gc/pod-gc-decisions.js';
import { missingServiceAccounts } from '../../../plugins/core-controllers/service-account/service-account-controller.js';

test('namespace deletion: nothing left means empty with the success conditions', (t) => {
  const o = namespaceDeletionOutcome(
    [{ group: '', plural: 'configmaps', remaining: 0, finalizers: {}, estimateSeconds: 0 }],
    [],
  );
  t.true(o.empty);
  t.deepEqual(
    o.conditions.map((c) => [c.type, c.status, c.reason]),
    [
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
    ],
  );
});

test('namespace deletion: remaining content and finalizers are counted, and the next pass waits estimate/2+1 s', (t) => {
  const o = namespaceDeletionOutcome(
    [
      { group: '', plural: 'pods', remaining: 2, finalizers: {}, estimateSeconds: 30 },
      { group: 'apps', plural: 'deployments', remaining: 1, finalizers: { 'example.com/x': 1 }, estimateSeconds: 0 },
    ],
    [],
  );
  t.false(o.empty);
  t.is(o.requeueAfterSeconds, 16);
  const byType = Object.fromEntries(o.conditions.map((c) => [c.type, c]));
  t.is(
    byType.NamespaceContentRemaining!.message,
    'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances',
  );
  t.is(
    byType.NamespaceFinalizersRemaining!.message,
    'Some content in the namespace has finalizers remaining: example.com/x in 1 resource instances',
  );
  const onlyFinalizers = namespaceDeletionOutcome(
    [{ group: '', plural: 'configmaps', remaining: 1, finalizers: { f: 1 }, estimateSeconds: 0 }],
    [],
  );
  t.is(onlyFinalizers.requeueAfterSeconds, 8);
});

test('namespace deletion: conditions keep their transition time while unchanged', (t) => {
  const first = mergeConditions(undefined, [{ type: 'A', status: 'True', reason: 'r', message: 'm' }], 't1');
  t.is(
    mergeConditions(first, [{ type: 'A', status: 'True', reason: 'r', message: 'm' }], 't2')[0]!.lastTransitionTime,
    't1',
  );
  t.is(
    mergeConditions(first, [{ type: 'A', status: 'False', reason: 'r', message: 'm' }], 't3')[0]!.lastTransitionTime,
    't3',
  );
});

test('pod termination estimate: longest grace period of unfinished pods', (t) => {
  t.is(
    podTerminationEstimateSeconds([
      { spec: { terminationGracePeriodSeconds: 30 }, status: { phase: 'Running' } },
      { spec: { terminationGracePeriodSeconds: 90 }, status: { phase: 'Succeeded' } },
      { spec: { terminationGracePeriodSeconds: 45 }, status: { phase: 'Pending' } },
    ]),
    45,
  );
});

const p = (
  name: string,
  extra: { phase?: string; node?: string; created?: string; deleting?: boolean; reason?: string },
): KubeObject => ({
  metadata: {
    name,
    namespace: 'ns',
    creationTimestamp: extra.created ?? '2025-01-01T00:00:00Z',
    ...(extra.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}),
  },
  spec: extra.node ? { nodeName: extra.node } : {},
  status: { phase: extra.phase ?? 'Running', reason: extra.reason },
});

test('pod GC: the finished pods over the threshold go, evicted first, then oldest', (t) => {
  const pods = [
    p('new', { phase: 'Succeeded', created: '2025-01-03T00:00:00Z' }),
    p('old', { phase: 'Failed', created: '2025-01-01T00:00:00Z' }),
    p('evicted', { phase: 'Failed', created: '2025-01-04T00:00:00Z', reason: 'Evicted' }),
    p('mid', { phase: 'Succeeded', created: '2025-01-02T00:00:00Z' }),
    p('running', { phase: 'Running' }),
  ];
  t.deepEqual(
    terminatedPodsToDelete(pods, 2).map((x) => x.metadata.name),
    ['evicted', 'old'],
  );
  t.deepEqual(terminatedPodsToDelete(pods, 4), []);
  t.deepEqual(terminatedPodsToDelete(pods, 0), [], 'a threshold of 0 disables it');
});

test('pod GC: orphans, unscheduled terminating pods, terminating pods on out-of-service nodes', (t) => {
  const pods = [
    p('a', { node: 'gone' }),
    p('b', { node: 'here' }),
    p('c', { deleting: true }),
    p('d', { node: 'oos', deleting: true }),
    p('e', { node: 'here', deleting: true }),
  ];
  t.deepEqual(
    podsOnMissingNodes(pods, new Set(['here', 'oos'])).map((x) => x.metadata.name),
    ['a'],
  );
  t.deepEqual(
    unscheduledTerminatingPods(pods).map((x) => x.metadata.name),
    ['c'],
  );
  const nodes: KubeObject[] = [
    { metadata: { name: 'here' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    {
      metadata: { name: 'oos' },
      spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    },
  ];
  t.deepEqual(
    terminatingPodsOnOutOfServiceNodes(pods, nodes).map((x) => x.metadata.name),
    ['d'],
  );
});

test('pod GC: a missing node counts as gone only after the 40 s quarantine', async (t) => {
  const clock = new FakeClock();
  const q = new MissingNodeQuarantine();
  t.deepEqual(q.update(new Set(['n1']), clock.now()), []);
  await clock.advance(39_999);
  t.deepEqual(q.update(new Set(['n1']), clock.now()), []);
  await clock.advance(1);
  t.deepEqual(q.update(new Set(['n1']), clock.now()), ['n1']);
  t.deepEqual(q.update(new Set(), clock.now()), []);
  t.deepEqual(q.update(new Set(['n1']), clock.now()), [], 'a node that came back starts over');
});

test('service accounts: an active namespace without default needs one; a terminating one needs none', (t) => {
  t.deepEqual(missingServiceAccounts({ metadata: { name: 'a' }, status: { phase: 'Active' } }, new Set()), ['default']);
  t.deepEqual(missingServiceAccounts({ metadata: { name: 'a' } }, new Set(['default'])), []);
  t.deepEqual(missingServiceAccounts({ metadata: { name: 'a' }, status: { phase: 'Terminating' } }, new Set()), []);
  t.deepEqual(missingServiceAccounts(undefined, new Set()), []);
});
