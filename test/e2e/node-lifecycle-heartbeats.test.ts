import anyTest, { type TestFn } from 'ava';
import { builtin } from '../../sdk/builtin-resources.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import { NodeLifecycleController } from '../../plugins/core-controllers/node-lifecycle/node-lifecycle-controller.js';
import { PodGcController } from '../../plugins/core-controllers/pod-gc/pod-gc-controller.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { startHarness, systemClock, type ControllerHarness } from '../plugins/core-controllers/controller-harness.js';

const test = whenAvailable(anyTest as TestFn<{ h: ControllerHarness }>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const h = await startHarness();
  const deps = { clock: systemClock, logger: h.logger };
  // A short grace period so the test need not wait 40 s; the default is covered by unit tests.
  await new NodeLifecycleController(h.client, deps, { gracePeriodMs: 1500, monitorPeriodMs: 200 }).start(h.signal);
  await new PodGcController(h.client, deps, { periodMs: 200, quarantineMs: 0 }).start(h.signal);
  t.context = { h };
});
test.after.always(async (t) => {
  await t.context.h?.stop();
});

const micro = () => new Date().toISOString().replace('Z', '000Z');

/** A node as a kubelet registers it: Ready, with a Lease it renews until `stop()`. */
async function simulatedNode(h: ControllerHarness, name: string) {
  const node = await h.client.create(builtin.nodes, { metadata: { name } });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await h.client.updateStatus(builtin.nodes, {
    ...node,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
    },
  });
  await h.client.create(builtin.leases, {
    metadata: { name, namespace: 'kube-node-lease' },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro() },
  });
  const timer = setInterval(() => {
    void h.client
      .patch(builtin.leases, name, { spec: { renewTime: micro() } }, 'merge', { namespace: 'kube-node-lease' })
      .catch(() => undefined);
  }, 300);
  return { stop: () => clearInterval(timer) };
}

async function podOn(
  h: ControllerHarness,
  name: string,
  node: string,
  tolerationSeconds?: number,
): Promise<KubeObject> {
  const tolerations =
    tolerationSeconds === undefined
      ? [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]
      : [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds }];
  const pod = await h.client.create(builtin.pods, {
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, tolerations, containers: [{ name: 'c', image: 'nginx' }] },
  });
  return h.client.updateStatus(builtin.pods, {
    ...pod,
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

test.serial(
  'a node whose Lease stops being renewed turns Unknown, is tainted, and its pods are evicted after tolerationSeconds',
  async (t) => {
    const { h } = t.context;
    const kubelet = await simulatedNode(h, 'worker-1');
    await podOn(h, 'short', 'worker-1', 1);
    await podOn(h, 'forever', 'worker-1');
    kubelet.stop();
    const node = await eventually(async () => {
      const n = await h.client.get(builtin.nodes, 'worker-1');
      const taints = (n.spec as { taints?: unknown[] } | undefined)?.taints ?? [];
      return taints.length >= 2 ? n : undefined;
    });
    t.truthy(node, 'the node gets tainted: ' + JSON.stringify(await h.client.get(builtin.nodes, 'worker-1')));
    const ready = (node!.status as { conditions: Array<Record<string, string>> }).conditions.find(
      (c) => c.type === 'Ready',
    );
    t.like(ready, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const taints = (node!.spec as { taints: Array<{ key: string; effect: string; timeAdded?: string }> }).taints;
    t.deepEqual(taints.map((x) => `${x.key}:${x.effect}`).sort(), [
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    t.truthy(taints.find((x) => x.effect === 'NoExecute')?.timeAdded);
    const got = await kubectl(h.kubeconfig, ['get', 'node', 'worker-1']);
    t.regex(got.stdout, /worker-1\s+NotReady/);

    const evicted = await eventually(async () => {
      const p = await h.client.get(builtin.pods, 'short', 'default');
      return p.metadata.deletionTimestamp ? p : undefined;
    });
    t.truthy(evicted, 'the pod tolerating the taint for 1 s is deleted');
    const disruption = (evicted!.status as { conditions: Array<Record<string, string>> }).conditions.find(
      (c) => c.type === 'DisruptionTarget',
    );
    t.like(disruption, { status: 'True', reason: 'DeletionByTaintManager' });
    const forever = await h.client.get(builtin.pods, 'forever', 'default');
    t.falsy(forever.metadata.deletionTimestamp, 'a toleration without tolerationSeconds keeps the pod');
    const podReady = (forever.status as { conditions: Array<Record<string, string>> }).conditions.find(
      (c) => c.type === 'Ready',
    );
    t.is(podReady?.status, 'False', 'pods of a node that stopped being Ready are marked not ready');
  },
);

test.serial(
  'a node that heartbeats again loses the taints; deleting a node lets the pod GC remove its pods',
  async (t) => {
    const { h } = t.context;
    const kubelet = await simulatedNode(h, 'worker-2');
    await podOn(h, 'stay', 'worker-2');
    kubelet.stop();
    await eventually(async () => {
      const n = await h.client.get(builtin.nodes, 'worker-2');
      return ((n.spec as { taints?: unknown[] } | undefined)?.taints ?? []).length > 0 ? true : undefined;
    });
    // The kubelet comes back: posts Ready again.
    const n = await h.client.get(builtin.nodes, 'worker-2');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await h.client.updateStatus(builtin.nodes, {
      ...n,
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now },
        ],
      },
    });
    const untainted = await eventually(async () => {
      const x = await h.client.get(builtin.nodes, 'worker-2');
      return ((x.spec as { taints?: unknown[] } | undefined)?.taints ?? []).length === 0 ? x : undefined;
    });
    t.truthy(untainted, 'the taints go when the node is Ready again');

    t.is((await kubectl(h.kubeconfig, ['delete', 'node', 'worker-2'])).code, 0);
    const gone = await eventually(async () =>
      h.client.get(builtin.pods, 'stay', 'default').then(
        () => undefined,
        (err) => (err instanceof NotFoundError ? true : undefined),
      ),
    );
    t.true(gone, 'the pod of the deleted node is garbage-collected');
  },
);
