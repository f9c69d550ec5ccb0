// The FailedScheduling texts end in '..' when preemption adds its own FitError text: upstream wraps
// "preemption: <FitError>" (which ends with '.') in FitError's " %v." separator, as real clusters show.
// Placement decisions of the default profile, table-driven. Each expectation is what kube-scheduler
// v1.32 decides for the same nodes and pods, derived from the upstream plugin semantics cited per
// case (pkg/scheduler/framework/plugins/...), not from running this code.
import test from 'ava';
import type { Node, Pod } from '../../../sdk/scheduler/index.js';
import { makeNode, makePod } from '../../core/scheduler/fixtures.js';
import { newHarness } from '../../core/scheduler/harness.js';

interface Case {
  name: string;
  nodes: Node[];
  existing?: Pod[];
  pod: Pod;
  /** The node(s) kube-scheduler may choose. */
  want?: string[];
  /** The FailedScheduling message when no node fits. */
  message?: string;
}

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });

const cases: Case[] = [
  {
    // noderesources LeastAllocated + BalancedAllocation both favour the emptier node.
    name: 'resources: the less allocated node wins',
    nodes: [
      makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj(),
      makeNode('n2').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj(),
    ],
    existing: [makePod('busy').req({ cpu: '1', memory: '1Gi' }).node('n1').obj()],
    pod: makePod('p').req({ cpu: '500m', memory: '512Mi' }).obj(),
    want: ['n2'],
  },
  {
    // fit.go: "Insufficient cpu" per node; preemption finds no lower-priority pod on either node.
    name: 'resources: fits nowhere',
    nodes: [
      makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj(),
      makeNode('n2').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj(),
    ],
    pod: makePod('p').req({ cpu: '3' }).obj(),
    message:
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
  },
  {
    // fit.go: the pod count check comes first ("Too many pods").
    name: 'resources: pod count',
    nodes: [makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '1' }).obj()],
    existing: [makePod('e').node('n1').obj()],
    pod: makePod('p').obj(),
    message:
      '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
  },
  {
    // fit.go: extended resources are checked by name.
    name: 'resources: extended resource',
    nodes: [
      makeNode('n1').obj(),
      makeNode('n2').capacity({ cpu: '4', memory: '8Gi', pods: '110', 'example.com/gpu': '2' }).obj(),
    ],
    pod: makePod('p').req({ 'example.com/gpu': '1' }).obj(),
    want: ['n2'],
  },
  {
    // tainttoleration: NoSchedule taints that are not tolerated reject the node (UnschedulableAndUnresolvable).
    name: 'taints: untolerated NoSchedule taint avoided',
    nodes: [
      makeNode('n1')
        .taints([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])
        .obj(),
      makeNode('n2').obj(),
    ],
    pod: makePod('p').obj(),
    want: ['n2'],
  },
  {
    // tainttoleration + fit: reasons are counted per node and sorted as strings; preemption skips
    // the unresolvable node ("Preemption is not helpful") and finds no victims on the others.
    name: 'taints and resources: the kube message',
    nodes: [
      makeNode('n1').capacity({ cpu: '1', memory: '4Gi', pods: '110' }).obj(),
      makeNode('n2').capacity({ cpu: '1', memory: '4Gi', pods: '110' }).obj(),
      makeNode('n3')
        .taints([{ key: 'key', value: 'value', effect: 'NoSchedule' }])
        .obj(),
    ],
    pod: makePod('p').req({ cpu: '2' }).obj(),
    message:
      '0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
  },
  {
    // tainttoleration: Exists with an empty key tolerates everything.
    name: 'taints: tolerated by a wildcard toleration',
    nodes: [
      makeNode('n1')
        .taints([{ key: 'a', value: 'b', effect: 'NoExecute' }])
        .obj(),
    ],
    pod: makePod('p')
      .tolerations([{ operator: 'Exists' }])
      .obj(),
    want: ['n1'],
  },
  {
    // tainttoleration Score: fewer untolerated PreferNoSchedule taints scores higher.
    name: 'taints: PreferNoSchedule steers away',
    nodes: [
      makeNode('n1')
        .taints([{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }])
        .obj(),
      makeNode('n2').obj(),
    ],
    pod: makePod('p').obj(),
    want: ['n2'],
  },
  {
    // nodeunschedulable: a cordoned node is skipped.
    name: 'cordoned node skipped',
    nodes: [makeNode('n1').unschedulable().obj(), makeNode('n2').obj()],
    pod: makePod('p').obj(),
    want: ['n2'],
  },
  {
    // nodeunschedulable: reason text.
    name: 'only a cordoned node',
    nodes: [makeNode('n1').unschedulable().obj()],
    pod: makePod('p').obj(),
    message:
      '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
  },
  {
    // nodeaffinity: nodeSelector must match the node's labels.
    name: 'nodeSelector',
    nodes: [makeNode('n1').obj(), makeNode('n2').labels({ disk: 'ssd' }).obj()],
    pod: makePod('p').nodeSelector({ disk: 'ssd' }).obj(),
    want: ['n2'],
  },
  {
    name: 'nodeSelector matching nothing',
    nodes: [makeNode('n1').obj(), makeNode('n2').obj()],
    pod: makePod('p').nodeSelector({ disk: 'ssd' }).obj(),
    message:
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..",
  },
  {
    // nodeaffinity: required terms are ORed, expressions ANDed; Gt compares integers.
    name: 'required node affinity with Gt',
    nodes: [makeNode('n1').labels({ cores: '4' }).obj(), makeNode('n2').labels({ cores: '16' }).obj()],
    pod: makePod('p')
      .affinity({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }],
          },
        },
      })
      .obj(),
    want: ['n2'],
  },
  {
    // nodeaffinity Score: the matching preferred term's weight, normalised.
    name: 'preferred node affinity',
    nodes: [makeNode('n1').labels(zone('a')).obj(), makeNode('n2').labels(zone('b')).obj()],
    pod: makePod('p')
      .affinity({
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['b'] }] },
            },
          ],
        },
      })
      .obj(),
    want: ['n2'],
  },
  {
    // nodeaffinity matchFields metadata.name narrows the nodes (PreFilterResult).
    name: 'matchFields metadata.name',
    nodes: [makeNode('n1').obj(), makeNode('n2').obj(), makeNode('n3').obj()],
    pod: makePod('p')
      .affinity({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] }],
          },
        },
      })
      .obj(),
    want: ['n3'],
  },
  {
    // nodeports: a host port in use on a node (same protocol, any IP on 0.0.0.0) conflicts.
    name: 'host port conflict',
    nodes: [makeNode('n1').obj(), makeNode('n2').obj()],
    existing: [makePod('e').hostPort(8080).node('n1').obj()],
    pod: makePod('p').hostPort(8080).obj(),
    want: ['n2'],
  },
  {
    // nodeports: a different protocol does not conflict, and the emptier node still wins otherwise.
    name: 'host port conflict message',
    nodes: [makeNode('n1').obj()],
    existing: [makePod('e').hostPort(8080).node('n1').obj()],
    pod: makePod('p').hostPort(8080).obj(),
    message:
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
  },
  {
    // interpodaffinity: required anti-affinity on hostname against app=web.
    name: 'pod anti-affinity',
    nodes: [makeNode('n1').obj(), makeNode('n2').obj()],
    existing: [makePod('web-1').labels({ app: 'web' }).node('n1').obj()],
    pod: makePod('web-2')
      .labels({ app: 'web' })
      .affinity({
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      })
      .obj(),
    want: ['n2'],
  },
  {
    // interpodaffinity: "didn't match pod anti-affinity rules" is Unschedulable; with no lower
    // priority pods preemption finds no victims.
    name: 'pod anti-affinity everywhere',
    nodes: [makeNode('n1').obj()],
    existing: [makePod('web-1').labels({ app: 'web' }).node('n1').obj()],
    pod: makePod('web-2')
      .labels({ app: 'web' })
      .affinity({
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      })
      .obj(),
    message:
      "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
  },
  {
    // interpodaffinity: existing pods' required anti-affinity is symmetric.
    name: "existing pod's anti-affinity",
    nodes: [makeNode('n1').obj(), makeNode('n2').obj()],
    existing: [
      makePod('loner')
        .affinity({
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        })
        .node('n1')
        .obj(),
    ],
    pod: makePod('web').labels({ app: 'web' }).obj(),
    want: ['n2'],
  },
  {
    // interpodaffinity: required affinity by zone: any node in the zone of a matching pod.
    name: 'pod affinity by zone',
    nodes: [
      makeNode('n1').labels(zone('a')).obj(),
      makeNode('n2').labels(zone('b')).obj(),
      makeNode('n3').labels(zone('b')).obj(),
    ],
    existing: [makePod('db').labels({ app: 'db' }).node('n2').obj()],
    pod: makePod('app')
      .affinity({
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'topology.kubernetes.io/zone' },
          ],
        },
      })
      .obj(),
    want: ['n2', 'n3'],
  },
  {
    // interpodaffinity: the first pod of a group matching its own affinity term may go anywhere.
    name: 'pod affinity to itself when no pod matches',
    nodes: [makeNode('n1').labels(zone('a')).obj()],
    pod: makePod('first')
      .labels({ app: 'grp' })
      .affinity({
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'grp' } }, topologyKey: 'topology.kubernetes.io/zone' },
          ],
        },
      })
      .obj(),
    want: ['n1'],
  },
  {
    name: 'pod affinity with no match and no self match',
    nodes: [makeNode('n1').labels(zone('a')).obj()],
    pod: makePod('lonely')
      .affinity({
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'topology.kubernetes.io/zone' },
          ],
        },
      })
      .obj(),
    message:
      "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
  },
  {
    // interpodaffinity Score: preferred anti-affinity pushes away from the matching pod's node.
    name: 'preferred pod anti-affinity',
    nodes: [makeNode('n1').obj(), makeNode('n2').obj()],
    existing: [makePod('web-1').labels({ app: 'web' }).node('n2').obj()],
    pod: makePod('web-2')
      .labels({ app: 'web' })
      .affinity({
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'web' } },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      })
      .obj(),
    want: ['n1'],
  },
  {
    // podtopologyspread: skew = matching pods in the domain + 1 − global minimum must stay ≤ maxSkew.
    name: 'topology spread DoNotSchedule',
    nodes: [makeNode('n1').labels(zone('a')).obj(), makeNode('n2').labels(zone('b')).obj()],
    existing: [
      makePod('a1').labels({ app: 's' }).node('n1').obj(),
      makePod('a2').labels({ app: 's' }).node('n1').obj(),
      makePod('b1').labels({ app: 's' }).node('n2').obj(),
    ],
    pod: makePod('new')
      .labels({ app: 's' })
      .spread({
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 's' } },
      })
      .obj(),
    want: ['n2'],
  },
  {
    // podtopologyspread: a node without the topology key is UnschedulableAndUnresolvable.
    name: 'topology spread missing label',
    nodes: [makeNode('n1').obj()],
    pod: makePod('new')
      .labels({ app: 's' })
      .spread({
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 's' } },
      })
      .obj(),
    message:
      "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
  },
  {
    // podtopologyspread Score: ScheduleAnyway prefers the domain with fewer matching pods.
    name: 'topology spread ScheduleAnyway',
    nodes: [makeNode('n1').labels(zone('a')).obj(), makeNode('n2').labels(zone('b')).obj()],
    existing: [makePod('a1').labels({ app: 's' }).node('n1').obj()],
    pod: makePod('new')
      .labels({ app: 's' })
      .spread({
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 's' } },
      })
      .obj(),
    want: ['n2'],
  },
  {
    // imagelocality: a node holding a large image of the pod scores higher.
    name: 'image locality',
    nodes: [
      makeNode('n1').obj(),
      makeNode('n2')
        .images([{ names: ['registry.example/big:1.0'], sizeBytes: 800 * 1024 * 1024 }])
        .obj(),
    ],
    pod: makePod('p').image('registry.example/big:1.0').obj(),
    want: ['n2'],
  },
];

for (const tc of cases) {
  test(`placement: ${tc.name}`, async (t) => {
    const { cluster, drain } = newHarness();
    for (const n of tc.nodes) cluster.addNode(n);
    for (const p of tc.existing ?? []) cluster.addPod(p);
    cluster.addPod(tc.pod);
    const outcomes = await drain();
    const key = `default/${tc.pod.metadata.name}`;
    const mine = outcomes.filter((o) => o.pod === key);
    t.is(mine.length, 1);
    const o = mine[0]!;
    if (tc.want) {
      t.is(o.result, 'scheduled', JSON.stringify(o));
      t.true(o.result === 'scheduled' && tc.want.includes(o.node), JSON.stringify(o));
      t.deepEqual(cluster.bindings.at(-1), { pod: key, node: o.result === 'scheduled' ? o.node : '' });
    } else {
      t.is(o.result, 'unschedulable');
      t.is(o.result === 'unschedulable' ? o.message : '', tc.message!);
      const cond = cluster.pod(key)!.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
      t.like(cond, { status: 'False', reason: 'Unschedulable', message: tc.message! });
      t.like(cluster.events.at(-1), { regarding: key, type: 'Warning', reason: 'FailedScheduling', note: tc.message });
    }
  });
}
