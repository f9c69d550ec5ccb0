// The StatefulSet controller against a real API server with the scheduler and simulated nodes,
// driven and observed with the real kubectl: ordered start with claims, rollout status, a
// rolling update from the highest ordinal held by a partition, and an ordered scale-down.
import anyTest, { type TestFn } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpKubeClient } from '../../sdk/client/http-kube-client.js';
import { builtin } from '../../sdk/builtin-resources.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { startScheduler } from '../../core/scheduler/index.js';
import { inTreeRegistrations } from '../../plugins/scheduler-defaults/index.js';
import { SimulatedNodes } from '../../plugins/simulated-nodes/index.js';
import {
  startWorkloadControllers,
  type RunningWorkloadControllers,
} from '../../plugins/workload-controllers/workload-controllers.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';

interface Ctx {
  plane: TestControlPlane;
  client: HttpKubeClient;
  ac: AbortController;
  controllers: RunningWorkloadControllers;
  /** Pod watch log: `ADDED web-1 (web-0 ready: true)`, `DELETED web-2`. */
  log: string[];
}
const test = whenAvailable(anyTest as TestFn<Ctx>, kubectlAvailable(), 'kubectl is not installed');

const isReady = (p: KubeObject | undefined) =>
  !!(p?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfigPath);
  const ac = new AbortController();
  await new SimulatedNodes(client, { count: 2, namePrefix: 'sim-' }).start(ac.signal);
  await startScheduler({ client, registrations: inTreeRegistrations(), signal: ac.signal });
  const controllers = await startWorkloadControllers(client, { enabled: ['statefulset'] });
  const log: string[] = [];
  // The watch delivers events in store order: when web-N is ADDED, the state seen so far is the
  // state the controller acted on, so the readiness of web-(N-1) at that point is meaningful.
  const seen = new Map<string, KubeObject>();
  void (async () => {
    try {
      for await (const ev of client.watch(builtin.pods, { namespace: 'default', signal: ac.signal })) {
        const name = ev.object.metadata.name!;
        if (ev.type === 'ADDED') {
          const m = /^web-(\d+)$/.exec(name);
          const prev = m && Number(m[1]) > 0 ? `web-${Number(m[1]) - 1}` : undefined;
          log.push(prev ? `ADDED ${name} (${prev} ready: ${isReady(seen.get(prev))})` : `ADDED ${name}`);
        }
        if (ev.type === 'DELETED') {
          log.push(`DELETED ${name}`);
          seen.delete(name);
        } else seen.set(name, ev.object);
      }
    } catch {
      // the watch ends with the test
    }
  })();
  t.context = { plane, client, ac, controllers, log };
});

test.after.always(async (t) => {
  t.context.ac?.abort();
  await t.context.controllers?.stop();
  t.context.client?.close();
  await t.context.plane?.destroy();
});

// No volumeMount of "www" in the template: the apps API's validation refuses a mount of a
// volumeClaimTemplate name (kube accepts it); the controller still adds the claim volume.
const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  namespace: default
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;

const k = (t: { context: Ctx }, ...args: string[]) => kubectl(t.context.plane.kubeconfigPath, args);

async function images(t: { context: Ctx }): Promise<string> {
  const r = await k(
    t,
    'get',
    'pods',
    '-l',
    'app=web',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image} {end}',
  );
  return r.stdout.trim();
}

test.serial('pods come up in order with their claims; rollout status completes', async (t) => {
  const file = join(t.context.plane.dataDir, 'web.yaml');
  writeFileSync(file, manifest);
  const applied = await k(t, 'apply', '-f', file);
  t.is(applied.code, 0, applied.stderr);
  const status = await k(t, 'rollout', 'status', 'statefulset/web', '--timeout=90s');
  t.is(status.code, 0, status.stderr);
  t.regex(status.stdout, /partitioned roll out complete: 3 new pods have been updated\.\.\./);
  t.deepEqual(
    t.context.log.filter((l) => l.startsWith('ADDED')),
    ['ADDED web-0', 'ADDED web-1 (web-0 ready: true)', 'ADDED web-2 (web-1 ready: true)'],
  );
  const pvcs = await k(
    t,
    'get',
    'pvc',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}:{.metadata.labels.app} {end}',
  );
  t.is(pvcs.stdout.trim(), 'www-web-0:web www-web-1:web www-web-2:web');
  const claimOf = await k(
    t,
    'get',
    'pod',
    'web-1',
    '-o',
    'jsonpath={.spec.volumes[?(@.name=="www")].persistentVolumeClaim.claimName} {.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} {.metadata.labels.apps\\.kubernetes\\.io/pod-index} {.spec.hostname}.{.spec.subdomain}',
  );
  t.is(claimOf.stdout, 'www-web-1 web-1 1 web-1.nginx');
  const st = await k(
    t,
    'get',
    'statefulset',
    'web',
    '-o',
    'jsonpath={.status.replicas} {.status.readyReplicas} {.status.availableReplicas} {.status.currentReplicas} {.status.updatedReplicas} {.status.observedGeneration}',
  );
  t.is(st.stdout, '3 3 3 3 3 1');
  const revs = await k(t, 'get', 'controllerrevisions', '-o', 'jsonpath={.items[*].revision}');
  t.is(revs.stdout, '1');
});

test.serial('an image change rolls from the highest ordinal; the partition holds the lower ones', async (t) => {
  t.context.log.length = 0;
  const before = await k(t, 'get', 'statefulset', 'web', '-o', 'jsonpath={.status.currentRevision}');
  const part = await k(
    t,
    'patch',
    'statefulset',
    'web',
    '-p',
    '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}',
  );
  t.is(part.code, 0, part.stderr);
  t.is((await k(t, 'set', 'image', 'statefulset/web', 'nginx=nginx:1.27')).code, 0);
  const s1 = await k(t, 'rollout', 'status', 'statefulset/web', '--timeout=90s');
  t.is(s1.code, 0, s1.stderr);
  t.regex(s1.stdout, /partitioned roll out complete: 1 new pods have been updated\.\.\./);
  t.is(await images(t), 'web-0=nginx:1.26 web-1=nginx:1.26 web-2=nginx:1.27');
  const revs = await k(
    t,
    'get',
    'statefulset',
    'web',
    '-o',
    'jsonpath={.status.currentRevision} {.status.updateRevision} {.status.currentReplicas} {.status.updatedReplicas}',
  );
  const [current, update, currentReplicas, updated] = revs.stdout.split(' ');
  t.is(current, before.stdout);
  t.not(update, current);
  t.is(currentReplicas, '2');
  t.is(updated, '1');

  t.is(
    (await k(t, 'patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'))
      .code,
    0,
  );
  const s2 = await k(t, 'rollout', 'status', 'statefulset/web', '--timeout=90s');
  t.is(s2.code, 0, s2.stderr);
  t.regex(s2.stdout, /partitioned roll out complete: 3 new pods have been updated\.\.\./);
  t.is(await images(t), 'web-0=nginx:1.27 web-1=nginx:1.27 web-2=nginx:1.27');
  t.deepEqual(
    t.context.log.filter((l) => l.startsWith('DELETED')),
    ['DELETED web-2', 'DELETED web-1', 'DELETED web-0'],
  );
  const done = await eventually(async () => {
    const r = await k(t, 'get', 'statefulset', 'web', '-o', 'jsonpath={.status.currentRevision}');
    return r.stdout === update ? r.stdout : undefined;
  });
  t.is(done, update, 'the current revision advances once every pod is updated');
  const history = await k(t, 'rollout', 'history', 'statefulset/web');
  t.is(history.code, 0, history.stderr);
  t.regex(history.stdout, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
});

test.serial('scale down removes the highest ordinals first and keeps their claims', async (t) => {
  t.context.log.length = 0;
  t.is((await k(t, 'scale', 'statefulset/web', '--replicas=1')).code, 0);
  const left = await eventually(async () => {
    const r = await k(t, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}');
    return r.stdout === 'web-0' ? r.stdout : undefined;
  }, 300);
  t.is(left, 'web-0');
  t.deepEqual(
    t.context.log.filter((l) => l.startsWith('DELETED')),
    ['DELETED web-2', 'DELETED web-1'],
  );
  const pvcs = await k(t, 'get', 'pvc', '-o', 'jsonpath={.items[*].metadata.name}');
  t.is(pvcs.stdout, 'www-web-0 www-web-1 www-web-2');
});
