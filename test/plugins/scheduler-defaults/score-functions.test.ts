// Score and filter functions against the cases of the upstream tests (noderesources
// least_allocated_test.go / most_allocated_test.go / balanced_allocation_test.go "nothing scheduled,
// resources requested, differently sized nodes"; requested_to_capacity_ratio; tainttoleration).
import test from 'ava';
import { CycleState, NodeInfo, type Pod } from '../../../sdk/scheduler/index.js';
import {
  BalancedAllocationPlugin,
  brokenLinear,
  NodeResourcesFitPlugin,
  NodeUnschedulablePlugin,
  TaintTolerationPlugin,
  normalizedImageName,
} from '../../../plugins/scheduler-defaults/index.js';
import { makeNode, makePod } from '../../core/scheduler/fixtures.js';

// Pod: 1000m/2000 + 2000m/3000 = 3000m cpu, 5000 bytes memory. Nodes: 4000m/10000 and 6000m/10000.
const pod: Pod = (() => {
  const p = makePod('p').req({ cpu: '1000m', memory: '2000' }).obj();
  p.spec!.containers!.push({ name: 'c2', resources: { requests: { cpu: '2000m', memory: '3000' } } });
  return p;
})();
const nodes = [
  new NodeInfo(makeNode('node1').capacity({ cpu: '4000m', memory: '10000', pods: '110' }).obj()),
  new NodeInfo(makeNode('node2').capacity({ cpu: '6000m', memory: '10000', pods: '110' }).obj()),
];

function scores(plugin: {
  preScore(s: CycleState, p: Pod, n: NodeInfo[]): unknown;
  score(s: CycleState, p: Pod, n: NodeInfo): number | unknown;
}): unknown[] {
  const state = new CycleState();
  plugin.preScore(state, pod, nodes);
  return nodes.map((n) => plugin.score(state, pod, n));
}

for (const tc of [
  { name: 'LeastAllocated', args: {}, want: [37, 50] },
  { name: 'MostAllocated', args: { scoringStrategy: { type: 'MostAllocated' as const } }, want: [62, 50] },
  {
    name: 'RequestedToCapacityRatio (0,0)-(100,10)',
    args: {
      scoringStrategy: {
        type: 'RequestedToCapacityRatio' as const,
        requestedToCapacityRatio: {
          shape: [
            { utilization: 0, score: 0 },
            { utilization: 100, score: 10 },
          ],
        },
      },
    },
    // (75 + 50) / 2 = 62.5, rounded as math.Round does.
    want: [63, 50],
  },
]) {
  test(`NodeResourcesFit ${tc.name}`, (t) => {
    t.deepEqual(scores(new NodeResourcesFitPlugin(tc.args)), tc.want);
  });
}

test('BalancedAllocation: 1 − std of the resource fractions', (t) => {
  // node1: cpu 0.75, memory 0.5 → std 0.125 → 87; node2: 0.5 and 0.5 → 100.
  t.deepEqual(scores(new BalancedAllocationPlugin()), [87, 100]);
});

test('RequestedToCapacityRatio needs a shape', (t) => {
  t.throws(() => new NodeResourcesFitPlugin({ scoringStrategy: { type: 'RequestedToCapacityRatio' } }), {
    message: /shape/,
  });
});

for (const [p, want] of [
  [0, 0],
  [25, 25],
  [50, 50],
  [100, 100],
] as const) {
  test(`broken linear function at ${p}`, (t) => {
    t.is(
      brokenLinear([
        { utilization: 0, score: 0 },
        { utilization: 100, score: 100 },
      ])(p),
      want,
    );
  });
}

for (const tc of [
  {
    taint: { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    tol: [],
    want: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
  },
  {
    taint: { key: 'k', value: 'v', effect: 'NoExecute' },
    tol: [{ key: 'k', operator: 'Equal', value: 'v' }],
    want: undefined,
  },
  {
    taint: { key: 'k', value: 'v', effect: 'NoSchedule' },
    tol: [{ key: 'k', operator: 'Equal', value: 'w' }],
    want: 'node(s) had untolerated taint {k: v}',
  },
  {
    taint: { key: 'k', value: 'v', effect: 'NoSchedule' },
    tol: [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }],
    want: 'node(s) had untolerated taint {k: v}',
  },
  { taint: { key: 'k', value: 'v', effect: 'PreferNoSchedule' }, tol: [], want: undefined },
]) {
  test(`TaintToleration filter ${JSON.stringify(tc.taint)} with ${JSON.stringify(tc.tol)}`, (t) => {
    const ni = new NodeInfo(makeNode('n').taints([tc.taint]).obj());
    const s = new TaintTolerationPlugin().filter(new CycleState(), makePod('p').tolerations(tc.tol).obj(), ni);
    t.is(s?.message(), tc.want);
    if (s) t.is(s.code, 'UnschedulableAndUnresolvable');
  });
}

test('NodeUnschedulable lets pods tolerating the unschedulable taint through', (t) => {
  const ni = new NodeInfo(makeNode('n').unschedulable().obj());
  const plugin = new NodeUnschedulablePlugin();
  t.is(plugin.filter(new CycleState(), makePod('p').obj(), ni)?.message(), 'node(s) were unschedulable');
  t.is(
    plugin.filter(
      new CycleState(),
      makePod('p')
        .tolerations([{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }])
        .obj(),
      ni,
    ),
    undefined,
  );
});

for (const [name, want] of [
  ['nginx', 'nginx:latest'],
  ['nginx:1.27', 'nginx:1.27'],
  ['localhost:5000/app', 'localhost:5000/app:latest'],
  ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
]) {
  test(`image name ${name} normalises to ${want}`, (t) => {
    t.is(normalizedImageName(name!), want);
  });
}
