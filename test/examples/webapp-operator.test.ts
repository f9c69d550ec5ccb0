import anyTest, { type TestFn } from 'ava';
import { join } from 'node:path';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import type { Manager } from '../../sdk/runtime/manager.js';
import { eventually, startTestCluster, type TestCluster } from '../../sdk/testing/index.js';
import {
  configHashAnnotation,
  directoryName,
  startWebAppOperator,
  webAppFinalizer,
  webAppCrdDirectory,
  webAppResource,
  type WebApp,
} from '../../examples/webapp-operator/src/index.js';
import { repoRoot } from '../helpers/capstan-process.js';
import { kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';

const test = anyTest as TestFn<{ cluster: TestCluster; manager: Manager }>;
const crdDir = join(repoRoot, 'examples/webapp-operator/config/crd');
const webAppPluginFile = join(repoRoot, 'dist/examples/webapp-operator/src/plugin.js');

test.before(async (t) => {
  const cluster = await startTestCluster({ crds: [crdDir] });
  t.log(`test cluster started in ${Math.round(cluster.timings.startMs)} ms`);
  const manager = await startWebAppOperator(cluster.client);
  t.context = { cluster, manager };
});
test.after.always(async (t) => {
  await t.context.manager?.stop();
  await t.context.cluster?.stop();
});

let counter = 0;
async function freshNamespace(t: { context: { cluster: TestCluster } }): Promise<string> {
  const name = `webapp-${counter++}`;
  await t.context.cluster.client.create(builtin.namespaces, { metadata: { name } });
  return name;
}

function webApp(namespace: string, name: string, spec: WebApp['spec']): WebApp {
  return { apiVersion: 'apps.capstan.dev/v1alpha1', kind: 'WebApp', metadata: { name, namespace }, spec };
}

type Container = { image: string; ports: Array<{ containerPort: number }>; envFrom: unknown[] };
const podSpecOf = (d: KubeObject) =>
  d.spec as {
    replicas: number;
    template: { metadata: { annotations: Record<string, string> }; spec: { containers: Container[] } };
  };
const condition = (app: WebApp | undefined, type: string) => app?.status?.conditions?.find((c) => c.type === type);

async function get<T extends KubeObject>(
  cluster: TestCluster,
  res: Parameters<TestCluster['client']['get']>[0],
  name: string,
  ns: string,
): Promise<T | undefined> {
  try {
    return (await cluster.client.get(res, name, ns)) as T;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

test.serial(
  'a WebApp gets an owned ConfigMap, Deployment and Service, and reports Ready once its pods run',
  async (t) => {
    const { cluster } = t.context;
    const ns = await freshNamespace(t);
    const created = await cluster.client.create(
      webAppResource,
      webApp(ns, 'hello', { image: 'nginx:1.27', replicas: 2, port: 80, config: { GREETING: 'hello' } }),
    );
    const [deployment, service, configMap] = await eventually(async () => {
      const all = await Promise.all([
        get(cluster, builtin.deployments, 'hello', ns),
        get(cluster, builtin.services, 'hello', ns),
        get(cluster, builtin.configMaps, 'hello-config', ns),
      ]);
      return all.every((o) => o !== undefined) && (all as KubeObject[]);
    });
    for (const child of [deployment!, service!, configMap!]) {
      const ref = child.metadata.ownerReferences?.find((r) => r.controller);
      t.is(ref?.uid, created.metadata.uid, `${child.kind} is controlled by the WebApp`);
      t.is(ref?.kind, 'WebApp');
    }
    const container = podSpecOf(deployment!).template.spec.containers[0]!;
    t.is(container.image, 'nginx:1.27');
    t.is(container.ports[0]!.containerPort, 80);
    t.is(podSpecOf(deployment!).replicas, 2);
    t.deepEqual(configMap!.data, { GREETING: 'hello' });
    t.is((service!.spec as { ports: Array<{ port: number }> }).ports[0]!.port, 80);

    const ready = await eventually(async () => {
      const app = await cluster.client.get(webAppResource, 'hello', ns);
      return condition(app, 'Ready')?.status === 'True' && app;
    });
    t.is(ready.status?.readyReplicas, 2);
    t.is(ready.status?.observedGeneration, ready.metadata.generation);
    t.is(condition(ready, 'Ready')?.observedGeneration, ready.metadata.generation);
    t.is(condition(ready, 'Progressing')?.status, 'False');
    t.is(ready.status?.url, `http://hello.${ns}.svc.cluster.local:80`);
    t.true(ready.metadata.finalizers?.includes(webAppFinalizer));
    const directory = await cluster.client.get(builtin.configMaps, directoryName, ns);
    t.is((directory.data as Record<string, string | undefined>).hello, ready.status?.url);
  },
);

test.serial('a spec change reaches the Deployment and the ConfigMap', async (t) => {
  const { cluster } = t.context;
  const ns = await freshNamespace(t);
  await cluster.client.create(webAppResource, webApp(ns, 'web', { image: 'nginx:1.26', config: { MODE: 'a' } }));
  const before = await eventually(() => get(cluster, builtin.deployments, 'web', ns));
  const hashBefore = podSpecOf(before).template.metadata.annotations[configHashAnnotation];
  const started = performance.now();
  await cluster.client.patch(webAppResource, 'web', { spec: { image: 'nginx:1.27', config: { MODE: 'b' } } }, 'merge', {
    namespace: ns,
  });
  const after = await eventually(
    async () => {
      const d = await get(cluster, builtin.deployments, 'web', ns);
      return d && podSpecOf(d).template.spec.containers[0]!.image === 'nginx:1.27' && d;
    },
    { intervalMs: 5 },
  );
  t.log(`spec change reached the Deployment in ${Math.round(performance.now() - started)} ms`);
  t.not(
    podSpecOf(after).template.metadata.annotations[configHashAnnotation],
    hashBefore,
    'pods roll on a config change',
  );
  const cm = await eventually(async () => {
    const c = await get(cluster, builtin.configMaps, 'web-config', ns);
    return (c?.data as Record<string, string> | undefined)?.MODE === 'b' && c;
  });
  t.deepEqual(cm.data, { MODE: 'b' });
  // Until the new pods run, the WebApp says it is progressing; then it is Ready for the new generation.
  const app = await eventually(async () => {
    const a = await cluster.client.get(webAppResource, 'web', ns);
    return (
      condition(a, 'Ready')?.status === 'True' &&
      condition(a, 'Ready')?.observedGeneration === a.metadata.generation &&
      a
    );
  });
  t.is(app.metadata.generation, 2);
});

test.serial('the plugin loads into a control plane from plugins.paths and installs its CRD', async (t) => {
  const cluster = await startTestCluster({ plugins: { paths: [webAppPluginFile] } });
  try {
    t.is(webAppCrdDirectory, crdDir + '/');
    await cluster.client.create(builtin.namespaces, { metadata: { name: 'in-plugin' } });
    await cluster.client.create(webAppResource, webApp('in-plugin', 'p', { image: 'nginx:1.27' }));
    const app = await eventually(async () => {
      const a = await cluster.client.get(webAppResource, 'p', 'in-plugin');
      return condition(a, 'Ready')?.status === 'True' && a;
    });
    t.is(app.status?.readyReplicas, 1);
  } finally {
    await cluster.stop();
  }
});

whenAvailable(test, kubectlAvailable(), 'kubectl is not installed').serial(
  'kubectl scale changes the replicas through the scale subresource',
  async (t) => {
    const { cluster } = t.context;
    const ns = await freshNamespace(t);
    await cluster.client.create(webAppResource, webApp(ns, 'scaled', { image: 'nginx:1.27', replicas: 1 }));
    await eventually(
      async () => condition(await cluster.client.get(webAppResource, 'scaled', ns), 'Ready')?.status === 'True',
    );
    const r = await kubectl(cluster.kubeconfig.path, ['-n', ns, 'scale', 'webapp/scaled', '--replicas=3']);
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, /webapp.apps.capstan.dev\/scaled scaled/);
    await eventually(async () => {
      const d = await get(cluster, builtin.deployments, 'scaled', ns);
      return d && podSpecOf(d).replicas === 3;
    });
    const app = await eventually(async () => {
      const a = await cluster.client.get(webAppResource, 'scaled', ns);
      return a.status?.readyReplicas === 3 && condition(a, 'Ready')?.status === 'True' && a;
    });
    t.is(app.spec?.replicas, 3);
    const scale = await cluster.client.request<{
      spec: { replicas: number };
      status: { replicas: number; selector: string };
    }>('GET', `/apis/apps.capstan.dev/v1alpha1/namespaces/${ns}/webapps/scaled/scale`);
    t.is(scale.spec.replicas, 3);
    t.is(scale.status.replicas, 3);
    t.is(scale.status.selector, 'apps.capstan.dev/webapp=scaled');
    const pods = await cluster.client.list(builtin.pods, { namespace: ns, labelSelector: scale.status.selector });
    t.is(pods.items.length, 3);
  },
);

test.serial('deleting a WebApp runs the finalizer and the garbage collector removes its children', async (t) => {
  const { cluster } = t.context;
  const ns = await freshNamespace(t);
  await cluster.client.create(webAppResource, webApp(ns, 'doomed', { image: 'nginx:1.27', replicas: 2 }));
  await cluster.client.create(webAppResource, webApp(ns, 'kept', { image: 'nginx:1.27', replicas: 1 }));
  await eventually(async () => {
    const pods = await cluster.client.list(builtin.pods, {
      namespace: ns,
      labelSelector: 'apps.capstan.dev/webapp=doomed',
    });
    return pods.items.length === 2;
  });
  await eventually(async () => {
    const dir = await get(cluster, builtin.configMaps, directoryName, ns);
    const data = (dir?.data ?? {}) as Record<string, string>;
    return 'doomed' in data && 'kept' in data;
  });
  await cluster.client.delete(webAppResource, 'doomed', ns);
  await eventually(async () => (await get(cluster, webAppResource, 'doomed', ns)) === undefined);
  const dir = await cluster.client.get(builtin.configMaps, directoryName, ns);
  t.deepEqual(Object.keys(dir.data as Record<string, string>), ['kept'], 'the finalizer removed the entry');
  await eventually(async () => {
    const left = await Promise.all([
      get(cluster, builtin.deployments, 'doomed', ns),
      get(cluster, builtin.services, 'doomed', ns),
      get(cluster, builtin.configMaps, 'doomed-config', ns),
      cluster.client
        .list(builtin.replicaSets, { namespace: ns, labelSelector: 'apps.capstan.dev/webapp=doomed' })
        .then((l) => (l.items.length ? l : undefined)),
      cluster.client
        .list(builtin.pods, { namespace: ns, labelSelector: 'apps.capstan.dev/webapp=doomed' })
        .then((l) => (l.items.length ? l : undefined)),
    ]);
    return left.every((o) => o === undefined);
  });
  t.truthy(await get(cluster, builtin.deployments, 'kept', ns), 'the other WebApp keeps its children');
  const events = await cluster.client.list(builtin.events, { namespace: ns });
  t.true(
    events.items.some(
      (e) => e.reason === 'CleanedUp' && (e.regarding as { name?: string } | undefined)?.name === 'doomed',
    ),
  );
});
