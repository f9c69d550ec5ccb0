import anyTest, { type TestFn } from 'ava';
import { builtin } from '../../sdk/builtin-resources.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import { GarbageCollectorController } from '../../plugins/core-controllers/gc/garbage-collector-controller.js';
import { NamespaceController } from '../../plugins/core-controllers/namespace/namespace-controller.js';
import { ServiceAccountController } from '../../plugins/core-controllers/service-account/service-account-controller.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { startHarness, systemClock, type ControllerHarness } from '../plugins/core-controllers/controller-harness.js';

const test = whenAvailable(anyTest as TestFn<{ h: ControllerHarness }>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const h = await startHarness();
  const deps = { clock: systemClock, logger: h.logger };
  await new GarbageCollectorController(h.client, deps).start(h.signal);
  await new NamespaceController(h.client, deps).start(h.signal);
  await new ServiceAccountController(h.client, deps).start(h.signal);
  t.context = { h };
});
test.after.always(async (t) => {
  await t.context.h?.stop();
});

const content = (ns: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {a: b}
---
apiVersion: v1
kind: Secret
metadata: {name: token, namespace: ${ns}}
stringData: {password: x}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: ${ns}, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`;

async function countIn(h: ControllerHarness, ns: string): Promise<number> {
  let n = 0;
  for (const res of [
    builtin.configMaps,
    builtin.secrets,
    builtin.services,
    builtin.pods,
    builtin.deployments,
    builtin.roles,
  ]) {
    n += (await h.client.list(res, { namespace: ns })).items.length;
  }
  return n;
}

test.serial('kubectl delete namespace removes everything in it, then the namespace', async (t) => {
  const { h } = t.context;
  const applied = await kubectl(h.kubeconfig, ['apply', '-f', '-'], { stdin: content('doomed') });
  t.is(applied.code, 0, applied.stderr);
  t.is(await countIn(h, 'doomed'), 6);
  const r = await kubectl(h.kubeconfig, ['delete', 'namespace', 'doomed', '--timeout=60s']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout.trim(), 'namespace "doomed" deleted');
  await t.throwsAsync(h.client.get(builtin.namespaces, 'doomed'), { instanceOf: NotFoundError });
  t.is(await countIn(h, 'doomed'), 0);
  t.is((await h.client.list(builtin.serviceAccounts, { namespace: 'doomed' })).items.length, 0);
});

test.serial(
  'content held by a finalizer keeps the namespace Terminating with the conditions that say why',
  async (t) => {
    const { h } = t.context;
    await h.client.create(builtin.namespaces, { metadata: { name: 'held' } });
    await h.client.create(builtin.configMaps, {
      metadata: { name: 'stuck', namespace: 'held', finalizers: ['example.com/hold'] },
    });
    await h.client.create(builtin.configMaps, { metadata: { name: 'free', namespace: 'held' } });
    const r = await kubectl(h.kubeconfig, ['delete', 'namespace', 'held', '--wait=false']);
    t.is(r.code, 0, r.stderr);
    const ns = await eventually(async () => {
      const o = await h.client.get(builtin.namespaces, 'held');
      const conds = (o.status as { conditions?: Array<{ type: string }> } | undefined)?.conditions;
      return conds?.some((c) => c.type === 'NamespaceFinalizersRemaining') ? o : undefined;
    });
    t.truthy(ns);
    const status = ns!.status as {
      phase: string;
      conditions: Array<{ type: string; status: string; reason: string; message: string }>;
    };
    t.is(status.phase, 'Terminating');
    const byType = Object.fromEntries(status.conditions.map((c) => [c.type, c]));
    t.like(byType.NamespaceContentRemaining, {
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances',
    });
    t.like(byType.NamespaceFinalizersRemaining, {
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    t.like(byType.NamespaceDeletionDiscoveryFailure, { status: 'False', reason: 'ResourcesDiscovered' });
    await t.throwsAsync(h.client.get(builtin.configMaps, 'free', 'held'), { instanceOf: NotFoundError });
    const stuck = await h.client.get(builtin.configMaps, 'stuck', 'held');
    t.truthy(stuck.metadata.deletionTimestamp);
    await h.client.patch(builtin.configMaps, 'stuck', { metadata: { finalizers: null } }, 'merge', {
      namespace: 'held',
    });
    const w = await kubectl(h.kubeconfig, ['wait', '--for=delete', 'namespace/held', '--timeout=60s']);
    t.is(w.code, 0, w.stderr + w.stdout);
  },
);

test.serial('every namespace gets a default ServiceAccount, and a deleted one comes back', async (t) => {
  const { h } = t.context;
  const r = await kubectl(h.kubeconfig, ['create', 'namespace', 'team-a']);
  t.is(r.code, 0, r.stderr);
  const sa = await eventually(async () => {
    const g = await kubectl(h.kubeconfig, ['-n', 'team-a', 'get', 'serviceaccount', 'default', '-o', 'name']);
    return g.code === 0 ? g.stdout.trim() : undefined;
  });
  t.is(sa, 'serviceaccount/default');
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    const g = await eventually(async () => {
      const x = await kubectl(h.kubeconfig, ['-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name']);
      return x.code === 0 ? x.stdout.trim() : undefined;
    });
    t.is(g, 'serviceaccount/default', ns);
  }
  const old = await h.client.get(builtin.serviceAccounts, 'default', 'team-a');
  t.is((await kubectl(h.kubeconfig, ['-n', 'team-a', 'delete', 'serviceaccount', 'default'])).code, 0);
  const again = await eventually(async () => {
    try {
      const n = await h.client.get(builtin.serviceAccounts, 'default', 'team-a');
      return n.metadata.uid !== old.metadata.uid ? n : undefined;
    } catch {
      return undefined;
    }
  });
  t.truthy(again, 'a new default ServiceAccount replaces the deleted one');
});
