import anyTest, { type TestFn } from 'ava';
import { builtin } from '../../sdk/builtin-resources.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { EndpointSliceController } from '../../plugins/core-controllers/endpoints/endpoint-slice-controller.js';
import { EndpointsController } from '../../plugins/core-controllers/endpoints/endpoints-controller.js';
import { GarbageCollectorController } from '../../plugins/core-controllers/gc/garbage-collector-controller.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { startHarness, systemClock, type ControllerHarness } from '../plugins/core-controllers/controller-harness.js';

const test = whenAvailable(anyTest as TestFn<{ h: ControllerHarness }>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const h = await startHarness();
  const deps = { clock: systemClock, logger: h.logger };
  await new GarbageCollectorController(h.client, deps).start(h.signal);
  await new EndpointsController(h.client, deps).start(h.signal);
  await new EndpointSliceController(h.client, deps).start(h.signal);
  t.context = { h };
});
test.after.always(async (t) => {
  await t.context.h?.stop();
});

/** A pod as a kubelet would report it: running with an IP, Ready or not. */
async function runningPod(h: ControllerHarness, ns: string, name: string, ip: string, ready: boolean, node = 'node-a') {
  const pod = await h.client.create(builtin.pods, {
    metadata: { name, namespace: ns, labels: { app: 'web' } },
    spec: {
      nodeName: node,
      containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  });
  return h.client.updateStatus(builtin.pods, {
    ...pod,
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
}

const manifest = `
apiVersion: v1
kind: Namespace
metadata: {name: svc}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: svc, labels: {tier: front}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

test.serial('a Service with a selector gets Endpoints and an EndpointSlice for its pods', async (t) => {
  const { h } = t.context;
  const applied = await kubectl(h.kubeconfig, ['apply', '-f', '-'], { stdin: manifest });
  t.is(applied.code, 0, applied.stderr);
  await runningPod(h, 'svc', 'web-1', '10.244.0.11', true);
  await runningPod(h, 'svc', 'web-2', '10.244.0.9', true);
  await runningPod(h, 'svc', 'web-3', '10.244.0.12', false);
  const ep = await eventually(async () => {
    const r = await kubectl(h.kubeconfig, ['-n', 'svc', 'get', 'endpoints', 'web', '-o', 'json']);
    if (r.code !== 0) return undefined;
    const o = JSON.parse(r.stdout);
    return o.subsets?.[0]?.addresses?.length === 2 && o.subsets[0].notReadyAddresses?.length === 1 ? o : undefined;
  });
  t.truthy(ep, 'Endpoints list the two ready pods and the unready one');
  t.deepEqual(
    ep.subsets[0].addresses.map((a: { ip: string }) => a.ip),
    ['10.244.0.9', '10.244.0.11'],
  );
  t.deepEqual(
    ep.subsets[0].notReadyAddresses.map((a: { ip: string }) => a.ip),
    ['10.244.0.12'],
  );
  t.deepEqual(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  t.like(ep.subsets[0].addresses[0], {
    nodeName: 'node-a',
    targetRef: { kind: 'Pod', namespace: 'svc', name: 'web-2' },
  });
  t.deepEqual(ep.metadata.labels, { tier: 'front' });

  const r = await kubectl(h.kubeconfig, [
    '-n',
    'svc',
    'get',
    'endpointslices',
    '-l',
    'kubernetes.io/service-name=web',
    '-o',
    'json',
  ]);
  t.is(r.code, 0, r.stderr);
  const slices = JSON.parse(r.stdout).items;
  t.is(slices.length, 1);
  const slice = slices[0];
  t.regex(slice.metadata.name, /^web-[a-z0-9]{5}$/);
  t.is(slice.addressType, 'IPv4');
  t.like(slice.metadata.labels, {
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    tier: 'front',
  });
  t.like(slice.metadata.ownerReferences[0], {
    kind: 'Service',
    name: 'web',
    controller: true,
    blockOwnerDeletion: true,
  });
  t.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const byName = Object.fromEntries(slice.endpoints.map((e: { targetRef: { name: string } }) => [e.targetRef.name, e]));
  t.deepEqual(byName['web-1'].conditions, { ready: true, serving: true, terminating: false });
  t.deepEqual(byName['web-3'].conditions, { ready: false, serving: false, terminating: false });
  t.deepEqual(byName['web-1'].addresses, ['10.244.0.11']);
});

test.serial('a terminating pod leaves Endpoints and stays in the slice as serving and terminating', async (t) => {
  const { h } = t.context;
  // Bound to a node, the pod waits for its kubelet: it keeps a deletionTimestamp.
  const d = await kubectl(h.kubeconfig, ['-n', 'svc', 'delete', 'pod', 'web-1', '--wait=false']);
  t.is(d.code, 0, d.stderr);
  const ep = await eventually(async () => {
    const o = (await h.client.get(builtin.endpoints, 'web', 'svc')) as KubeObject & {
      subsets?: Array<{ addresses?: Array<{ ip: string }> }>;
    };
    return o.subsets?.[0]?.addresses?.length === 1 ? o : undefined;
  });
  t.deepEqual(
    ep?.subsets?.[0]?.addresses?.map((a) => a.ip),
    ['10.244.0.9'],
  );
  const slice = await eventually(async () => {
    const s = (
      await h.client.list(builtin.endpointSlices, { namespace: 'svc', labelSelector: 'kubernetes.io/service-name=web' })
    ).items[0] as
      | (KubeObject & { endpoints: Array<{ targetRef: { name: string }; conditions: { terminating: boolean } }> })
      | undefined;
    const e = s?.endpoints.find((x) => x.targetRef.name === 'web-1');
    return e?.conditions.terminating ? e : undefined;
  });
  t.deepEqual(slice?.conditions, { ready: false, serving: true, terminating: true });
});

test.serial('deleting the Service removes its Endpoints, and the garbage collector its slices', async (t) => {
  const { h } = t.context;
  t.is((await kubectl(h.kubeconfig, ['-n', 'svc', 'delete', 'service', 'web'])).code, 0);
  const gone = await eventually(async () => {
    const e = (await h.client.list(builtin.endpoints, { namespace: 'svc' })).items.length;
    const s = (await h.client.list(builtin.endpointSlices, { namespace: 'svc' })).items.length;
    return e === 0 && s === 0 ? true : undefined;
  });
  t.true(gone);
});
