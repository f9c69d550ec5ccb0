// HA control plane: two `capstan server` processes on one real etcd elect one leader per component
// through Leases in kube-system. Only the leader's controllers write (seen in each API server's
// request metrics); `kill -9` of the leader hands every Lease to the other process, which then
// reconciles a new Deployment on the simulated nodes it took over.
import anyTest from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminClient, startCapstan, type CapstanProcess } from '../helpers/capstan-process.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { etcdAvailable, startEtcd, type EtcdServer } from '../helpers/etcd-server.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';

const test = whenAvailable(
  anyTest,
  etcdAvailable() && kubectlAvailable(),
  'needs etcd (scripts/setup-host.sh installs it) and kubectl',
);

const leaseNames = [
  'capstan-core-controllers',
  'capstan-workload-controllers',
  'kube-scheduler',
  'capstan-simulated-nodes',
] as const;

interface Server {
  name: string;
  dataDir: string;
  kubeconfig: string;
  process: CapstanProcess;
}

async function startServer(name: string, etcd: EtcdServer): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), `capstan-ha-${name}-`));
  try {
    const process = await startCapstan('server', dataDir, ['--store', etcd.url, '--simulated-nodes', '2']);
    return { name, dataDir, kubeconfig: join(dataDir, 'kubeconfig.yaml'), process };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/** holderIdentity and leaseTransitions of each component Lease, read through `server`. */
async function leases(server: Server): Promise<Record<string, { holder: string; transitions: number }>> {
  const out: Record<string, { holder: string; transitions: number }> = {};
  for (const name of leaseNames) {
    const r = await kubectl(server.kubeconfig, [
      'get',
      'lease',
      name,
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.spec.holderIdentity} {.spec.leaseTransitions}',
    ]);
    const [holder = '', transitions = '0'] = r.code === 0 ? r.stdout.split(' ') : [];
    out[name] = { holder, transitions: Number(transitions) || 0 };
  }
  return out;
}

/** How many ReplicaSets the process's API server has created (apiserver_request_total). */
async function replicaSetCreates(server: Server): Promise<number> {
  const client = adminClient(server.dataDir, server.process.port);
  try {
    const r = await client.call('GET', '/metrics');
    const m = /^apiserver_request_total\{([^}]*)\} (\d+)$/gm;
    let total = 0;
    for (const [, labels, value] of String(r.body).matchAll(m)) {
      if (/verb="CREATE"/.test(labels!) && /resource="replicasets"/.test(labels!) && /code="201"/.test(labels!))
        total += Number(value);
    }
    return total;
  } finally {
    client.agent.destroy();
  }
}

async function stopServer(s: Server | undefined): Promise<void> {
  if (!s) return;
  const { child, exited } = s.process;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  rmSync(s.dataDir, { recursive: true, force: true });
}

test('two servers on one etcd: one leader runs the controllers; kill -9 hands the Leases to the other', async (t) => {
  const etcd = await startEtcd();
  let a: Server | undefined;
  let b: Server | undefined;
  try {
    a = await startServer('a', etcd);
    b = await startServer('b', etcd);
    const servers = [a, b];

    // Every component Lease gets one holder, and both servers read the same holder.
    const held = await eventually(
      async () => {
        const [la, lb] = [await leases(a!), await leases(b!)];
        const complete = leaseNames.every((n) => la[n]!.holder !== '' && la[n]!.holder === lb[n]!.holder);
        return complete ? la : undefined;
      },
      100,
      300,
    );
    t.truthy(held, 'each component Lease has one holder, the same seen through both servers');
    const identities = new Set(leaseNames.map((n) => held![n]!.holder));
    t.true(identities.size <= 2, 'held by at most the two servers');

    // A Deployment created through one server is reconciled by the leader's controllers only.
    const created = await kubectl(b.kubeconfig, ['create', 'deployment', 'before', '--image=nginx', '--replicas=3']);
    t.is(created.code, 0, created.stderr);
    const rolled = await kubectl(a.kubeconfig, ['rollout', 'status', 'deployment/before', '--timeout=60s']);
    t.is(rolled.code, 0, rolled.stderr + rolled.stdout);
    const creates = await Promise.all(servers.map(replicaSetCreates));
    t.is(creates.filter((c) => c > 0).length, 1, `ReplicaSet creates per server: ${creates.join(', ')}`);
    const leader = servers[creates.findIndex((c) => c > 0)]!;
    const survivor = leader === a ? b : a;
    const oldHolder = held!['capstan-workload-controllers']!;

    // kill -9: no release; the survivor takes over once the Lease expires.
    const killedAt = Date.now();
    leader.process.child.kill('SIGKILL');
    await leader.process.exited;
    const api = adminClient(survivor.dataDir, survivor.process.port);
    const workloadLease = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/capstan-workload-controllers';
    const renewedBefore = (await api.call('GET', workloadLease)).body?.spec?.renewTime as string | undefined;
    const moved = await eventually(
      async () => {
        const holder = (await api.call('GET', workloadLease)).body?.spec?.holderIdentity as string | undefined;
        return holder && holder !== oldHolder.holder ? Date.now() : undefined;
      },
      600,
      100,
    );
    api.agent.destroy();
    t.truthy(moved, 'the workload controllers Lease moves to the survivor');
    const lastRenew = renewedBefore ? Date.parse(renewedBefore) : killedAt;
    t.log(
      `workload controllers Lease taken over ${((moved! - killedAt) / 1000).toFixed(1)} s after kill -9, ` +
        `${((moved! - lastRenew) / 1000).toFixed(1)} s after the leader's last renewal (lease duration 15 s, retry 2 s)`,
    );
    const taken = await eventually(
      async () => {
        const l = await leases(survivor);
        const holders = new Set(leaseNames.map((n) => l[n]!.holder));
        const mine = [...holders][0]!;
        return holders.size === 1 && mine !== '' && mine !== oldHolder.holder ? l : undefined;
      },
      200,
      250,
    );
    t.truthy(taken, 'the survivor holds every component Lease');
    t.true(
      taken!['capstan-workload-controllers']!.transitions > oldHolder.transitions,
      'the Lease counts the transition',
    );

    const before = await replicaSetCreates(survivor);
    const again = await kubectl(survivor.kubeconfig, [
      'create',
      'deployment',
      'after',
      '--image=nginx',
      '--replicas=2',
    ]);
    t.is(again.code, 0, again.stderr);
    const rolled2 = await kubectl(survivor.kubeconfig, ['rollout', 'status', 'deployment/after', '--timeout=90s']);
    t.is(rolled2.code, 0, rolled2.stderr + rolled2.stdout);
    t.true((await replicaSetCreates(survivor)) > before, 'the survivor’s controllers created the ReplicaSet');
    const nodes = await kubectl(survivor.kubeconfig, [
      'get',
      'pods',
      '-l',
      'app=after',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    t.regex(nodes.stdout, /^sim-node-\d sim-node-\d$/, 'scheduled onto the simulated nodes the survivor runs');
  } finally {
    await stopServer(a);
    await stopServer(b);
    await etcd.stop();
  }
});
