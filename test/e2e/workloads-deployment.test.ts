import anyTest, { type TestFn } from 'ava';
import { createKubeClient } from '../../sdk/client/index.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { builtin } from '../../sdk/builtin-resources.js';
import {
  startWorkloadControllers,
  type RunningWorkloadControllers,
} from '../../plugins/workload-controllers/workload-controllers.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { startFakeKubelet } from '../plugins/workload-controllers/fake-kubelet.js';

interface Ctx {
  plane: TestControlPlane;
  client: KubeClient;
  controllers: RunningWorkloadControllers;
  kubelet: { stop(): void };
}

const test = whenAvailable(anyTest as TestFn<Ctx>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const client = await createKubeClient(plane.kubeconfigPath);
  const controllers = await startWorkloadControllers(client);
  const kubelet = startFakeKubelet(client, 'default');
  t.context = { plane, client, controllers, kubelet };
});

test.after.always(async (t) => {
  t.context.kubelet?.stop();
  await t.context.controllers?.stop();
  await t.context.plane?.destroy();
});

const k = (t: { context: Ctx }, ...args: string[]) => kubectl(t.context.plane.kubeconfigPath, args);

async function podNames(client: KubeClient, selector: string): Promise<string[]> {
  const pods = await client.list(builtin.pods, { namespace: 'default', labelSelector: selector });
  return pods.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name!);
}

test.serial(
  'create deployment, scale, set image, rollout status/history/undo, pause/resume, pod replacement',
  async (t) => {
    const { client } = t.context;
    t.is((await k(t, 'create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=2')).code, 0);
    const status1 = await k(t, 'rollout', 'status', 'deployment/web', '--timeout=60s');
    t.is(status1.code, 0, status1.stderr);
    t.regex(status1.stdout, /deployment "web" successfully rolled out/);
    t.is((await podNames(client, 'app=web')).length, 2);

    const rsList = await k(t, 'get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}');
    t.regex(rsList.stdout, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);

    t.is((await k(t, 'scale', 'deployment/web', '--replicas=4')).code, 0);
    t.is((await k(t, 'rollout', 'status', 'deployment/web', '--timeout=60s')).code, 0);
    t.is(await eventually(async () => ((await podNames(client, 'app=web')).length === 4 ? 4 : undefined)), 4);

    t.is((await k(t, 'set', 'image', 'deployment/web', 'nginx=nginx:1.27')).code, 0);
    const status2 = await k(t, 'rollout', 'status', 'deployment/web', '--timeout=60s');
    t.is(status2.code, 0, status2.stderr);
    t.regex(status2.stdout, /successfully rolled out/);
    const images = await k(t, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}');
    t.deepEqual([...new Set(images.stdout.split(' '))], ['nginx:1.27']);

    const history = await k(t, 'rollout', 'history', 'deployment/web');
    t.is(history.code, 0, history.stderr);
    t.regex(history.stdout, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    const undo = await k(t, 'rollout', 'undo', 'deployment/web');
    t.is(undo.code, 0, undo.stderr);
    t.regex(undo.stdout, /deployment.apps\/web rolled back/);
    t.is((await k(t, 'rollout', 'status', 'deployment/web', '--timeout=60s')).code, 0);
    const afterUndo = await k(
      t,
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
    );
    t.is(afterUndo.stdout, 'nginx:1.26 3');
    const history2 = await k(t, 'rollout', 'history', 'deployment/web');
    t.regex(history2.stdout, /REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);

    t.is((await k(t, 'rollout', 'pause', 'deployment/web')).code, 0);
    t.is((await k(t, 'set', 'image', 'deployment/web', 'nginx=nginx:1.28')).code, 0);
    const paused = await eventually(async () => {
      const r = await k(
        t,
        'get',
        'deployment',
        'web',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
      );
      return r.stdout === 'DeploymentPaused' ? r.stdout : undefined;
    });
    t.is(paused, 'DeploymentPaused');
    const rsCount = await k(t, 'get', 'rs', '-l', 'app=web', '-o', 'name');
    t.is(rsCount.stdout.trim().split('\n').length, 2, 'no new ReplicaSet while paused');
    t.is((await k(t, 'rollout', 'resume', 'deployment/web')).code, 0);
    const status3 = await k(t, 'rollout', 'status', 'deployment/web', '--timeout=60s');
    t.is(status3.code, 0, status3.stderr);
    const images3 = await k(t, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}');
    t.deepEqual([...new Set(images3.stdout.split(' '))], ['nginx:1.28']);

    const before = await podNames(client, 'app=web');
    t.is((await k(t, 'delete', 'pod', before[0]!, '--wait=false')).code, 0);
    const replaced = await eventually(async () => {
      const now = await podNames(client, 'app=web');
      return now.length === 4 && !now.includes(before[0]!) ? now : undefined;
    });
    t.truthy(replaced, 'the deleted pod is replaced');
    const ready = await k(
      t,
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.status.availableReplicas}/{.status.replicas}',
    );
    t.truthy(
      await eventually(async () =>
        (await k(t, 'get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}')).stdout === '4'
          ? true
          : undefined,
      ),
      ready.stdout,
    );
  },
);

test.serial('a Job runs to completion and kubectl wait sees Complete', async (t) => {
  t.is((await k(t, 'create', 'job', 'pi', '--image=perl')).code, 0);
  const wait = await k(t, 'wait', '--for=condition=complete', 'job/pi', '--timeout=60s');
  t.is(wait.code, 0, wait.stderr);
  const st = await k(t, 'get', 'job', 'pi', '-o', 'jsonpath={.status.succeeded} {.status.conditions[*].type}');
  t.is(st.stdout, '1 SuccessCriteriaMet Complete');
  const finalizers = await k(
    t,
    'get',
    'pods',
    '-l',
    'batch.kubernetes.io/job-name=pi',
    '-o',
    'jsonpath={.items[*].metadata.finalizers}',
  );
  t.is(finalizers.stdout, '', 'tracking finalizers are removed');
});

test.serial('a failing Job retries up to backoffLimit then is Failed', async (t) => {
  const manifest = `apiVersion: batch/v1
kind: Job
metadata: {name: doomed}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: fail}]
`;
  t.is((await kubectl(t.context.plane.kubeconfigPath, ['apply', '-f', '-'], { stdin: manifest })).code, 0);
  const wait = await k(t, 'wait', '--for=condition=failed', 'job/doomed', '--timeout=60s');
  t.is(wait.code, 0, wait.stderr);
  const reason = await k(t, 'get', 'job', 'doomed', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}');
  t.is(reason.stdout, 'BackoffLimitExceeded');
});

test.serial('a CronJob fires on schedule and its Job completes', async (t) => {
  t.is((await k(t, 'create', 'cronjob', 'tick', '--image=busybox', '--schedule=* * * * *')).code, 0);
  // The first activation is at most a minute away.
  const job = await eventually(
    async () => {
      const r = await k(
        t,
        'get',
        'jobs',
        '-o',
        'jsonpath={.items[?(@.metadata.ownerReferences[0].name=="tick")].metadata.name}',
      );
      return r.stdout.trim() || undefined;
    },
    150,
    500,
  );
  t.regex(job ?? '', /^tick-\d+$/);
  const minutes = Number(job!.slice('tick-'.length));
  const last = await k(t, 'get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastScheduleTime}');
  t.is(last.stdout, new Date(minutes * 60_000).toISOString().replace('.000Z', 'Z'));
  const wait = await k(t, 'wait', '--for=condition=complete', `job/${job}`, '--timeout=60s');
  t.is(wait.code, 0, wait.stderr);
  const success = await eventually(async () => {
    const r = await k(t, 'get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastSuccessfulTime}');
    return r.stdout || undefined;
  });
  t.truthy(success);
});
