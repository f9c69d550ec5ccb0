import anyTest from 'ava';
import * as k8s from '@kubernetes/client-node';
import { rmSync } from 'node:fs';
import { startTestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { etcdAvailable, startEtcd } from '../helpers/etcd-server.js';
import { eventually } from '../helpers/kubectl.js';

const test = whenAvailable(anyTest, etcdAvailable(), 'etcd is not installed (scripts/setup-host.sh installs it)');

test('the API server runs on a real etcd: writes, lists, watches and survives a restart on the same etcd', async (t) => {
  const etcd = await startEtcd();
  try {
    const first = await startTestControlPlane({ storeUrl: `${etcd.url}?prefix=/capstan` });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(first.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const seen: string[] = [];
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    informer.on('add', (o) => seen.push(o.metadata!.name!));
    await informer.start();
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: `e${i}` }, data: { i: String(i) } },
      });
    }
    t.truthy(await eventually(() => (seen.length >= 5 ? true : undefined)));
    t.deepEqual([...seen].sort(), ['e0', 'e1', 'e2', 'e3', 'e4']);
    await informer.stop();
    const rv = Number(
      (await core.readNamespacedConfigMap({ name: 'e4', namespace: 'default' })).metadata!.resourceVersion,
    );
    await first.stop();

    const second = await startTestControlPlane({ storeUrl: `${etcd.url}?prefix=/capstan`, dataDir: first.dataDir });
    try {
      const kc2 = new k8s.KubeConfig();
      kc2.loadFromString(second.kubeconfig);
      const core2 = kc2.makeApiClient(k8s.CoreV1Api);
      const list = await core2.listNamespacedConfigMap({ namespace: 'default' });
      t.deepEqual(
        list.items.map((c) => c.metadata!.name).filter((n) => n!.startsWith('e')),
        ['e0', 'e1', 'e2', 'e3', 'e4'],
      );
      const next = await core2.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'after' } },
      });
      t.true(Number(next.metadata!.resourceVersion) > rv);
    } finally {
      await second.destroy();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  } finally {
    await etcd.stop();
  }
});
