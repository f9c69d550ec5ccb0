// The built-in controllers as a user meets them: one control plane running the scheduler, the core
// and workload controllers and three simulated nodes (as `capstan up --simulated-nodes 3` does),
// driven with the real kubectl. Each test works in its own namespace, so they run side by side.
import anyTest, { type TestFn } from 'ava';
import { emptyConfig } from '../../core/config/index.js';
import { createKubeClient } from '../../sdk/client/index.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable, type KubectlResult } from '../helpers/kubectl.js';

interface Ctx {
  plane: TestControlPlane;
  client: KubeClient;
}

const test = whenAvailable(anyTest as TestFn<Ctx>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const plane = await startTestControlPlane({
    components: true,
    config: { ...emptyConfig(), simulatedNodes: 3 },
  });
  const client = await createKubeClient(plane.kubeconfigPath);
  t.context = { plane, client };
  const ready = await eventually(async () => {
    const r = await k(t, 'get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}');
    return r.stdout === 'True True True' ? true : undefined;
  });
  if (!ready) throw new Error('the three simulated nodes did not turn Ready');
});

test.after.always(async (t) => {
  await t.context.plane?.destroy();
});

const k = (t: { context: Ctx }, ...args: string[]): Promise<KubectlResult> =>
  kubectl(t.context.plane.kubeconfigPath, args);

/** Runs kubectl and fails the test with its stderr when it exits non-zero. */
async function ok(t: { context: Ctx; is: (a: unknown, b: unknown, m?: string) => void }, ...args: string[]) {
  const r = await k(t, ...args);
  t.is(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Names of the pods of `namespace` matching `selector` that are not being deleted. */
async function livePods(client: KubeClient, namespace: string, selector?: string): Promise<string[]> {
  const pods = await client.list(builtin.pods, { namespace, ...(selector ? { labelSelector: selector } : {}) });
  return pods.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name!);
}

async function createNamespace(t: { context: Ctx; is: (a: unknown, b: unknown, m?: string) => void }, ns: string) {
  await ok(t, 'create', 'namespace', ns);
}

test('create deployment, scale, set image, rollout status/history/undo, pause/resume; a deleted pod is replaced', async (t) => {
  const { client } = t.context;
  const ns = 'deploy-journey';
  await createNamespace(t, ns);
  const n = ['-n', ns];
  await ok(t, 'create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=2', ...n);
  const status1 = await ok(t, 'rollout', 'status', 'deployment/web', '--timeout=60s', ...n);
  t.regex(status1, /deployment "web" successfully rolled out/);
  t.is((await livePods(client, ns, 'app=web')).length, 2);
  const nodes = await ok(t, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}', ...n);
  t.regex(nodes, /^sim-node-\d sim-node-\d$/, 'the scheduler bound the pods to simulated nodes');
  const phases = await ok(t, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.phase}', ...n);
  t.is(phases, 'Running Running');

  await ok(t, 'scale', 'deployment/web', '--replicas=5', ...n);
  await ok(t, 'rollout', 'status', 'deployment/web', '--timeout=60s', ...n);
  const scaled = await ok(
    t,
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.status.replicas}/{.status.readyReplicas}/{.status.availableReplicas}',
    ...n,
  );
  t.is(scaled, '5/5/5');

  await ok(t, 'set', 'image', 'deployment/web', 'nginx=nginx:1.27', ...n);
  const status2 = await ok(t, 'rollout', 'status', 'deployment/web', '--timeout=60s', ...n);
  t.regex(status2, /successfully rolled out/);
  const images = await ok(
    t,
    'get',
    'pods',
    '-l',
    'app=web',
    '-o',
    'jsonpath={.items[*].spec.containers[0].image}',
    ...n,
  );
  t.deepEqual([...new Set(images.split(' '))], ['nginx:1.27']);
  t.is(images.split(' ').length, 5, 'the old pods are gone after the rollout');
  const rs = await ok(t, 'get', 'rs', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.replicas} {end}', ...n);
  t.deepEqual(rs.trim().split(' ').sort(), ['0', '5'], 'the old ReplicaSet is scaled to zero and kept');

  const history = await ok(t, 'rollout', 'history', 'deployment/web', ...n);
  t.regex(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  const rev1 = await ok(t, 'rollout', 'history', 'deployment/web', '--revision=1', ...n);
  t.regex(rev1, /Image:\s+nginx:1\.26/);

  const undo = await ok(t, 'rollout', 'undo', 'deployment/web', ...n);
  t.regex(undo, /deployment.apps\/web rolled back/);
  await ok(t, 'rollout', 'status', 'deployment/web', '--timeout=60s', ...n);
  const afterUndo = await ok(
    t,
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
    ...n,
  );
  t.is(afterUndo, 'nginx:1.26 3');
  t.regex(await ok(t, 'rollout', 'history', 'deployment/web', ...n), /REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
  const undoneImages = await ok(
    t,
    'get',
    'pods',
    '-l',
    'app=web',
    '-o',
    'jsonpath={.items[*].spec.containers[0].image}',
    ...n,
  );
  t.deepEqual([...new Set(undoneImages.split(' '))], ['nginx:1.26']);

  await ok(t, 'rollout', 'pause', 'deployment/web', ...n);
  await ok(t, 'set', 'image', 'deployment/web', 'nginx=nginx:1.28', ...n);
  const paused = await eventually(async () => {
    const r = await k(
      t,
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
      ...n,
    );
    return r.stdout === 'DeploymentPaused' ? r.stdout : undefined;
  });
  t.is(paused, 'DeploymentPaused');
  const pausedStatus = await k(t, 'rollout', 'status', 'deployment/web', '--timeout=5s', ...n);
  t.not(pausedStatus.code, 0, 'a paused rollout does not finish');
  t.regex(pausedStatus.stdout, /0 out of 5 new replicas have been updated/);
  t.is(
    (await ok(t, 'get', 'rs', '-l', 'app=web', '-o', 'name', ...n)).trim().split('\n').length,
    2,
    'no new ReplicaSet',
  );
  await ok(t, 'rollout', 'resume', 'deployment/web', ...n);
  await ok(t, 'rollout', 'status', 'deployment/web', '--timeout=60s', ...n);
  const resumed = await ok(
    t,
    'get',
    'pods',
    '-l',
    'app=web',
    '-o',
    'jsonpath={.items[*].spec.containers[0].image}',
    ...n,
  );
  t.deepEqual([...new Set(resumed.split(' '))], ['nginx:1.28']);

  const before = await livePods(client, ns, 'app=web');
  t.is(before.length, 5);
  await ok(t, 'delete', 'pod', before[0]!, ...n);
  const replaced = await eventually(async () => {
    const now = await livePods(client, ns, 'app=web');
    return now.length === 5 && !now.includes(before[0]!) ? now : undefined;
  });
  t.truthy(replaced, 'the deleted pod is replaced');
  const available = await eventually(async () => {
    const r = await k(t, 'get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}', ...n);
    return r.stdout === '5' ? r.stdout : undefined;
  });
  t.is(available, '5');
});

test('kubectl delete --cascade: background removes the children, foreground waits for them, orphan keeps them unowned', async (t) => {
  const { client } = t.context;
  const ns = 'cascade';
  await createNamespace(t, ns);
  const n = ['-n', ns];
  for (const name of ['bg', 'fg', 'orphan']) {
    await ok(t, 'create', 'deployment', name, '--image=nginx', '--replicas=2', ...n);
  }
  for (const name of ['bg', 'fg', 'orphan'])
    await ok(t, 'rollout', 'status', `deployment/${name}`, '--timeout=60s', ...n);
  const rsOf = async (app: string) =>
    (await client.list(builtin.replicaSets, { namespace: ns, labelSelector: `app=${app}` })).items;

  // Background: the Deployment goes at once; the collector then deletes its ReplicaSet and pods.
  await ok(t, 'delete', 'deployment', 'bg', '--cascade=background', ...n);
  const bgGone = await eventually(async () =>
    (await rsOf('bg')).length === 0 && (await livePods(client, ns, 'app=bg')).length === 0 ? true : undefined,
  );
  t.true(bgGone, 'the ReplicaSet and pods of a background-deleted Deployment are collected');

  // Foreground: kubectl waits until the Deployment is gone, which happens only after its children.
  const fgRs = (await rsOf('fg'))[0]!;
  t.truthy(fgRs.metadata.ownerReferences?.[0]?.blockOwnerDeletion);
  await ok(t, 'delete', 'deployment', 'fg', '--cascade=foreground', '--timeout=60s', ...n);
  t.is((await k(t, 'get', 'deployment', 'fg', ...n)).code, 1, 'the Deployment is gone when kubectl returns');
  t.deepEqual(await rsOf('fg'), [], 'its ReplicaSet went first');
  t.deepEqual(
    (await client.list(builtin.pods, { namespace: ns, labelSelector: 'app=fg' })).items.map((p) => p.metadata.name),
    [],
    'and its pods before that',
  );

  // Orphan: the Deployment goes, its ReplicaSet and pods stay, no longer owned.
  const orphanPods = (await livePods(client, ns, 'app=orphan')).sort();
  await ok(t, 'delete', 'deployment', 'orphan', '--cascade=orphan', ...n);
  t.is((await k(t, 'get', 'deployment', 'orphan', ...n)).code, 1);
  const kept = await rsOf('orphan');
  t.is(kept.length, 1, 'the ReplicaSet is kept');
  t.deepEqual(kept[0]!.metadata.ownerReferences ?? [], [], 'without its owner reference');
  t.false((kept[0]!.metadata.finalizers ?? []).includes('orphan'), 'the orphan finalizer is not left on the child');
  t.deepEqual((await livePods(client, ns, 'app=orphan')).sort(), orphanPods, 'the pods are kept too');
  const podOwners = await ok(
    t,
    'get',
    'pods',
    '-l',
    'app=orphan',
    '-o',
    'jsonpath={.items[*].metadata.ownerReferences[0].name}',
    ...n,
  );
  t.deepEqual([...new Set(podOwners.split(' '))], [kept[0]!.metadata.name], 'still owned by the kept ReplicaSet');
});

test('a Job runs to completion on simulated nodes and kubectl wait sees Complete', async (t) => {
  const ns = 'jobs';
  await createNamespace(t, ns);
  const n = ['-n', ns];
  const manifest = `apiVersion: batch/v1
kind: Job
metadata: {name: batch, namespace: ${ns}}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: work, image: busybox, command: ["true"]}]
`;
  const applied = await kubectl(t.context.plane.kubeconfigPath, ['apply', '-f', '-'], { stdin: manifest });
  t.is(applied.code, 0, applied.stderr);
  await ok(t, 'wait', '--for=condition=complete', 'job/batch', '--timeout=60s', ...n);
  const st = await ok(
    t,
    'get',
    'job',
    'batch',
    '-o',
    'jsonpath={.status.succeeded} {.status.active} {.status.conditions[?(@.status=="True")].type}',
    ...n,
  );
  t.is(st, '3  SuccessCriteriaMet Complete');
  const pods = await ok(
    t,
    'get',
    'pods',
    '-l',
    'batch.kubernetes.io/job-name=batch',
    '-o',
    'jsonpath={range .items[*]}{.status.phase}:{.spec.nodeName}:{.metadata.finalizers}{"\\n"}{end}',
    ...n,
  );
  const rows = pods.trim().split('\n');
  t.is(rows.length, 3);
  for (const row of rows)
    t.regex(row, /^Succeeded:sim-node-\d:$/, 'ran on a simulated node; tracking finalizer removed');
});

test('a CronJob: kubectl create job --from runs its template now, and the schedule fires at the next minute', async (t) => {
  const ns = 'cron';
  await createNamespace(t, ns);
  const n = ['-n', ns];
  await ok(t, 'create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', ...n);
  const createdAt = Date.now();

  await ok(t, 'create', 'job', 'tick-manual', '--from=cronjob/tick', ...n);
  await ok(t, 'wait', '--for=condition=complete', 'job/tick-manual', '--timeout=60s', ...n);
  const manual = await ok(
    t,
    'get',
    'job',
    'tick-manual',
    '-o',
    'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}',
    ...n,
  );
  t.is(manual, 'CronJob/tick manual');

  // The scheduled activation: the first minute boundary after creation (at most a minute away).
  const scheduled = await eventually(
    async () => {
      const r = await k(t, 'get', 'jobs', '-o', 'jsonpath={.items[*].metadata.name}', ...n);
      return r.stdout.split(' ').find((j) => /^tick-\d+$/.test(j));
    },
    160,
    500,
  );
  t.truthy(scheduled, 'the CronJob created a Job on schedule');
  const minute = Number(scheduled!.slice('tick-'.length));
  t.is(minute, Math.floor(createdAt / 60_000) + 1, 'named after the first activation after creation');
  const last = await ok(t, 'get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastScheduleTime}', ...n);
  t.is(last, new Date(minute * 60_000).toISOString().replace('.000Z', 'Z'));
  await ok(t, 'wait', '--for=condition=complete', `job/${scheduled}`, '--timeout=60s', ...n);
  const success = await eventually(async () => {
    const r = await k(t, 'get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastSuccessfulTime}', ...n);
    return r.stdout || undefined;
  });
  t.truthy(success, 'lastSuccessfulTime is set once the scheduled Job completes');
  await ok(t, 'delete', 'cronjob', 'tick', ...n);
});

test('deleting a namespace removes everything in it, then the namespace', async (t) => {
  const { client } = t.context;
  const ns = 'doomed';
  await createNamespace(t, ns);
  const n = ['-n', ns];
  await ok(t, 'create', 'deployment', 'app', '--image=nginx', '--replicas=3', ...n);
  await ok(t, 'create', 'service', 'clusterip', 'app', '--tcp=80:80', ...n);
  await ok(t, 'create', 'configmap', 'settings', '--from-literal=a=b', ...n);
  await ok(t, 'create', 'secret', 'generic', 'token', '--from-literal=t=x', ...n);
  await ok(t, 'create', 'job', 'once', '--image=busybox', ...n);
  await ok(t, 'rollout', 'status', 'deployment/app', '--timeout=60s', ...n);
  const slices = await eventually(async () => {
    const r = await client.list(builtin.endpointSlices, { namespace: ns });
    return r.items.length > 0 ? r.items.length : undefined;
  });
  t.truthy(slices, 'the Service got its EndpointSlice');

  await ok(t, 'delete', 'namespace', ns, '--timeout=60s');
  t.is((await k(t, 'get', 'namespace', ns)).code, 1, 'the namespace is gone when kubectl returns');
  const left: string[] = [];
  for (const d of [
    builtin.pods,
    builtin.deployments,
    builtin.replicaSets,
    builtin.services,
    builtin.endpointSlices,
    builtin.configMaps,
    builtin.secrets,
    builtin.jobs,
    builtin.serviceAccounts,
    builtin.coreEvents,
    builtin.events,
  ]) {
    for (const o of (await client.list(d as typeof builtin.pods, { namespace: ns })).items)
      left.push(`${o.kind ?? d.kind}/${o.metadata.name}`);
  }
  t.deepEqual(left, [], 'nothing is left in the namespace');
});
