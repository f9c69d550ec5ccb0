import test from 'ava';
import { createPluginHost } from '../../../core/plugins/index.js';
import { createKubeClient } from '../../../sdk/client/index.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import plugin, { KubeClientService, readWorkloadPluginConfig } from '../../../plugins/workload-controllers/index.js';
import { startTestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/kubectl.js';

test('plugin config: defaultTimeZone and a filtered controller list', (t) => {
  t.deepEqual(readWorkloadPluginConfig({}), { defaultTimeZone: 'UTC' });
  t.deepEqual(readWorkloadPluginConfig({ defaultTimeZone: 'Europe/Paris', controllers: ['job', 'bogus'] }), {
    defaultTimeZone: 'Europe/Paris',
    enabled: ['job'],
  });
});

test('through the plugin host, the plugin runs the ReplicaSet controller against the control plane', async (t) => {
  const plane = await startTestControlPlane();
  const client = await createKubeClient(plane.kubeconfigPath);
  const host = await createPluginHost({
    builtinDir: null,
    extraPlugins: [{ manifest: plugin, source: 'builtin', location: 'test' }],
    services: (bind) => void bind(KubeClientService).toConstantValue(client),
  });
  try {
    await host.start();
    await client.create(builtin.replicaSets, {
      metadata: { name: 'frontend', namespace: 'default' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { tier: 'frontend' } },
        template: {
          metadata: { labels: { tier: 'frontend' } },
          spec: { containers: [{ name: 'php', image: 'php:8' }] },
        },
      },
    } as never);
    const pods = await eventually(async () => {
      const list = await client.list(builtin.pods, { namespace: 'default', labelSelector: 'tier=frontend' });
      return list.items.length === 3 ? list.items : undefined;
    });
    t.is(pods?.length, 3);
    for (const p of pods ?? []) {
      t.regex(p.metadata.name!, /^frontend-[a-z0-9]{5}$/);
      t.like(p.metadata.ownerReferences?.[0], { kind: 'ReplicaSet', name: 'frontend', controller: true });
    }
    const rs = await eventually(async () => {
      const r = await client.get(builtin.replicaSets, 'frontend', 'default');
      return (r.status as { replicas?: number } | undefined)?.replicas === 3 ? r : undefined;
    });
    t.is((rs?.status as { observedGeneration?: number }).observedGeneration, 1);
  } finally {
    await host.stop();
    await plane.destroy();
  }
});

test('without a KubeClient service the plugin binds no lifecycle', async (t) => {
  const host = await createPluginHost({
    builtinDir: null,
    extraPlugins: [{ manifest: plugin, source: 'builtin', location: 'test' }],
  });
  await host.start();
  const info = host.list().find((p) => p.name === 'workload-controllers');
  t.is(info?.state, 'running');
  t.deepEqual(info?.contributions, []);
  await host.stop();
});
