import test from 'ava';
import { desiredEndpoints } from '../../../plugins/core-controllers/endpoints/desired-endpoints.js';
import {
  desiredSliceGroups,
  planSlices,
  type EndpointSlice,
} from '../../../plugins/core-controllers/endpoints/endpoint-slice-plan.js';
import type { PodLike, ServiceLike } from '../../../plugins/core-controllers/endpoints/pod-endpoint.js';

const svc = (spec: ServiceLike['spec'] = {}): ServiceLike => ({
  metadata: { name: 'web', namespace: 'ns', uid: 'svc-uid', labels: { tier: 'front' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec },
});
let n = 0;
const pod = (
  ip: string,
  opts: {
    ready?: boolean;
    terminating?: boolean;
    port?: number;
    phase?: string;
    restart?: string;
    labels?: Record<string, string>;
  } = {},
): PodLike => ({
  metadata: {
    name: `p-${ip}`,
    namespace: 'ns',
    uid: `uid-${++n}`,
    labels: opts.labels ?? { app: 'web' },
    ...(opts.terminating ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}),
  },
  spec: {
    nodeName: 'n1',
    restartPolicy: opts.restart,
    containers: [{ ports: [{ name: 'http', containerPort: opts.port ?? 8080 }] }],
  },
  status: {
    phase: opts.phase ?? 'Running',
    podIP: ip,
    conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
  },
});

test('Endpoints: ready and not-ready addresses, ordered by IP, with the named target port', (t) => {
  const want = desiredEndpoints(svc(), [
    pod('10.0.0.10'),
    pod('10.0.0.9'),
    pod('10.0.0.11', { ready: false }),
    pod('10.0.0.12', { labels: { app: 'db' } }),
  ]);
  t.is(want.subsets.length, 1);
  t.deepEqual(
    want.subsets[0]!.addresses!.map((a) => a.ip),
    ['10.0.0.9', '10.0.0.10'],
  );
  t.deepEqual(
    want.subsets[0]!.notReadyAddresses!.map((a) => a.ip),
    ['10.0.0.11'],
  );
  t.deepEqual(want.subsets[0]!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  t.deepEqual(want.labels, { tier: 'front' });
});

const inclusion: Array<{ title: string; p: PodLike; publish?: boolean; inEndpoints: boolean; inSlices: boolean }> = [
  { title: 'terminating pod', p: pod('10.0.1.1', { terminating: true }), inEndpoints: false, inSlices: true },
  {
    title: 'terminating pod with publishNotReadyAddresses',
    p: pod('10.0.1.2', { terminating: true }),
    publish: true,
    inEndpoints: true,
    inSlices: true,
  },
  { title: 'pod without IP', p: { ...pod('x'), status: { phase: 'Pending' } }, inEndpoints: false, inSlices: false },
  {
    title: 'finished pod with restartPolicy Never',
    p: pod('10.0.1.3', { phase: 'Succeeded', restart: 'Never' }),
    inEndpoints: false,
    inSlices: false,
  },
  {
    title: 'failed pod with restartPolicy OnFailure',
    p: pod('10.0.1.4', { phase: 'Failed', restart: 'OnFailure' }),
    inEndpoints: true,
    inSlices: true,
  },
];
for (const c of inclusion) {
  test(`inclusion: ${c.title}`, (t) => {
    const s = svc({ publishNotReadyAddresses: c.publish });
    const ep = desiredEndpoints(s, [c.p]);
    t.is(ep.subsets.length > 0, c.inEndpoints);
    const groups = desiredSliceGroups(s, [c.p], () => undefined, 'IPv4');
    t.is(groups.size > 0, c.inSlices);
  });
}

test('Endpoints: pods whose named port resolves differently land in different subsets; headless label', (t) => {
  const want = desiredEndpoints(svc({ clusterIP: 'None' }), [
    pod('10.0.0.1', { port: 8080 }),
    pod('10.0.0.2', { port: 9090 }),
  ]);
  t.is(want.subsets.length, 2);
  t.deepEqual(want.subsets.map((s) => s.ports![0]!.port).sort(), [8080, 9090]);
  t.deepEqual(want.labels, { tier: 'front', 'service.kubernetes.io/headless': '' });
});

test('slice conditions: ready = serving and not terminating; publishNotReadyAddresses makes everything ready', (t) => {
  const pods = [pod('10.0.0.1'), pod('10.0.0.2', { ready: false }), pod('10.0.0.3', { terminating: true })];
  const conds = (s: ServiceLike) =>
    [...desiredSliceGroups(s, pods, () => 'zone-a', 'IPv4').values()][0]!.endpoints.map((e) => e.conditions);
  t.deepEqual(conds(svc()), [
    { ready: true, serving: true, terminating: false },
    { ready: false, serving: false, terminating: false },
    { ready: false, serving: true, terminating: true },
  ]);
  t.true(conds(svc({ publishNotReadyAddresses: true })).every((c) => c.ready));
  t.is([...desiredSliceGroups(svc(), pods, () => 'zone-a', 'IPv4').values()][0]!.endpoints[0]!.zone, 'zone-a');
});

test('slices: 250 endpoints make three slices of at most 100, labelled and owned by the Service', (t) => {
  const pods = Array.from({ length: 250 }, (_, i) => pod(`10.1.${Math.floor(i / 200)}.${i % 200}`));
  const plan = planSlices(
    svc(),
    desiredSliceGroups(svc(), pods, () => undefined, 'IPv4'),
    [],
    'IPv4',
  );
  t.deepEqual(
    plan.create.map((s) => s.endpoints.length),
    [100, 100, 50],
  );
  const s = plan.create[0]!;
  t.is(s.metadata.generateName, 'web-');
  t.deepEqual(s.metadata.labels, {
    tier: 'front',
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  t.deepEqual(s.metadata.ownerReferences, [
    { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true },
  ]);
  t.deepEqual(s.ports, [{ name: 'http', protocol: 'TCP', port: 8080 }]);
});

test('slices: an unchanged slice is left alone; a new pod fills the slice with room; removed pods leave it', (t) => {
  const pods = [pod('10.0.0.1'), pod('10.0.0.2')];
  const first = planSlices(
    svc(),
    desiredSliceGroups(svc(), pods, () => undefined, 'IPv4'),
    [],
    'IPv4',
  ).create[0]!;
  const existing: EndpointSlice = {
    ...first,
    metadata: { ...first.metadata, name: 'web-abcde', resourceVersion: '5' },
  };
  t.deepEqual(
    planSlices(
      svc(),
      desiredSliceGroups(svc(), pods, () => undefined, 'IPv4'),
      [existing],
      'IPv4',
    ),
    { create: [], update: [], delete: [] },
  );
  const more = planSlices(
    svc(),
    desiredSliceGroups(svc(), [pods[1]!, pod('10.0.0.3')], () => undefined, 'IPv4'),
    [existing],
    'IPv4',
  );
  t.is(more.create.length, 0);
  t.deepEqual(
    more.update[0]!.endpoints.map((e) => e.addresses[0]),
    ['10.0.0.2', '10.0.0.3'],
  );
  t.is(more.update[0]!.metadata.name, 'web-abcde');
});

test('slices: a Service without endpoints keeps one placeholder slice', (t) => {
  const plan = planSlices(svc(), new Map(), [], 'IPv4');
  t.is(plan.create.length, 1);
  t.deepEqual(plan.create[0]!.endpoints, []);
  const placeholder = { ...plan.create[0]!, metadata: { ...plan.create[0]!.metadata, name: 'web-xxxxx' } };
  t.deepEqual(planSlices(svc(), new Map(), [placeholder], 'IPv4'), { create: [], update: [], delete: [] });
});
