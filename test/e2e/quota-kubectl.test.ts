// ResourceQuota and LimitRange with the real kubectl: the quota controller fills status, the
// ResourceQuota admission refuses a pod over quota with kube's message, describe shows used/hard,
// deleting a pod gives its usage back, and a LimitRange defaults a pod's requests and limits.
import anyTest, { type TestFn } from 'ava';
import { ResourceQuotaController } from '../../plugins/core-controllers/quota/resource-quota-controller.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { startHarness, systemClock, type ControllerHarness } from '../plugins/core-controllers/controller-harness.js';

const test = whenAvailable(anyTest as TestFn<{ h: ControllerHarness }>, kubectlAvailable(), 'kubectl is not installed');

test.before(async (t) => {
  const h = await startHarness();
  await new ResourceQuotaController(h.client, { clock: systemClock, logger: h.logger }).start(h.signal);
  t.context = { h };
});
test.after.always(async (t) => {
  await t.context.h?.stop();
});

const k = (t: { context: { h: ControllerHarness } }, args: string[], stdin?: string) =>
  kubectl(t.context.h.kubeconfig, args, stdin === undefined ? {} : { stdin });

const podYaml = (name: string, resources: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: registry.k8s.io/pause:3.10
${resources}`;

const cpu = (request: string, limit?: string) =>
  `    resources:\n      requests:\n        cpu: "${request}"\n${limit ? `      limits:\n        cpu: "${limit}"\n` : ''}`;

async function used(t: { context: { h: ControllerHarness } }, resource: string): Promise<string> {
  const r = await k(t, ['get', 'quota', 'compute', '-o', `jsonpath={.status.used.${resource.replace('.', '\\.')}}`]);
  return r.stdout;
}

test.serial(
  'kubectl create quota; a pod over quota is refused with kube message; describe shows used/hard',
  async (t) => {
    const created = await k(t, ['create', 'quota', 'compute', '--hard=requests.cpu=2,limits.cpu=4,pods=3']);
    t.is(created.code, 0, created.stderr);
    t.is(created.stdout.trim(), 'resourcequota/compute created');
    t.is(await eventually(async () => ((await used(t, 'pods')) === '0' ? '0' : undefined)), '0');

    const small = await k(t, ['apply', '-f', '-'], podYaml('small', cpu('1', '1')));
    t.is(small.code, 0, small.stderr);
    t.is(await used(t, 'requests.cpu'), '1', 'admission charged the pod at once');

    const big = await k(t, ['apply', '-f', '-'], podYaml('big', cpu('2', '2')));
    t.is(big.code, 1);
    t.true(
      big.stderr.includes(
        'pods "big" is forbidden: exceeded quota: compute, requested: requests.cpu=2, used: requests.cpu=1, limited: requests.cpu=2',
      ),
      big.stderr,
    );
    t.regex(big.stderr, /^Error from server \(Forbidden\)/);

    const nolimit = await k(t, ['apply', '-f', '-'], podYaml('nolimit', cpu('100m')));
    t.is(nolimit.code, 1);
    t.true(
      nolimit.stderr.includes('pods "nolimit" is forbidden: failed quota: compute: must specify limits.cpu for: app'),
      nolimit.stderr,
    );

    const describe = await k(t, ['describe', 'quota', 'compute']);
    t.is(describe.code, 0, describe.stderr);
    t.regex(describe.stdout, /^Name:\s+compute$/m);
    t.regex(describe.stdout, /^Resource\s+Used\s+Hard$/m);
    t.regex(describe.stdout, /^limits\.cpu\s+1\s+4$/m);
    t.regex(describe.stdout, /^pods\s+1\s+3$/m);
    t.regex(describe.stdout, /^requests\.cpu\s+1\s+2$/m);

    t.is((await k(t, ['delete', 'pod', 'small', '--grace-period=0', '--force'])).code, 0);
    const freed = await eventually(async () => ((await used(t, 'requests.cpu')) === '0' ? '0' : undefined));
    t.is(freed, '0', 'the controller gives the usage of a deleted pod back');
    const again = await k(t, ['apply', '-f', '-'], podYaml('big', cpu('2', '2')));
    t.is(again.code, 0, again.stderr);
  },
);

test.serial('a LimitRange defaults requests and limits, and enforces its max', async (t) => {
  const lr = `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-defaults
spec:
  limits:
  - type: Container
    default:
      cpu: 500m
    defaultRequest:
      cpu: 200m
    max:
      cpu: "1"
`;
  const applied = await k(t, ['create', 'namespace', 'limited']);
  t.is(applied.code, 0, applied.stderr);
  t.is((await k(t, ['apply', '-n', 'limited', '-f', '-'], lr)).code, 0);
  const plain = await k(t, ['apply', '-n', 'limited', '-f', '-'], podYaml('plain', ''));
  t.is(plain.code, 0, plain.stderr);
  const res = await k(t, [
    'get',
    'pod',
    'plain',
    '-n',
    'limited',
    '-o',
    'jsonpath={.spec.containers[0].resources.requests.cpu} {.spec.containers[0].resources.limits.cpu} {.metadata.annotations.kubernetes\\.io/limit-ranger}',
  ]);
  t.is(res.stdout, '200m 500m LimitRanger plugin set: cpu request for container app; cpu limit for container app');

  const over = await k(t, ['apply', '-n', 'limited', '-f', '-'], podYaml('over', cpu('2', '2')));
  t.is(over.code, 1);
  t.true(
    over.stderr.includes('pods "over" is forbidden: maximum cpu usage per Container is 1, but limit is 2'),
    over.stderr,
  );
});
