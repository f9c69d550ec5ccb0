import test from 'ava';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { EvictionSchedule } from '../../../plugins/core-controllers/node-lifecycle/eviction-schedule.js';
import { NodeHealthTracker } from '../../../plugins/core-controllers/node-lifecycle/node-health.js';
import {
  evictionDelay,
  reconcileTaints,
  toleratesTaint,
  type Taint,
  type Toleration,
} from '../../../plugins/core-controllers/node-lifecycle/taints.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };

const node = (heartbeat?: string, created = '2024-12-31T23:00:00Z'): KubeObject => ({
  metadata: { name: 'n1', creationTimestamp: created },
  status: heartbeat
    ? {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            lastHeartbeatTime: heartbeat,
            lastTransitionTime: heartbeat,
          },
        ],
      }
    : {},
});
const lease = (renew: string): KubeObject => ({
  metadata: { name: 'n1', namespace: 'kube-node-lease' },
  spec: { renewTime: renew },
});

test('a node stays Ready within the 40 s grace period and turns Unknown after it', async (t) => {
  const clock = new FakeClock();
  const tracker = new NodeHealthTracker();
  const n = node('2025-01-01T00:00:00Z');
  tracker.observe(n, lease('2025-01-01T00:00:00.000000Z'), clock.now());
  await clock.advance(40_000);
  t.is(tracker.evaluate(n, clock.now()), undefined, 'exactly at the grace period it is still fine');
  await clock.advance(1);
  const conds = tracker.evaluate(n, clock.now());
  t.truthy(conds);
  const ready = conds!.find((c) => c.type === 'Ready')!;
  t.is(ready.status, 'Unknown');
  t.is(ready.reason, 'NodeStatusUnknown');
  t.is(ready.message, 'Kubelet stopped posting node status.');
  t.is(ready.lastHeartbeatTime, '2025-01-01T00:00:00Z', 'the last heartbeat is kept');
  t.is(ready.lastTransitionTime, '2025-01-01T00:00:40Z');
  for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
    t.like(
      conds!.find((c) => c.type === type),
      { status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' },
    );
  }
});

test('a renewed Lease keeps the node healthy though its status heartbeat is old', async (t) => {
  const clock = new FakeClock();
  const tracker = new NodeHealthTracker();
  const n = node('2025-01-01T00:00:00Z');
  tracker.observe(n, lease('a'), clock.now());
  for (let i = 0; i < 5; i++) {
    await clock.advance(30_000);
    tracker.observe(n, lease(`renew-${i}`), clock.now());
    t.is(tracker.evaluate(n, clock.now()), undefined);
  }
  await clock.advance(40_001);
  t.is(tracker.evaluate(n, clock.now())?.find((c) => c.type === 'Ready')?.status, 'Unknown');
});

test('the grace period is configurable', async (t) => {
  const clock = new FakeClock();
  const tracker = new NodeHealthTracker({ gracePeriodMs: 5000, startupGracePeriodMs: 60_000 });
  const n = node('2025-01-01T00:00:00Z');
  tracker.observe(n, undefined, clock.now());
  await clock.advance(5001);
  t.truthy(tracker.evaluate(n, clock.now()));
});

test('a node that never posted Ready gets the 60 s startup grace period from its creation', (t) => {
  const tracker = new NodeHealthTracker();
  const created = Date.UTC(2025, 0, 1);
  const n = node(undefined, '2025-01-01T00:00:00Z');
  t.is(tracker.evaluate(n, created + 59_000), undefined);
  const conds = tracker.evaluate(n, created + 60_001);
  t.like(
    conds?.find((c) => c.type === 'Ready'),
    { status: 'Unknown', reason: 'NodeStatusNeverUpdated' },
  );
});

const cases: Array<{
  title: string;
  conditions: Array<{ type: string; status: string }>;
  unschedulable?: boolean;
  want: string[];
}> = [
  { title: 'Ready True: no taints', conditions: [{ type: 'Ready', status: 'True' }], want: [] },
  {
    title: 'Ready Unknown: unreachable',
    conditions: [{ type: 'Ready', status: 'Unknown' }],
    want: ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule'],
  },
  {
    title: 'Ready False: not-ready',
    conditions: [{ type: 'Ready', status: 'False' }],
    want: ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule'],
  },
  {
    title: 'pressures and unschedulable',
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'MemoryPressure', status: 'True' },
      { type: 'DiskPressure', status: 'True' },
      { type: 'PIDPressure', status: 'True' },
      { type: 'NetworkUnavailable', status: 'True' },
    ],
    unschedulable: true,
    want: [
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ],
  },
];
for (const c of cases) {
  test(`condition taints: ${c.title}`, (t) => {
    const got = reconcileTaints([], c.conditions, c.unschedulable ?? false, '2025-01-01T00:00:00Z') ?? [];
    t.deepEqual(got.map((x) => `${x.key}:${x.effect}`).sort(), c.want);
    for (const x of got) t.is(x.timeAdded, x.effect === 'NoExecute' ? '2025-01-01T00:00:00Z' : undefined);
  });
}

test('taints: Unknown then False swaps unreachable for not-ready, keeps foreign taints, and nothing changes when in step', (t) => {
  const foreign: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const first = reconcileTaints([foreign], [{ type: 'Ready', status: 'Unknown' }], false, 't1')!;
  t.is(reconcileTaints(first, [{ type: 'Ready', status: 'Unknown' }], false, 't2'), undefined);
  const second = reconcileTaints(first, [{ type: 'Ready', status: 'False' }], false, 't3')!;
  t.deepEqual(second, [
    foreign,
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    { ...notReady, timeAdded: 't3' },
  ]);
  t.deepEqual(reconcileTaints(second, [{ type: 'Ready', status: 'True' }], false, 't4'), [foreign]);
});

const tol = (x: Toleration) => x;
const evictionCases: Array<{
  title: string;
  taints: Taint[];
  tolerations: Toleration[];
  want: 'now' | 'never' | number;
}> = [
  { title: 'no NoExecute taint', taints: [{ key: 'x', effect: 'NoSchedule' }], tolerations: [], want: 'never' },
  { title: 'untolerated taint', taints: [unreachable], tolerations: [], want: 'now' },
  {
    title: 'default 300 s tolerations',
    taints: [unreachable],
    tolerations: [
      tol({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
      tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
    ],
    want: 300,
  },
  {
    title: 'unbounded toleration',
    taints: [unreachable],
    tolerations: [tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' })],
    want: 'never',
  },
  {
    title: 'tolerate everything',
    taints: [unreachable, notReady],
    tolerations: [tol({ operator: 'Exists' })],
    want: 'never',
  },
  {
    title: 'one of two taints untolerated',
    taints: [unreachable, { key: 'other', effect: 'NoExecute' }],
    tolerations: [tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 10 })],
    want: 'now',
  },
  {
    title: 'shortest of several',
    taints: [unreachable, notReady],
    tolerations: [
      tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 30 }),
      tol({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 20 }),
    ],
    want: 20,
  },
  {
    title: 'zero seconds',
    taints: [unreachable],
    tolerations: [tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 0 })],
    want: 'now',
  },
];
for (const c of evictionCases) {
  test(`eviction delay: ${c.title}`, (t) => {
    t.is(evictionDelay(c.taints, c.tolerations), c.want);
  });
}

test('toleration matching: Equal compares values, an effect must match when given', (t) => {
  const taint: Taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  t.true(toleratesTaint({ key: 'k', operator: 'Equal', value: 'v' }, taint));
  t.true(toleratesTaint({ key: 'k', value: 'v', effect: 'NoExecute' }, taint));
  t.false(toleratesTaint({ key: 'k', operator: 'Equal', value: 'w' }, taint));
  t.false(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint));
  t.false(toleratesTaint({ key: 'other', operator: 'Exists' }, taint));
});

test('eviction schedule: due tolerationSeconds after first scheduled, cancelled when the taint goes', async (t) => {
  const clock = new FakeClock();
  const s = new EvictionSchedule();
  const tolerations = [tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 })];
  const due = s.update('ns/p', [unreachable], tolerations, clock.now());
  t.is(due, clock.now() + 300_000);
  await clock.advance(100_000);
  t.is(s.update('ns/p', [unreachable], tolerations, clock.now()), due, 'a later pass keeps the first start');
  t.deepEqual(s.due(clock.now()), []);
  await clock.advance(200_000);
  t.deepEqual(s.due(clock.now()), ['ns/p']);
  t.is(s.update('ns/p', [], tolerations, clock.now()), undefined);
  t.deepEqual(s.due(clock.now()), []);
});
