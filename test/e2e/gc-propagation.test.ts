import anyTest, { type TestFn } from 'ava';
import { builtin } from '../../sdk/builtin-resources.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { GarbageCollectorController } from '../../plugins/core-controllers/gc/garbage-collector-controller.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { startHarness, systemClock, type ControllerHarness } from '../plugins/core-controllers/controller-harness.js';

const test = whenAvailable(anyTest as TestFn<{ h: ControllerHarness }>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const h = await startHarness();
  await new GarbageCollectorController(h.client, { clock: systemClock, logger: h.logger }).start(h.signal);
  t.context = { h };
});
test.after.always(async (t) => {
  await t.context.h?.stop();
});

/** A ReplicaSet (replicas 0, no workload controller needed) owning `n` pods, as its controller would. */
async function replicaSetWithPods(h: ControllerHarness, ns: string, name: string, n: number) {
  const c = h.client;
  await c.create(builtin.namespaces, { metadata: { name: ns } }).catch(() => undefined);
  const rs = await c.create(builtin.replicaSets, {
    metadata: { name, namespace: ns },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  });
  const pods: KubeObject[] = [];
  for (let i = 0; i < n; i++) {
    pods.push(
      await c.create(builtin.pods, {
        metadata: {
          name: `${name}-${i}`,
          namespace: ns,
          labels: { app: name },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name,
              uid: rs.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      }),
    );
  }
  return { rs, pods };
}

async function exists(h: ControllerHarness, res: typeof builtin.pods, name: string, ns: string): Promise<boolean> {
  try {
    await h.client.get(res, name, ns);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

test.serial('kubectl delete --cascade=background: the owner goes at once, then its dependents', async (t) => {
  const { h } = t.context;
  await replicaSetWithPods(h, 'gc-bg', 'web', 3);
  const r = await kubectl(h.kubeconfig, ['-n', 'gc-bg', 'delete', 'replicaset', 'web', '--cascade=background']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout.trim(), 'replicaset.apps "web" deleted');
  t.false(await exists(h, builtin.replicaSets, 'web', 'gc-bg'));
  const gone = await eventually(async () =>
    (await h.client.list(builtin.pods, { namespace: 'gc-bg' })).items.length === 0 ? true : undefined,
  );
  t.true(gone, 'the pods of the deleted ReplicaSet are collected');
});

test.serial(
  'kubectl delete --cascade=foreground: the owner waits with foregroundDeletion until its blocking dependents are gone',
  async (t) => {
    const { h } = t.context;
    // A finalizer on one pod holds it, so the owner must visibly wait.
    await replicaSetWithPods(h, 'gc-fg', 'web', 2);
    await h.client.patch(builtin.pods, 'web-0', { metadata: { finalizers: ['example.com/hold'] } }, 'merge', {
      namespace: 'gc-fg',
    });
    const r = await kubectl(h.kubeconfig, [
      '-n',
      'gc-fg',
      'delete',
      'replicaset',
      'web',
      '--cascade=foreground',
      '--wait=false',
    ]);
    t.is(r.code, 0, r.stderr);
    const waiting = await eventually(async () => {
      const pod = await h.client.get(builtin.pods, 'web-0', 'gc-fg');
      const other = await exists(h, builtin.pods, 'web-1', 'gc-fg');
      return pod.metadata.deletionTimestamp && !other ? pod : undefined;
    });
    t.truthy(waiting, 'the dependents are deleted (the held one is marked for deletion)');
    const rs = await h.client.get(builtin.replicaSets, 'web', 'gc-fg');
    t.truthy(rs.metadata.deletionTimestamp);
    t.deepEqual(rs.metadata.finalizers, ['foregroundDeletion']);
    await h.client.patch(builtin.pods, 'web-0', { metadata: { finalizers: null } }, 'merge', { namespace: 'gc-fg' });
    const ownerGone = await eventually(async () =>
      (await exists(h, builtin.replicaSets, 'web', 'gc-fg')) ? undefined : true,
    );
    t.true(ownerGone, 'the owner goes once its blocking dependents are gone');
  },
);

test.serial('kubectl delete --cascade=orphan: dependents stay and lose their ownerReference', async (t) => {
  const { h } = t.context;
  await replicaSetWithPods(h, 'gc-orphan', 'web', 2);
  const r = await kubectl(h.kubeconfig, ['-n', 'gc-orphan', 'delete', 'replicaset', 'web', '--cascade=orphan']);
  t.is(r.code, 0, r.stderr);
  const ownerGone = await eventually(async () =>
    (await exists(h, builtin.replicaSets, 'web', 'gc-orphan')) ? undefined : true,
  );
  t.true(ownerGone);
  const pods = (await h.client.list(builtin.pods, { namespace: 'gc-orphan' })).items;
  t.deepEqual(pods.map((p) => p.metadata.name).sort(), ['web-0', 'web-1']);
  for (const p of pods) t.is(p.metadata.ownerReferences, undefined);
});

test.serial(
  'a dependent created with a dangling ownerReference is collected; one with a live second owner only loses the dead reference',
  async (t) => {
    const { h } = t.context;
    const c = h.client;
    await c.create(builtin.namespaces, { metadata: { name: 'gc-dangling' } });
    const live = await c.create(builtin.configMaps, { metadata: { name: 'live', namespace: 'gc-dangling' } });
    const deadRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'dead', uid: '00000000-0000-0000-0000-00000000dead' };
    await c.create(builtin.configMaps, {
      metadata: { name: 'lonely', namespace: 'gc-dangling', ownerReferences: [deadRef] },
    });
    await c.create(builtin.configMaps, {
      metadata: {
        name: 'shared',
        namespace: 'gc-dangling',
        ownerReferences: [deadRef, { apiVersion: 'v1', kind: 'ConfigMap', name: 'live', uid: live.metadata.uid! }],
      },
    });
    const lonelyGone = await eventually(async () =>
      (await exists(h, builtin.configMaps, 'lonely', 'gc-dangling')) ? undefined : true,
    );
    t.true(lonelyGone);
    const shared = await eventually(async () => {
      const o = await c.get(builtin.configMaps, 'shared', 'gc-dangling');
      return o.metadata.ownerReferences?.length === 1 ? o : undefined;
    });
    t.deepEqual(
      shared?.metadata.ownerReferences?.map((r) => r.name),
      ['live'],
    );
  },
);

test.serial('an ownerReference whose uid does not match the live owner of that name dangles', async (t) => {
  const { h } = t.context;
  const c = h.client;
  await c.create(builtin.namespaces, { metadata: { name: 'gc-uid' } });
  await c.create(builtin.configMaps, { metadata: { name: 'owner', namespace: 'gc-uid' } });
  await c.create(builtin.secrets, {
    metadata: {
      name: 'dep',
      namespace: 'gc-uid',
      ownerReferences: [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '11111111-1111-1111-1111-111111111111' },
      ],
    },
  });
  const gone = await eventually(async () => ((await exists(h, builtin.secrets, 'dep', 'gc-uid')) ? undefined : true));
  t.true(gone);
  t.true(await exists(h, builtin.configMaps, 'owner', 'gc-uid'));
});
