// The scheduler against a real API server with simulated nodes, observed with the real kubectl:
// a pod that fits nowhere stays Pending with kube's FailedScheduling message; adding a node
// schedules it and the simulated kubelet runs it.
import anyTest, { type TestFn } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpKubeClient } from '../../sdk/client/http-kube-client.js';
import { startScheduler } from '../../core/scheduler/index.js';
import { inTreeRegistrations } from '../../plugins/scheduler-defaults/index.js';
import { SimulatedNodes } from '../../plugins/simulated-nodes/index.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';

interface Ctx {
  plane: TestControlPlane;
  client: HttpKubeClient;
  ac: AbortController;
}
const test = whenAvailable(anyTest as TestFn<Ctx>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfigPath);
  const ac = new AbortController();
  await new SimulatedNodes(client, {
    count: 3,
    namePrefix: 'small-',
    capacity: { cpu: '1', memory: '2Gi', pods: '110' },
  }).start(ac.signal);
  await startScheduler({ client, registrations: inTreeRegistrations(), signal: ac.signal });
  t.context = { plane, client, ac };
});

test.after.always(async (t) => {
  t.context.ac?.abort();
  t.context.client?.close();
  await t.context.plane?.destroy();
});

const podYaml = `apiVersion: v1
kind: Pod
metadata:
  name: big
  namespace: default
spec:
  containers:
  - name: app
    image: registry.k8s.io/pause:3.10
    resources:
      requests:
        cpu: "2"
`;

test.serial('a pod that fits nowhere stays Pending with the kube message; a new node schedules it', async (t) => {
  const { plane, client, ac } = t.context;
  const file = join(plane.dataDir, 'big-pod.yaml');
  writeFileSync(file, podYaml);
  const applied = await kubectl(plane.kubeconfigPath, ['apply', '-f', file]);
  t.is(applied.code, 0, applied.stderr);
  const want =
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
  const message = await eventually(async () => {
    const r = await kubectl(plane.kubeconfigPath, [
      'get',
      'pod',
      'big',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}',
    ]);
    return r.stdout || undefined;
  });
  t.is(message, want);
  const phase = await kubectl(plane.kubeconfigPath, ['get', 'pod', 'big', '-o', 'jsonpath={.status.phase}']);
  t.is(phase.stdout, 'Pending');
  const reason = await kubectl(plane.kubeconfigPath, [
    'get',
    'pod',
    'big',
    '-o',
    'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}',
  ]);
  t.is(reason.stdout, 'Unschedulable');
  const events = await eventually(async () => {
    const r = await kubectl(plane.kubeconfigPath, ['get', 'events.v1.events.k8s.io', '-n', 'default', '-o', 'json']);
    const items = (JSON.parse(r.stdout || '{"items":[]}').items ?? []) as {
      reason?: string;
      note?: string;
      regarding?: { name?: string };
    }[];
    return items.find((e) => e.reason === 'FailedScheduling' && e.regarding?.name === 'big');
  });
  t.is(events?.note, want);

  await new SimulatedNodes(client, {
    count: 1,
    namePrefix: 'large-',
    capacity: { cpu: '8', memory: '16Gi', pods: '110' },
  }).start(ac.signal);
  const node = await eventually(async () => {
    const r = await kubectl(plane.kubeconfigPath, ['get', 'pod', 'big', '-o', 'jsonpath={.spec.nodeName}']);
    return r.stdout || undefined;
  }, 150);
  t.is(node, 'large-0');
  const running = await eventually(async () => {
    const r = await kubectl(plane.kubeconfigPath, ['get', 'pod', 'big', '-o', 'jsonpath={.status.phase}']);
    return r.stdout === 'Running' ? r.stdout : undefined;
  });
  t.is(running, 'Running');
  const ready = await kubectl(plane.kubeconfigPath, [
    'get',
    'pod',
    'big',
    '-o',
    'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
  ]);
  t.is(ready.stdout, 'True');
});

test.serial('simulated nodes are Ready with leases', async (t) => {
  const { plane } = t.context;
  const r = await kubectl(plane.kubeconfigPath, [
    'get',
    'nodes',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}',
  ]);
  t.is(r.code, 0, r.stderr);
  t.true(r.stdout.includes('small-0=True'), r.stdout);
  const leases = await kubectl(plane.kubeconfigPath, [
    'get',
    'leases',
    '-n',
    'kube-node-lease',
    '-o',
    'jsonpath={.items[*].spec.holderIdentity}',
  ]);
  t.true(leases.stdout.split(' ').includes('small-0'), leases.stdout);
});
