import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { capstan, capstanStream } from './cli-run.js';

let plane: TestControlPlane;
let kc: string;
const dir = mkdtempSync(join(tmpdir(), 'capstan-cli-manifests-'));

const manifests = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {app: web}
data:
  color: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, protocol: TCP}]
`;

test.before(async () => {
  plane = await startTestControlPlane();
  kc = plane.kubeconfigPath;
  writeFileSync(join(dir, 'app.yaml'), manifests);
});
test.after.always(async () => plane?.destroy());

const k = whenAvailable(test, kubectlAvailable(), 'kubectl not installed');

test.serial('apply -f DIR creates, then reports unchanged, then configured; objects match the manifests', async (t) => {
  const first = await capstan(['apply', '-f', dir, '--kubeconfig', kc]);
  t.is(first.code, 0, first.stderr);
  t.deepEqual(first.stdout.trim().split('\n'), [
    'namespace/shop created',
    'configmap/settings created',
    'deployment.apps/web created',
    'service/web created',
  ]);
  t.regex(first.stderr, /4 objects: 4 created, 0 configured, 0 unchanged/);

  const again = await capstan(['apply', '-f', join(dir, 'app.yaml'), '--kubeconfig', kc]);
  t.is(again.code, 0, again.stderr);
  // Namespace aside (the server currently bumps a Namespace on a no-op apply), nothing changes.
  t.deepEqual(again.stdout.trim().split('\n').slice(1), [
    'configmap/settings unchanged',
    'deployment.apps/web unchanged',
    'service/web unchanged',
  ]);

  const changed = manifests.replace('color: blue', 'color: green');
  const third = await capstan(['apply', '-f', '-', '--kubeconfig', kc, '--json'], { stdin: changed });
  t.is(third.code, 0, third.stderr);
  const outcomes = JSON.parse(third.stdout) as { kind: string; action: string }[];
  t.deepEqual(
    outcomes.filter((o) => o.kind !== 'Namespace').map((o) => `${o.kind}:${o.action}`),
    ['ConfigMap:configured', 'Deployment:unchanged', 'Service:unchanged'],
  );
});

k.serial('get prints the same table columns and objects as kubectl', async (t) => {
  for (const args of [
    ['get', 'deploy,cm,svc', '-n', 'shop'],
    ['get', 'deploy', '-n', 'shop', '-o', 'wide'],
    ['get', 'ns'],
    ['get', 'svc', '-A', '--show-labels'],
    ['get', 'deployment', 'web', '-n', 'shop'],
  ]) {
    const ours = await capstan([...args, '--kubeconfig', kc]);
    const theirs = await kubectl(kc, args);
    t.is(ours.code, 0, ours.stderr);
    t.is(theirs.code, 0, theirs.stderr);
    const firstCells = (s: string) =>
      s.split('\n').map((l) =>
        l
          .split(/\s{2,}/)
          .slice(0, 2)
          .join('|'),
      );
    const headers = (s: string) => s.split('\n').filter((l) => /^(NAME|NAMESPACE)\s/.test(l));
    t.deepEqual(headers(ours.stdout), headers(theirs.stdout), args.join(' '));
    t.deepEqual(firstCells(ours.stdout), firstCells(theirs.stdout), args.join(' '));
  }
  for (const args of [
    ['get', 'cm', 'settings', '-n', 'shop', '-o', 'yaml'],
    ['get', 'deploy', '-n', 'shop', '-o', 'json'],
    ['get', 'deploy,svc,cm', '-n', 'shop', '-o', 'name'],
    ['get', 'cm', '-n', 'shop', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.data.color}{"\\n"}{end}'],
    ['get', 'svc', '-n', 'shop', '-o', 'jsonpath={.items[?(@.metadata.name=="web")].spec.ports[0].port}'],
  ]) {
    const ours = await capstan([...args, '--kubeconfig', kc]);
    const theirs = await kubectl(kc, args);
    t.is(ours.code, 0, ours.stderr);
    t.is(ours.stdout, theirs.stdout, args.join(' '));
  }
});

k.serial('objects applied by kubectl are listed by capstan and vice versa', async (t) => {
  const extra = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubectl\n  namespace: shop\ndata: {a: "1"}\n';
  const applied = await kubectl(kc, ['apply', '--server-side', '-f', '-'], { stdin: extra });
  t.is(applied.code, 0, applied.stderr);
  const ours = await capstan([
    'get',
    'cm',
    'from-kubectl',
    '-n',
    'shop',
    '-o',
    'jsonpath={.data.a}',
    '--kubeconfig',
    kc,
  ]);
  t.is(ours.stdout, '1');
  // A second manager joins managedFields: the object changes once, then stays unchanged.
  const reapplied = await capstan(['apply', '-f', '-', '--kubeconfig', kc], { stdin: extra });
  t.is(reapplied.stdout.trim(), 'configmap/from-kubectl configured');
  const third = await capstan(['apply', '-f', '-', '--kubeconfig', kc], { stdin: extra });
  t.is(third.stdout.trim(), 'configmap/from-kubectl unchanged');
});

k.serial('explain prints what kubectl explain prints', async (t) => {
  for (const path of ['pods', 'deployments.spec.replicas', 'pods.spec.containers']) {
    const ours = await capstan(['explain', path, '--kubeconfig', kc]);
    const theirs = await kubectl(kc, ['explain', path]);
    t.is(ours.code, 0, ours.stderr);
    t.is(ours.stdout, theirs.stdout, path);
  }
});

test.serial('scale sets replicas through the scale subresource; --current-replicas guards it', async (t) => {
  const ok = await capstan(['scale', 'deploy/web', '--replicas', '4', '-n', 'shop', '--kubeconfig', kc]);
  t.is(ok.code, 0, ok.stderr);
  t.is(ok.stdout, 'deployment.apps/web scaled\n');
  const read = await capstan([
    'get',
    'deploy',
    'web',
    '-n',
    'shop',
    '-o',
    'jsonpath={.spec.replicas}',
    '--kubeconfig',
    kc,
  ]);
  t.is(read.stdout, '4');
  const guarded = await capstan([
    'scale',
    'deploy',
    'web',
    '--replicas',
    '1',
    '--current-replicas',
    '2',
    '-n',
    'shop',
    '--kubeconfig',
    kc,
  ]);
  t.is(guarded.code, 1);
  t.is(guarded.stderr, 'error: Expected replicas to be 2, was 4\n');
});

test.serial('rollout status follows the status a controller writes, with kubectl messages', async (t) => {
  const client = await (await import('../../sdk/client/index.js')).createKubeClient(kc);
  const { builtin } = await import('../../sdk/builtin-resources.js');
  const d = await client.get(builtin.deployments, 'web', 'shop');
  const once = await capstan(['rollout', 'status', 'deploy/web', '-n', 'shop', '--watch=false', '--kubeconfig', kc]);
  t.is(once.code, 0, once.stderr);
  t.is(once.stdout, 'Waiting for deployment spec update to be observed...\n');
  const watch = capstanStream(['rollout', 'status', 'deploy/web', '-n', 'shop', '--kubeconfig', kc]);
  const exited = new Promise<number | null>((r) => watch.child.once('exit', (c) => r(c)));
  const gen = d.metadata.generation ?? 1;
  await client.updateStatus(builtin.deployments, {
    ...d,
    status: { observedGeneration: gen, replicas: 4, updatedReplicas: 4, availableReplicas: 1, readyReplicas: 1 },
  });
  t.truthy(
    await eventually(() => (watch.output().includes('1 of 4 updated replicas are available') ? true : undefined)),
  );
  const d2 = await client.get(builtin.deployments, 'web', 'shop');
  await client.updateStatus(builtin.deployments, {
    ...d2,
    status: { observedGeneration: gen, replicas: 4, updatedReplicas: 4, availableReplicas: 4, readyReplicas: 4 },
  });
  t.is(await exited, 0);
  t.regex(watch.output(), /deployment "web" successfully rolled out\n$/);
  client.close();
});

test.serial('describe shows conditions and the events of the object', async (t) => {
  const client = await (await import('../../sdk/client/index.js')).createKubeClient(kc);
  const { builtin } = await import('../../sdk/builtin-resources.js');
  const d = await client.get(builtin.deployments, 'web', 'shop');
  await client.updateStatus(builtin.deployments, {
    ...d,
    status: {
      ...(d.status as object),
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok' }],
    },
  });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.create(builtin.coreEvents, {
    metadata: { name: 'web.scaled', namespace: 'shop' },
    involvedObject: { kind: 'Deployment', name: 'web', namespace: 'shop', uid: d.metadata.uid, apiVersion: 'apps/v1' },
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set web-1 to 4',
    type: 'Normal',
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component: 'deployment-controller' },
  });
  const r = await capstan(['describe', 'deploy/web', '-n', 'shop', '--kubeconfig', kc]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^Name:\s+web$/m);
  t.regex(r.stdout, /^Namespace:\s+shop$/m);
  t.regex(
    r.stdout,
    /Conditions:\n\s+Type\s+Status\s+Reason\s+Message\n.*\n\s+Available\s+True\s+MinimumReplicasAvailable\s+ok/,
  );
  t.regex(
    r.stdout,
    /Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n.*\n\s+Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-1 to 4/,
  );
  const ev = await capstan(['events', '-n', 'shop', '--kubeconfig', kc]);
  t.regex(
    ev.stdout,
    /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n\S+\s+Normal\s+ScalingReplicaSet\s+Deployment\/web\s+Scaled up/,
  );
  client.close();
});

test.serial('get -w prints new objects as they are created', async (t) => {
  const w = capstanStream(['get', 'cm', '-n', 'shop', '-w', '--kubeconfig', kc]);
  t.truthy(await eventually(() => (w.output().includes('settings') ? true : undefined)));
  const created = await capstan(['apply', '-f', '-', '--kubeconfig', kc], {
    stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched, namespace: shop}\n',
  });
  t.is(created.code, 0, created.stderr);
  t.truthy(await eventually(() => (/^watched\s+0\s+\S+$/m.test(w.output()) ? true : undefined)), w.output());
  w.stop();
});

test.serial('delete removes objects and waits for them; a missing one is a NotFound error', async (t) => {
  const r = await capstan(['delete', 'cm', 'settings', '-n', 'shop', '--kubeconfig', kc]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'configmap "settings" deleted\n');
  const again = await capstan(['delete', 'cm/settings', '-n', 'shop', '--kubeconfig', kc]);
  t.is(again.code, 1);
  t.is(again.stderr, 'Error from server (NotFound): configmaps "settings" not found\n');
  const ignored = await capstan(['delete', 'cm/settings', '-n', 'shop', '--ignore-not-found', '--kubeconfig', kc]);
  t.is(ignored.code, 0);
});

test.serial('token create, list and revoke manage bootstrap token Secrets that authenticate', async (t) => {
  const created = await capstan(['token', 'create', '--description', 'ci', '--ttl', '2h', '--kubeconfig', kc]);
  t.is(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  t.regex(token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  const list = await capstan(['token', 'list', '--json', '--kubeconfig', kc]);
  const tokens = JSON.parse(list.stdout) as {
    token: string;
    description: string;
    usages: string[];
    groups: string[];
  }[];
  const mine = tokens.find((x) => x.token === token);
  t.truthy(mine);
  t.is(mine!.description, 'ci');
  t.deepEqual(mine!.usages, ['authentication', 'signing']);
  t.deepEqual(mine!.groups, ['system:bootstrappers:capstan:default-node-token']);
  const table = await capstan(['token', 'list', '--kubeconfig', kc]);
  t.regex(table.stdout, /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS$/m);
  t.regex(
    table.stdout,
    new RegExp(`^${token.replace('.', '\\.')}\\s+1h\\s+\\S+\\s+authentication,signing\\s+ci\\s`, 'm'),
  );
  const review = await fetchWhoAmI(plane.url, token);
  t.is(review, `system:bootstrap:${token.split('.')[0]}`);
  const revoked = await capstan(['token', 'revoke', token, '--kubeconfig', kc]);
  t.is(revoked.stdout, `bootstrap token "${token.split('.')[0]}" deleted\n`);
  const gone = await capstan(['token', 'revoke', token.split('.')[0]!, '--kubeconfig', kc]);
  t.is(gone.code, 1);
  t.is(gone.stderr, `error: bootstrap token "${token.split('.')[0]}" not found\n`);
  const bad = await capstan(['token', 'create', 'not-a-token', '--kubeconfig', kc]);
  t.is(bad.code, 2);
});

async function fetchWhoAmI(url: string, token: string): Promise<string | undefined> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/apis/authentication.k8s.io/v1/selfsubjectreviews`,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)?.status?.userInfo?.username));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }));
  });
}

test.serial('status reports the server, health checks and namespaces', async (t) => {
  const r = await capstan(['status', '--json', '--kubeconfig', kc]);
  t.is(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  t.is(s.server, plane.url);
  t.true(s.healthy);
  t.true(s.apiGroups.includes('apps/v1'));
  t.true(s.namespaces >= 5);
  t.is(s.store, 'sqlite');
  t.deepEqual(
    s.checks.map((c: { name: string }) => c.name),
    ['ping', 'etcd', 'watch-cache'],
  );
  const plugin = s.components.find((c: { name: string }) => c.name === 'plugin-scheduler-defaults');
  t.true(plugin?.ok, JSON.stringify(s.components));
  t.false(
    s.components.some((c: { name: string }) => c.name === 'plugin-core-controllers'),
    'disabled plugins are not components',
  );
});

test.serial('logs of a pod that no node runs is refused as kubectl refuses it', async (t) => {
  await capstan(['apply', '-f', '-', '--kubeconfig', kc], {
    stdin:
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: c, image: busybox}]}\n',
  });
  const r = await capstan(['logs', 'p', '-n', 'shop', '--kubeconfig', kc]);
  t.is(r.code, 1);
  t.is(r.stderr, 'Error from server (BadRequest): pod p does not have a host assigned\n');
});
