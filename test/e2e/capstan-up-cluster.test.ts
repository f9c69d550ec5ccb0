import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCapstan } from '../helpers/capstan-process.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';

const e2e = whenAvailable(test, kubectlAvailable(), 'needs the real kubectl at /usr/bin/kubectl');

/** Names of the nodes whose Ready condition is True. */
async function readyNodes(kubeconfig: string): Promise<string[]> {
  const r = await kubectl(kubeconfig, [
    'get',
    'nodes',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
  ]);
  return r.stdout
    .split('\n')
    .filter((l) => l.endsWith('=True'))
    .map((l) => l.slice(0, -'=True'.length));
}

e2e.serial(
  'capstan up --simulated-nodes runs the scheduler and controllers: a deployment becomes available, a namespace is emptied, a restart keeps it all',
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'capstan-up-'));
    const kubeconfig = join(dataDir, 'kubeconfig.yaml');
    let up = await startCapstan('up', dataDir, ['--simulated-nodes', '2']);
    try {
      const nodes = await eventually(async () => {
        const ready = await readyNodes(kubeconfig);
        return ready.includes('sim-node-0') && ready.includes('sim-node-1') ? ready : undefined;
      });
      t.truthy(nodes, 'both simulated nodes turn Ready');

      const ns = await kubectl(kubeconfig, ['create', 'namespace', 'shop']);
      t.is(ns.code, 0, ns.stderr);
      const sa = await eventually(async () => {
        const r = await kubectl(kubeconfig, ['get', 'serviceaccount', 'default', '-n', 'shop', '-o', 'name']);
        return r.code === 0 ? r.stdout.trim() : undefined;
      });
      t.is(sa, 'serviceaccount/default', 'the ServiceAccount controller gives the namespace its default account');

      const created = await kubectl(kubeconfig, [
        'create',
        'deployment',
        'web',
        '-n',
        'shop',
        '--image=capstan/busybox',
        '--replicas=3',
      ]);
      t.is(created.code, 0, created.stderr);
      const available = await eventually(async () => {
        const r = await kubectl(kubeconfig, [
          'get',
          'deployment',
          'web',
          '-n',
          'shop',
          '-o',
          'jsonpath={.status.availableReplicas}',
        ]);
        return r.stdout === '3' ? r.stdout : undefined;
      }, 200);
      t.is(available, '3', 'the Deployment, ReplicaSet and scheduler controllers bring 3 replicas up');
      const placed = await kubectl(kubeconfig, [
        'get',
        'pods',
        '-n',
        'shop',
        '-o',
        'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}',
      ]);
      const placements = placed.stdout.split('\n').filter(Boolean);
      t.is(placements.length, 3);
      t.true(
        placements.every((n) => n.startsWith('sim-node-')),
        placed.stdout,
      );

      const rollout = await kubectl(kubeconfig, ['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s']);
      t.is(rollout.code, 0, rollout.stderr);
      t.regex(rollout.stdout, /successfully rolled out/);

      // A restart on the same data dir: the objects are there and the controllers pick up again.
      up.child.kill('SIGTERM');
      t.is((await up.exited).code, 0);
      up = await startCapstan('up', dataDir, ['--simulated-nodes', '2']);
      const scaled = await kubectl(kubeconfig, ['scale', 'deployment/web', '-n', 'shop', '--replicas=4']);
      t.is(scaled.code, 0, scaled.stderr);
      const four = await eventually(async () => {
        const r = await kubectl(kubeconfig, [
          'get',
          'deployment',
          'web',
          '-n',
          'shop',
          '-o',
          'jsonpath={.status.availableReplicas}',
        ]);
        return r.stdout === '4' ? r.stdout : undefined;
      }, 200);
      t.is(four, '4', 'after the restart the controllers reconcile the scale change');

      // Deleting the namespace removes its contents, then the namespace.
      const del = await kubectl(kubeconfig, ['delete', 'namespace', 'shop', '--wait=true', '--timeout=60s']);
      t.is(del.code, 0, del.stderr);
      const gone = await kubectl(kubeconfig, ['get', 'namespace', 'shop']);
      t.is(gone.code, 1);
      t.regex(gone.stderr, /namespaces "shop" not found/);
      const leftovers = await kubectl(kubeconfig, ['get', 'pods,replicasets,deployments', '-n', 'shop', '-o', 'name']);
      t.is(leftovers.stdout.trim(), '', 'nothing of the namespace is left');
    } finally {
      up.child.kill('SIGTERM');
      await up.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
