import 'reflect-metadata';
import anyTest, { type TestFn } from 'ava';
import Docker from 'dockerode';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../core/control-plane/control-plane.js';
import { repoRoot } from '../helpers/capstan-process.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable, kubectlStream } from '../helpers/kubectl.js';
import {
  run,
  cleanHost,
  ipamDir,
  nodeAgentHostReady,
  startAgentPlane,
  testNode,
  type TestNode,
} from '../plugins/node-agent/agent-host.js';

interface State {
  node: TestNode;
  plane: ControlPlane;
}

/** Shared by every test (ava gives each test a copy of the context, so a restarted plane lives here). */
const state = {} as State;
type Ctx = { readonly state: State };

const ready = (await nodeAgentHostReady()) && kubectlAvailable();
const test = whenAvailable(
  anyTest as TestFn<Ctx>,
  ready,
  'needs root, a Docker engine, iptables, the CNI plugins in /usr/lib/cni and kubectl',
);

const k = (t: { context: Ctx }, ...args: string[]) => kubectl(t.context.state.plane.kubeconfigPath, args);
const apply = (t: { context: Ctx }, manifest: string) =>
  kubectl(t.context.state.plane.kubeconfigPath, ['apply', '-f', '-'], { stdin: manifest });

async function json<T = any>(t: { context: Ctx }, ...args: string[]): Promise<T | undefined> {
  const r = await k(t, ...args, '-o', 'json');
  return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
}

/** The notes of the events.k8s.io Events in a namespace (what the agent records). */
async function eventNotes(t: { context: Ctx }, ns: string): Promise<string[]> {
  const list = await json(t, 'get', 'events.events.k8s.io', '-n', ns);
  return (list?.items ?? []).map((e: { note?: string }) => e.note ?? '');
}

async function namespace(t: { context: Ctx }, name: string): Promise<string> {
  const r = await k(t, 'create', 'namespace', name);
  if (r.code !== 0) throw new Error(r.stderr);
  return name;
}

const busybox = 'capstan/busybox';

function pod(ns: string, name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec });
}

test.before(async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-agent-e2e-'));
  state.node = testNode(dir);
  state.plane = await startAgentPlane(state.node);
  (t.context as { state: State }).state = state;
});

test.after.always(async (t) => {
  const { plane, node } = state;
  if (!node) return;
  if (plane) {
    // Deleting the namespaces' pods through the agent releases their network (CNI DEL).
    for (const ns of [
      'agent-web',
      'agent-live',
      'agent-crash',
      'agent-images',
      'agent-errors',
      'agent-delete',
      'agent-adopt',
      'agent-attach',
    ])
      await k(t, 'delete', 'namespace', ns, '--wait=false');
    await k(t, 'delete', 'deployment', '-n', 'agent-web', 'web');
    await k(t, 'delete', 'pods', '--all', '-A', '--wait=false');
    await eventually(
      async () => ((await json(t, 'get', 'pods', '-A'))?.items.length === 0 ? true : undefined),
      100,
      200,
    );
    await plane.stop();
  }
  await cleanHost(node);
  rmSync(node.dataDir, { recursive: true, force: true });
});

test.serial('the agent registers a Ready node with real capacity, node info and images', async (t) => {
  const node = await json(t, 'get', 'node', t.context.state.node.name);
  t.truthy(node);
  const ready = node.status.conditions.find((c: { type: string }) => c.type === 'Ready');
  t.is(ready.status, 'True');
  t.true(Number(node.status.capacity.cpu) >= 1);
  t.regex(node.status.capacity.memory, /^\d+Ki$/);
  t.is(node.status.capacity.pods, '110');
  t.regex(node.status.nodeInfo.containerRuntimeVersion, /^docker:\/\//);
  t.is(node.spec.podCIDR, t.context.state.node.subnet);
  t.true(node.status.images.some((i: { names: string[] }) => i.names.some((n) => n.startsWith('capstan/busybox'))));
  const lease = await json(t, 'get', 'lease', '-n', 'kube-node-lease', t.context.state.node.name);
  t.is(lease?.spec.holderIdentity, t.context.state.node.name);
});

test.serial(
  'a Deployment of 3 httpd pods becomes Ready; pods reach each other; exec, logs -f and port-forward work',
  async (t) => {
    const ns = await namespace(t, 'agent-web');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'httpd',
                image: busybox,
                command: ['httpd', '-f', '-p', '8080'],
                ports: [{ containerPort: 8080 }],
                readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    };
    t.is((await apply(t, JSON.stringify(deployment))).code, 0);
    const rollout = await k(t, 'rollout', 'status', '-n', ns, 'deployment/web', '--timeout=60s');
    t.is(rollout.code, 0, rollout.stderr);
    const pods = (await json(t, 'get', 'pods', '-n', ns))!.items as any[];
    t.is(pods.length, 3);
    const ips = pods.map((p) => p.status.podIP as string);
    t.is(new Set(ips).size, 3);
    const prefix = t.context.state.node.subnet.replace(/0\/24$/, '');
    for (const ip of ips) t.true(ip.startsWith(prefix), ip);
    for (const p of pods) t.true(p.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'));

    // Pod to pod over the bridge.
    const [a, b] = pods;
    const fetched = await k(
      t,
      'exec',
      '-n',
      ns,
      a.metadata.name,
      '--',
      'wget',
      '-qO-',
      `http://${b.status.podIP}:8080/etc/passwd`,
    );
    t.is(fetched.code, 0, fetched.stderr);
    t.regex(fetched.stdout, /^root:x:0:0/);

    // exec -- hostname answers with the pod's name.
    const host = await k(t, 'exec', '-n', ns, a.metadata.name, '--', 'hostname');
    t.is(host.stdout.trim(), a.metadata.name);
    const failing = await k(t, 'exec', '-n', ns, a.metadata.name, '--', 'sh', '-c', 'exit 3');
    t.is(failing.code, 3);

    // port-forward serves a request from the pod.
    const port = 20000 + Math.floor(Math.random() * 20000);
    const pf = kubectlStream(t.context.state.plane.kubeconfigPath, [
      'port-forward',
      '-n',
      ns,
      `pod/${b.metadata.name}`,
      `${port}:8080`,
    ]);
    try {
      await eventually(() => (pf.output().includes('Forwarding from') ? true : undefined), 100, 100);
      const body = await new Promise<string>((resolve, reject) => {
        get(`http://127.0.0.1:${port}/etc/passwd`, (res) => {
          let s = '';
          res.on('data', (d) => (s += d));
          res.on('end', () => resolve(s));
        }).on('error', reject);
      });
      t.regex(body, /^root:x:0:0/);
    } finally {
      pf.stop();
    }

    // logs -f streams lines as the container writes them.
    t.is(
      (
        await apply(
          t,
          pod(ns, 'talker', {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'talk',
                image: busybox,
                command: ['sh', '-c', 'i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.3; done'],
              },
            ],
          }),
        )
      ).code,
      0,
    );
    await k(t, 'wait', '-n', ns, '--for=condition=Ready', 'pod/talker', '--timeout=30s');
    const logs = kubectlStream(t.context.state.plane.kubeconfigPath, ['logs', '-f', '-n', ns, 'talker']);
    try {
      const seen = await eventually(() => (/line-5\n/.test(logs.output()) ? logs.output() : undefined), 100, 100);
      t.truthy(seen, logs.output());
      t.true(logs.child.exitCode === null, 'logs -f keeps streaming');
    } finally {
      logs.stop();
    }
  },
);

test.serial('capstan logs and capstan exec stream through the SDK client', async (t) => {
  const ns = 'agent-web';
  const kc = t.context.state.plane.kubeconfigPath;
  const capstan = (...args: string[]) =>
    run('node', [join(repoRoot, 'bin', 'run.js'), args[0]!, '--kubeconfig', kc, '-n', ns, ...args.slice(1)]).then(
      (r: { stdout: string; stderr: string }) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const logs = await capstan('logs', 'talker', '--tail', '2');
  t.is(logs.code, 0, logs.stderr);
  t.is(logs.stdout.trim().split('\n').length, 2);
  t.regex(logs.stdout, /^line-\d+\nline-\d+\n$/);
  const host = await capstan('exec', 'talker', '--', 'hostname');
  t.is(host.stdout.trim(), 'talker');
  const fail = await capstan('exec', 'talker', '--', 'sh', '-c', 'echo oops >&2; exit 4');
  t.is(fail.code, 4);
  t.regex(fail.stderr, /oops/);
});

test.serial('kubectl attach -i writes to the main process stdin and streams its output', async (t) => {
  const ns = await namespace(t, 'agent-attach');
  const r = await apply(
    t,
    pod(ns, 'reader', {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'c',
          image: busybox,
          imagePullPolicy: 'Never',
          stdin: true,
          command: ['sh', '-c', 'while read x; do echo "got $x"; done'],
        },
      ],
    }),
  );
  t.is(r.code, 0, r.stderr);
  const ready = await k(t, 'wait', '--for=condition=Ready', `pod/reader`, '-n', ns, '--timeout=60s');
  t.is(ready.code, 0, ready.stderr);
  // Keep stdin open until the answers came back (a closed stdin ends the attach session).
  const session = kubectlStream(t.context.state.plane.kubeconfigPath, ['attach', '-i', 'reader', '-n', ns]);
  session.child.stdin!.write('hello\nworld\n');
  const answered = await eventually(() => (/got hello\ngot world/.test(session.output()) ? true : undefined), 100, 100);
  session.child.stdin!.end();
  const exit = await new Promise<number | null>((resolve) => session.child.once('exit', (code) => resolve(code)));
  t.true(answered, session.output());
  t.is(exit, 0, session.output());
  const logs = await k(t, 'logs', 'reader', '-n', ns);
  t.regex(logs.stdout, /got hello\ngot world/, 'what the process printed is in its log too');
});

test.serial('a failing liveness probe restarts the container and restartCount grows', async (t) => {
  const ns = await namespace(t, 'agent-live');
  await apply(
    t,
    pod(ns, 'live', {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'c',
          image: busybox,
          command: ['sleep', '3600'],
          livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
    }),
  );
  const restarted = await eventually(
    async () => {
      const p = await json(t, 'get', 'pod', '-n', ns, 'live');
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined;
    },
    150,
    200,
  );
  t.truthy(restarted, 'restartCount reached 2');
  t.truthy(restarted.status.containerStatuses[0].lastState.terminated);
  t.true((await eventNotes(t, ns)).some((n) => n.startsWith('Liveness probe failed')));
});

test.serial('a crashing container shows CrashLoopBackOff, a memory hog OOMKilled', async (t) => {
  const ns = await namespace(t, 'agent-crash');
  await apply(
    t,
    pod(ns, 'crash', { containers: [{ name: 'c', image: busybox, command: ['sh', '-c', 'echo bye; exit 2'] }] }),
  );
  await apply(
    t,
    pod(ns, 'hog', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'c',
          image: busybox,
          command: ['sh', '-c', 'x=a; while true; do x=$x$x; done'],
          resources: { limits: { memory: '20Mi' } },
        },
      ],
    }),
  );
  const crash = await eventually(
    async () => {
      const p = await json(t, 'get', 'pod', '-n', ns, 'crash');
      const s = p?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' ? s : undefined;
    },
    100,
    200,
  );
  t.truthy(crash);
  t.true(crash.restartCount >= 1);
  t.is(crash.lastState.terminated.exitCode, 2);
  t.is(crash.lastState.terminated.reason, 'Error');
  const previous = await k(t, 'logs', '-n', ns, 'crash', '--previous');
  t.is(previous.stdout.trim(), 'bye');
  const hog = await eventually(
    async () => {
      const p = await json(t, 'get', 'pod', '-n', ns, 'hog');
      return p?.status?.phase === 'Failed' ? p : undefined;
    },
    100,
    200,
  );
  t.truthy(hog);
  t.is(hog.status.containerStatuses[0].state.terminated.reason, 'OOMKilled');
  t.is(hog.status.containerStatuses[0].state.terminated.exitCode, 137);
});

test.serial(
  'a missing image: ErrImageNeverPull with Never, ErrImagePull then ImagePullBackOff otherwise',
  async (t) => {
    const ns = await namespace(t, 'agent-images');
    await apply(
      t,
      pod(ns, 'never', { containers: [{ name: 'c', image: 'nosuch/image:1', imagePullPolicy: 'Never' }] }),
    );
    await apply(
      t,
      pod(ns, 'pull', { containers: [{ name: 'c', image: 'nosuch/image:1', imagePullPolicy: 'IfNotPresent' }] }),
    );
    const never = await eventually(async () => {
      const w = (await json(t, 'get', 'pod', '-n', ns, 'never'))?.status?.containerStatuses?.[0]?.state?.waiting;
      return w?.reason === 'ErrImageNeverPull' ? w : undefined;
    });
    t.is(never?.message, 'Container image "nosuch/image:1" is not present with pull policy of Never');
    const reasons = new Set<string>();
    await eventually(
      async () => {
        const w = (await json(t, 'get', 'pod', '-n', ns, 'pull'))?.status?.containerStatuses?.[0]?.state?.waiting;
        if (w?.reason) reasons.add(w.reason);
        return w?.reason === 'ImagePullBackOff' ? w : undefined;
      },
      100,
      100,
    );
    t.true(reasons.has('ImagePullBackOff'));
    t.true((await eventNotes(t, ns)).some((n) => n.includes('nosuch/image:1')));
  },
);

test.serial(
  'pods/log answers Kubernetes errors: 404 missing pod, 400 ambiguous container, 503 no agent for the node',
  async (t) => {
    const ns = await namespace(t, 'agent-errors');
    const missing = await k(t, 'get', '--raw', `/api/v1/namespaces/${ns}/pods/nope/log`);
    t.regex(missing.stderr, /NotFound|not found/);
    await apply(
      t,
      pod(ns, 'two', {
        terminationGracePeriodSeconds: 1,
        containers: [
          { name: 'a', image: busybox, command: ['sleep', '3600'] },
          { name: 'b', image: busybox, command: ['sleep', '3600'] },
        ],
      }),
    );
    const ambiguous = await k(t, 'get', '--raw', `/api/v1/namespaces/${ns}/pods/two/log`);
    t.regex(ambiguous.stderr, /a container name must be specified for pod two, choose one of: \[a b\]/);
    await apply(t, pod(ns, 'ghost', { nodeName: 'ghost-node', containers: [{ name: 'c', image: busybox }] }));
    const ghost = await k(t, 'logs', '-n', ns, 'ghost');
    t.regex(ghost.stderr, /no node agent serves node "ghost-node"/);
    await k(t, 'delete', 'pod', '-n', ns, 'ghost', '--grace-period=0', '--force');
  },
);

test.serial('deleting a pod removes its containers and its IPAM allocation', async (t) => {
  const ns = await namespace(t, 'agent-delete');
  await apply(
    t,
    pod(ns, 'gone', {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: busybox, command: ['sleep', '3600'] }],
    }),
  );
  await k(t, 'wait', '-n', ns, '--for=condition=Ready', 'pod/gone', '--timeout=30s');
  const p = await json(t, 'get', 'pod', '-n', ns, 'gone');
  const uid = p.metadata.uid as string;
  const ip = p.status.podIP as string;
  t.true(readdirSync(ipamDir(t.context.state.node)).includes(ip));
  const docker = new Docker();
  const before = await docker.listContainers({ all: true, filters: { label: [`io.capstan.pod.uid=${uid}`] } });
  t.is(before.length, 2, 'sandbox and container');
  const del = await k(t, 'delete', 'pod', '-n', ns, 'gone');
  t.is(del.code, 0, del.stderr);
  const after = await docker.listContainers({ all: true, filters: { label: [`io.capstan.pod.uid=${uid}`] } });
  t.deepEqual(after, []);
  t.false(readdirSync(ipamDir(t.context.state.node)).includes(ip));
});

test.serial('restarting the control plane keeps running pods running (the agent adopts them)', async (t) => {
  const ns = await namespace(t, 'agent-adopt');
  await apply(
    t,
    pod(ns, 'keep', {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: busybox, command: ['sleep', '3600'] }],
    }),
  );
  await k(t, 'wait', '-n', ns, '--for=condition=Ready', 'pod/keep', '--timeout=30s');
  const before = await json(t, 'get', 'pod', '-n', ns, 'keep');
  await t.context.state.plane.stop();
  t.context.state.plane = await startAgentPlane(t.context.state.node);
  // The restarted agent reports the same container, still running, not restarted.
  const after = await eventually(
    async () => {
      const p = await json(t, 'get', 'pod', '-n', ns, 'keep');
      return p?.status?.containerStatuses?.[0]?.ready ? p : undefined;
    },
    100,
    200,
  );
  t.truthy(after);
  t.is(after.status.containerStatuses[0].containerID, before.status.containerStatuses[0].containerID);
  t.is(after.status.containerStatuses[0].restartCount, 0);
  t.is(after.status.podIP, before.status.podIP);
  const docker = new Docker();
  const running = await docker.listContainers({ filters: { label: [`io.capstan.pod.uid=${before.metadata.uid}`] } });
  t.is(running.length, 2, 'no duplicate sandbox or container');
  const exec = await k(t, 'exec', '-n', ns, 'keep', '--', 'echo', 'still-here');
  t.is(exec.stdout.trim(), 'still-here');
});
