import test from 'ava';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { builtin } from '../../../sdk/builtin-resources.js';
import { NotFoundError } from '../../../sdk/client/api-error.js';
import { defineResource } from '../../../sdk/client/resource-descriptor.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { eventually, startTestCluster } from '../../../sdk/testing/index.js';

const gadgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.test.capstan.dev' },
  spec: {
    group: 'test.capstan.dev',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
          },
        },
      },
    ],
  },
} as const;
const gadgets = defineResource({
  group: 'test.capstan.dev',
  version: 'v1',
  plural: 'gadgets',
  kind: 'Gadget',
  namespaced: true,
});

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

test.serial('a Deployment runs on a simulated node, and GC removes its children once it is deleted', async (t) => {
  const cluster = await startTestCluster({ crds: [gadgetCrd] });
  t.log(
    `startTestCluster: ${Math.round(cluster.timings.startMs)} ms (of which ${Math.round(cluster.timings.importMs)} ms loading the core)`,
  );
  try {
    const { client } = cluster;
    const nodes = await eventually(async () => {
      const list = await client.list(builtin.nodes);
      return list.items.length > 0 && list.items;
    });
    t.is(nodes.length, 1);
    await client.create(builtin.deployments, {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    } as KubeObject);
    const rs = await eventually(async () => {
      const list = await client.list(builtin.replicaSets, { namespace: 'default' });
      return list.items[0];
    });
    t.is(rs.metadata.ownerReferences?.[0]?.name, 'web');
    const pods = await eventually(async () => {
      const list = await client.list(builtin.pods, { namespace: 'default', labelSelector: 'app=web' });
      const running = list.items.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
      return running.length === 2 && running;
    });
    for (const p of pods) t.is((p.spec as { nodeName?: string }).nodeName, nodes[0]!.metadata.name);

    await client.delete(builtin.deployments, 'web', 'default');
    const collected = await eventually(async () => {
      const [sets, left] = await Promise.all([
        client.list(builtin.replicaSets, { namespace: 'default' }),
        client.list(builtin.pods, { namespace: 'default', labelSelector: 'app=web' }),
      ]);
      return sets.items.length === 0 && left.items.length === 0;
    });
    t.true(collected, 'garbage collection removes the ReplicaSet and its pods');

    // The CRD passed in options is served.
    const g = await client.create(gadgets, {
      apiVersion: 'test.capstan.dev/v1',
      kind: 'Gadget',
      metadata: { name: 'g', namespace: 'default' },
      spec: { size: 3 },
    } as KubeObject);
    t.is((g.spec as { size: number }).size, 3);
  } finally {
    await cluster.stop();
  }
  t.false(existsSync(cluster.dataDir), 'the data dir is removed');
  t.false(await portOpen(cluster.url), 'the API server no longer listens');
});

test.serial('a second cluster starts on the cached PKI; CRDs from a missing file fail the start cleanly', async (t) => {
  const cluster = await startTestCluster({ simulatedNodes: 0 });
  t.log(`startTestCluster (cached PKI, no nodes): ${Math.round(cluster.timings.startMs)} ms`);
  try {
    const nodes = await cluster.client.list(builtin.nodes);
    t.is(nodes.items.length, 0);
    await t.throwsAsync(cluster.client.get(gadgets, 'g', 'default'), { instanceOf: NotFoundError });
  } finally {
    await cluster.stop();
  }
  await t.throwsAsync(startTestCluster({ crds: ['/nonexistent/crds.yaml'] }), { message: /nonexistent/ });
});
