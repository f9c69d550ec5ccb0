// Self-healing with the built-in controllers: a simulated node stops reporting (its kubelet is
// "dead"); after the node monitor grace period (shortened through plugins.config.core-controllers)
// the node lifecycle controller turns it Unknown and taints it unreachable:NoExecute, its pods are
// evicted once their tolerationSeconds run out, and the Deployment's pods come back on the other
// nodes. Observed with the real kubectl.
import anyTest, { type TestFn } from 'ava';
import { emptyConfig } from '../../core/config/index.js';
import { createKubeClient } from '../../sdk/client/index.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { SimulatedNodes } from '../../plugins/simulated-nodes/index.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';

interface Ctx {
  plane: TestControlPlane;
  client: KubeClient;
  nodes: SimulatedNodes;
  ac: AbortController;
}

const test = whenAvailable(anyTest as TestFn<Ctx>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const base = emptyConfig();
  const plane = await startTestControlPlane({
    components: true,
    config: {
      ...base,
      plugins: {
        ...base.plugins,
        config: {
          'core-controllers': { nodeMonitorGracePeriodSeconds: 3, nodeMonitorPeriodSeconds: 0.5 },
        },
      },
    },
  });
  const client = await createKubeClient(plane.kubeconfigPath);
  const ac = new AbortController();
  // The test's own nodes, so that it can stop one; they renew their Leases well within the grace period.
  const nodes = new SimulatedNodes(client, { count: 3, namePrefix: 'heal-', leaseRenewMs: 500, statusReportMs: 1000 });
  t.context = { plane, client, nodes, ac };
  await nodes.start(ac.signal);
});

test.after.always(async (t) => {
  t.context.ac?.abort();
  await t.context.nodes?.stop();
  await t.context.plane?.destroy();
});

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
`;

interface PodRow {
  name: string;
  node: string;
  terminating: boolean;
  ready: boolean;
}

async function webPods(client: KubeClient): Promise<PodRow[]> {
  const pods = await client.list(builtin.pods, { namespace: 'default', labelSelector: 'app=web' });
  return pods.items.map((p) => ({
    name: p.metadata.name!,
    node: (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '',
    terminating: !!p.metadata.deletionTimestamp,
    ready: !!(p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  }));
}

test.serial(
  'a stopped node turns Unknown, gets the unreachable NoExecute taint, and its pods are recreated elsewhere',
  async (t) => {
    const { plane, client, nodes } = t.context;
    const kc = plane.kubeconfigPath;
    const applied = await kubectl(kc, ['apply', '-f', '-'], { stdin: deployment });
    t.is(applied.code, 0, applied.stderr);
    const rolled = await kubectl(kc, ['rollout', 'status', 'deployment/web', '--timeout=60s']);
    t.is(rolled.code, 0, rolled.stderr);

    // Stop the node holding the most pods.
    const before = await webPods(client);
    const counts = new Map<string, number>();
    for (const p of before) counts.set(p.node, (counts.get(p.node) ?? 0) + 1);
    const [victim] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    t.true(nodes.nodeNames().includes(victim));
    const victimPods = before.filter((p) => p.node === victim).map((p) => p.name);
    t.true(victimPods.length > 0);
    nodes.pauseNode(victim);

    const unknown = await eventually(async () => {
      const r = await kubectl(kc, [
        'get',
        'node',
        victim,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].reason}',
      ]);
      return r.stdout === 'Unknown/NodeStatusUnknown' ? r.stdout : undefined;
    });
    t.is(unknown, 'Unknown/NodeStatusUnknown', 'the silent node turns Unknown after the grace period');
    const tainted = await eventually(async () => {
      const r = await kubectl(kc, [
        'get',
        'node',
        victim,
        '-o',
        'jsonpath={range .spec.taints[*]}{.key}:{.effect}{"\\n"}{end}',
      ]);
      return r.stdout.includes('node.kubernetes.io/unreachable:NoExecute') ? r.stdout : undefined;
    });
    t.truthy(tainted, 'the node is tainted unreachable:NoExecute');
    t.regex(tainted ?? '', /node\.kubernetes\.io\/unreachable:NoSchedule/);
    const others = await kubectl(kc, [
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
    ]);
    for (const n of nodes.nodeNames().filter((n) => n !== victim)) t.regex(others.stdout, new RegExp(`${n}=True`));

    // Evicted after tolerationSeconds; the ReplicaSet replaces them on the nodes still alive.
    const healed = await eventually(
      async () => {
        const live = (await webPods(client)).filter((p) => !p.terminating);
        return live.length === 6 && live.every((p) => p.node !== victim && p.node !== '' && p.ready) ? live : undefined;
      },
      200,
      200,
    );
    t.truthy(healed, 'six ready pods run on the other nodes');
    const after = await webPods(client);
    for (const name of victimPods) {
      const old = after.find((p) => p.name === name);
      t.true(!old || old.terminating, `${name} of the stopped node was evicted`);
    }
    const available = await eventually(async () => {
      const r = await kubectl(kc, ['get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}']);
      return r.stdout === '6' ? r.stdout : undefined;
    });
    t.is(available, '6', 'the Deployment is fully available again');

    // The node comes back: Ready, untainted, and the evicted pods it still held are finished.
    nodes.resumeNode(victim);
    const back = await eventually(async () => {
      const r = await kubectl(kc, [
        'get',
        'node',
        victim,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.spec.taints}',
      ]);
      return r.stdout === 'True ' ? r.stdout : undefined;
    });
    t.is(back, 'True ', 'the resumed node is Ready and untainted');
    const gone = await eventually(async () =>
      (await webPods(client)).some((p) => victimPods.includes(p.name)) ? undefined : true,
    );
    t.true(gone, 'the evicted pods are finished once their node is back');
  },
);
