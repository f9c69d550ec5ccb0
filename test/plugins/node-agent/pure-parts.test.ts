import test from 'ava';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import {
  buildPodStatus,
  expandVars,
  formatDelay,
  podPhase,
  ProbeWorker,
  probeTiming,
  resolveEnv,
  RestartBackoff,
  EnvResolutionError,
  type ObservedPod,
} from '../../../plugins/node-agent/index.js';
import type { ContainerStatusV1, PodV1 } from '../../../plugins/node-agent/pod-types.js';

const timings = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

test('restart back-off: at once, then 10 s doubling to 5 min; a 10 min run resets it', (t) => {
  const b = new RestartBackoff(timings);
  let now = 0;
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    const at = b.recordExit('p/c', now, 1000);
    delays.push(at - now);
    now = at + 1000;
  }
  t.deepEqual(delays, [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  t.is(b.remainingMs('p/c', now - 1000 + 1), 0);
  t.is(b.recordExit('p/c', now, 600_000) - now, 0, 'reset after a long run');
  t.is(b.recordExit('p/c', now, 5) - now, 10_000);
  t.is(formatDelay(b.currentDelayMs('p/c')), '10s');
  t.is(formatDelay(300_000), '5m0s');
});

const pod = (spec: Partial<PodV1['spec']>, extra: Partial<PodV1> = {}): PodV1 => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'web' }, annotations: { a: 'b' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'img' }], ...spec },
  ...extra,
});

test('env: values expand earlier names, fieldRef, resourceFieldRef, configMap and secret keys, envFrom with prefix', (t) => {
  const p = pod({
    containers: [
      {
        name: 'c',
        resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
        envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }, { secretRef: { name: 'sec' } }],
        env: [
          { name: 'A', value: 'x' },
          { name: 'B', value: '$(A)-$(MISSING)-$$(A)' },
          { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
          { name: 'CPULIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          { name: 'K', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } },
          { name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } },
          { name: 'OPT', valueFrom: { secretKeyRef: { name: 'none', key: 'x', optional: true } } },
        ],
      },
    ],
  });
  const sources = {
    configMaps: new Map([['cm', { data: { k: 'v', 'bad key': 'skip' } }]]),
    secrets: new Map([['sec', { data: { pw: Buffer.from('s3cret').toString('base64') } }]]),
  };
  const env = resolveEnv(p, p.spec.containers[0]!, sources, {
    podIPs: ['10.0.0.5'],
    nodeAllocatable: { cpu: '4', memory: '8Gi' },
  });
  t.deepEqual(Object.fromEntries(env.map((e) => [e.key, e.value])), {
    CM_k: 'v',
    pw: 's3cret',
    A: 'x',
    B: 'x-$(MISSING)-$(A)',
    NAME: 'p',
    APP: 'web',
    IP: '10.0.0.5',
    MEM: '64',
    CPU: '250',
    CPULIM: '4',
    K: 'v',
    S: 's3cret',
  });
});

test('env: a missing ConfigMap or key that is not optional is a configuration error', (t) => {
  const empty = { configMaps: new Map(), secrets: new Map() };
  const withRef = (ref: object) => pod({ containers: [{ name: 'c', env: [{ name: 'X', valueFrom: ref as never }] }] });
  const p1 = withRef({ configMapKeyRef: { name: 'gone', key: 'k' } });
  t.throws(() => resolveEnv(p1, p1.spec.containers[0]!, empty, {}), {
    instanceOf: EnvResolutionError,
    message: 'configmap "gone" not found',
  });
  const p2 = withRef({ configMapKeyRef: { name: 'cm', key: 'nokey' } });
  t.throws(
    () => resolveEnv(p2, p2.spec.containers[0]!, { ...empty, configMaps: new Map([['cm', { data: {} }]]) }, {}),
    {
      message: "couldn't find key nokey in ConfigMap ns/cm",
    },
  );
  t.is(
    expandVars('$(A)$(B', (n) => (n === 'A' ? '1' : undefined)),
    '1$(B',
  );
});

const running: ContainerStatusV1 = {
  name: 'c',
  state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
  lastState: {},
  ready: true,
  restartCount: 0,
  image: 'img',
  imageID: '',
};
const exited = (code: number): ContainerStatusV1 => ({
  ...running,
  ready: false,
  state: { terminated: { exitCode: code, reason: code ? 'Error' : 'Completed' } },
});
const observed = (statuses: ContainerStatusV1[], init: ContainerStatusV1[] = []): ObservedPod => ({
  nowMs: Date.UTC(2025, 0, 1),
  podIPs: ['10.0.0.5'],
  sandboxReady: true,
  initContainerStatuses: init,
  containerStatuses: statuses,
  hostIP: '192.0.2.1',
});

test('pod phase follows kubelet: init pending, running, restart policies on exit', (t) => {
  const cases: [string, Partial<PodV1['spec']>, ObservedPod, string][] = [
    ['no status yet', {}, observed([]), 'Pending'],
    ['running', {}, observed([running]), 'Running'],
    ['exit 0, Always', {}, observed([exited(0)]), 'Running'],
    ['exit 0, Never', { restartPolicy: 'Never' }, observed([exited(0)]), 'Succeeded'],
    ['exit 1, Never', { restartPolicy: 'Never' }, observed([exited(1)]), 'Failed'],
    ['exit 1, OnFailure', { restartPolicy: 'OnFailure' }, observed([exited(1)]), 'Running'],
    ['init running', { initContainers: [{ name: 'i' }] }, observed([], [{ ...running, name: 'i' }]), 'Pending'],
    [
      'init failed, Never',
      { restartPolicy: 'Never', initContainers: [{ name: 'i' }] },
      observed([], [{ ...exited(1), name: 'i' }]),
      'Failed',
    ],
  ];
  for (const [name, spec, obs, phase] of cases) t.is(podPhase(pod(spec), obs), phase, name);
});

test('pod status: conditions with reasons, IPs, start time; transition times kept while unchanged', (t) => {
  const p = pod({ containers: [{ name: 'c' }, { name: 'd' }] });
  const s1 = buildPodStatus(p, observed([running, { ...running, name: 'd', ready: false }]));
  const byType = Object.fromEntries((s1.conditions ?? []).map((c) => [c.type, c]));
  t.is(byType['Ready']!.status, 'False');
  t.is(byType['Ready']!.reason, 'ContainersNotReady');
  t.is(byType['Ready']!.message, 'containers with unready status: [d]');
  t.is(byType['Initialized']!.status, 'True');
  t.is(byType['PodReadyToStartContainers']!.status, 'True');
  t.deepEqual(s1.podIPs, [{ ip: '10.0.0.5' }]);
  t.is(s1.hostIP, '192.0.2.1');
  const later = { ...observed([running, { ...running, name: 'd' }]), nowMs: Date.UTC(2025, 0, 2) };
  const s2 = buildPodStatus({ ...p, status: s1 }, later);
  const ready2 = s2.conditions!.find((c) => c.type === 'Ready')!;
  const init2 = s2.conditions!.find((c) => c.type === 'Initialized')!;
  t.is(ready2.status, 'True');
  t.is(ready2.lastTransitionTime, '2025-01-02T00:00:00Z');
  t.is(init2.lastTransitionTime, '2025-01-01T00:00:00Z', 'unchanged condition keeps its time');
});

test('probe timing: initial delay, period and thresholds on a fake clock', async (t) => {
  const clock = new FakeClock(0);
  const results = [true, false, false, true, true];
  const changes: boolean[] = [];
  let runs = 0;
  const timing = probeTiming({ initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 2, successThreshold: 2 });
  t.deepEqual(timing, {
    initialDelayMs: 5000,
    periodMs: 2000,
    timeoutSeconds: 1,
    successThreshold: 2,
    failureThreshold: 2,
  });
  const w = new ProbeWorker(
    'readiness',
    timing,
    clock,
    async () => ({ ok: results[runs++] ?? true }),
    (ok) => changes.push(ok),
  );
  w.start(0);
  await clock.advance(4999);
  t.is(runs, 0, 'nothing before the initial delay');
  await clock.advance(1);
  t.is(runs, 1);
  t.false(w.ok, 'one success is below successThreshold 2');
  await clock.advance(2000 * 4);
  t.is(runs, 5);
  t.deepEqual(
    changes,
    [true],
    'ready after two successes (runs 4 and 5); two failures before never flipped a false result',
  );
  w.stop();
  await clock.advance(10_000);
  t.is(runs, 5, 'stopped');
});

test('liveness probe: reports a failure each time failureThreshold consecutive failures are reached', async (t) => {
  const clock = new FakeClock(0);
  const changes: boolean[] = [];
  const w = new ProbeWorker(
    'liveness',
    probeTiming({ periodSeconds: 1, failureThreshold: 3 }),
    clock,
    async () => ({ ok: false, message: 'down' }),
    (ok) => changes.push(ok),
  );
  t.true(w.ok, 'liveness starts as succeeded');
  w.start(0);
  await clock.advance(5000);
  t.deepEqual(changes, [false, false]);
  t.is(w.lastMessage, 'down');
  w.stop();
});
