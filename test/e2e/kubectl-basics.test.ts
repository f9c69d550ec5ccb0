import anyTest, { type TestFn } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable, kubectlStream } from '../helpers/kubectl.js';

const test = whenAvailable(
  anyTest as TestFn<{ plane: TestControlPlane; kc: string }>,
  kubectlAvailable(),
  'kubectl is not installed',
);

test.before(async (t) => {
  const plane = await startTestControlPlane();
  t.context = { plane, kc: plane.kubeconfigPath };
});
test.after.always(async (t) => {
  await t.context.plane?.destroy();
});

const manifest = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
  labels: {app: web}
data:
  greeting: hello
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
  namespace: shop
stringData:
  password: s3cret
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: capstan/busybox:latest
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;

test.serial('the server reports minor 32 and lists the built-in resources', async (t) => {
  const v = await kubectl(t.context.kc, ['version', '-o', 'json']);
  t.is(v.code, 0, v.stderr);
  t.is(JSON.parse(v.stdout).serverVersion.minor, '32');
  const r = await kubectl(t.context.kc, ['api-resources', '--no-headers']);
  t.is(r.code, 0, r.stderr);
  for (const name of [
    'pods',
    'deployments',
    'services',
    'configmaps',
    'namespaces',
    'leases',
    'customresourcedefinitions',
  ]) {
    t.regex(r.stdout, new RegExp(`^${name}\\s`, 'm'), `api-resources lists ${name}`);
  }
});

test.serial('a request without credentials is refused with 401', async (t) => {
  const url = t.context.plane.url;
  const kc = join(t.context.plane.dataDir, 'anonymous.yaml');
  writeFileSync(
    kc,
    `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: not-a-valid-token}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`,
  );
  const r = await kubectl(kc, ['get', 'pods']);
  t.not(r.code, 0);
  t.regex(r.stderr, /Unauthorized|must be logged in/);
});

test.serial('apply creates, then leaves unchanged, then configures', async (t) => {
  const file = join(t.context.plane.dataDir, 'app.yaml');
  writeFileSync(file, manifest);
  const first = await kubectl(t.context.kc, ['apply', '-f', file]);
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /namespace\/shop created/);
  t.regex(first.stdout, /deployment.apps\/web created/);
  t.regex(first.stdout, /service\/web created/);
  const second = await kubectl(t.context.kc, ['apply', '-f', file]);
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /configmap\/web-config unchanged/);
  t.regex(second.stdout, /deployment.apps\/web unchanged/);
  writeFileSync(file, manifest.replace('greeting: hello', 'greeting: bonjour').replace('replicas: 2', 'replicas: 3'));
  const third = await kubectl(t.context.kc, ['apply', '-f', file]);
  t.is(third.code, 0, third.stderr);
  t.regex(third.stdout, /configmap\/web-config configured/);
  t.regex(third.stdout, /deployment.apps\/web configured/);
  t.regex(third.stdout, /service\/web unchanged/);
  const cm = await kubectl(t.context.kc, ['get', 'configmap', 'web-config', '-n', 'shop', '-o', 'json']);
  t.is(JSON.parse(cm.stdout).data.greeting, 'bonjour');
  const dep = JSON.parse((await kubectl(t.context.kc, ['get', 'deploy', 'web', '-n', 'shop', '-o', 'json'])).stdout);
  t.is(dep.spec.replicas, 3);
  t.is(dep.metadata.generation, 2, 'a spec change bumps generation');
  t.is(dep.spec.strategy.type, 'RollingUpdate', 'deployment strategy is defaulted');
});

test.serial('get prints tables, and -o yaml/json/name, -l and --field-selector narrow', async (t) => {
  const kc = t.context.kc;
  const table = await kubectl(kc, ['get', 'configmaps', '-n', 'shop']);
  t.is(table.code, 0, table.stderr);
  t.regex(table.stdout, /^NAME\s+DATA\s+AGE/m);
  t.regex(table.stdout, /^web-config\s+1\s+/m);
  const yaml = await kubectl(kc, ['get', 'secret', 'web-secret', '-n', 'shop', '-o', 'yaml']);
  t.regex(yaml.stdout, /password: czNjcmV0/, 'stringData is stored base64 in data');
  const names = await kubectl(kc, ['get', 'cm,svc', '-n', 'shop', '-l', 'app=web', '-o', 'name']);
  t.deepEqual(names.stdout.trim().split('\n'), ['configmap/web-config']);
  const byField = await kubectl(kc, ['get', 'ns', '--field-selector', 'metadata.name=shop', '-o', 'name']);
  t.is(byField.stdout.trim(), 'namespace/shop');
  const sorted = await kubectl(kc, ['get', 'ns', '--sort-by=.metadata.name', '-o', 'name']);
  const list = sorted.stdout.trim().split('\n');
  t.deepEqual(list, [...list].sort());
  const missing = await kubectl(kc, ['get', 'configmap', 'nope', '-n', 'shop']);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
});

test.serial('label, annotate and the three patch types change the object', async (t) => {
  const kc = t.context.kc;
  t.is((await kubectl(kc, ['label', 'cm', 'web-config', '-n', 'shop', 'tier=frontend'])).code, 0);
  t.is((await kubectl(kc, ['annotate', 'cm', 'web-config', '-n', 'shop', 'note=hi'])).code, 0);
  const merge = await kubectl(kc, [
    'patch',
    'cm',
    'web-config',
    '-n',
    'shop',
    '--type=merge',
    '-p',
    '{"data":{"m":"1"}}',
  ]);
  t.is(merge.code, 0, merge.stderr);
  const json = await kubectl(kc, [
    'patch',
    'cm',
    'web-config',
    '-n',
    'shop',
    '--type=json',
    '-p',
    '[{"op":"add","path":"/data/j","value":"2"}]',
  ]);
  t.is(json.code, 0, json.stderr);
  const smp = await kubectl(kc, [
    'patch',
    'deploy',
    'web',
    '-n',
    'shop',
    '-p',
    '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"capstan/busybox:v2"}]}}}}',
  ]);
  t.is(smp.code, 0, smp.stderr);
  const cm = JSON.parse((await kubectl(kc, ['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json'])).stdout);
  t.is(cm.metadata.labels.tier, 'frontend');
  t.is(cm.metadata.annotations.note, 'hi');
  t.is(cm.data.m, '1');
  t.is(cm.data.j, '2');
  const dep = JSON.parse((await kubectl(kc, ['get', 'deploy', 'web', '-n', 'shop', '-o', 'json'])).stdout);
  t.is(dep.spec.template.spec.containers.length, 1);
  t.is(dep.spec.template.spec.containers[0].image, 'capstan/busybox:v2');
  t.deepEqual(
    dep.spec.template.spec.containers[0].ports,
    [{ containerPort: 8080, protocol: 'TCP' }],
    'merge by name keeps ports',
  );
  const unlabel = await kubectl(kc, ['label', 'cm', 'web-config', '-n', 'shop', 'tier-']);
  t.is(unlabel.code, 0);
  const after = JSON.parse((await kubectl(kc, ['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json'])).stdout);
  t.false('tier' in after.metadata.labels);
});

test.serial('get -w streams changes made by another client', async (t) => {
  const kc = t.context.kc;
  const watch = kubectlStream(kc, ['get', 'configmaps', '-n', 'shop', '-w', '--output-watch-events']);
  try {
    await eventually(() => (watch.output().includes('web-config') ? true : undefined));
    t.is((await kubectl(kc, ['create', 'configmap', 'watched', '-n', 'shop', '--from-literal=a=b'])).code, 0);
    t.is((await kubectl(kc, ['delete', 'configmap', 'watched', '-n', 'shop'])).code, 0);
    const seen = await eventually(() => (/DELETED\s+watched/.test(watch.output()) ? watch.output() : undefined));
    t.truthy(seen, watch.output());
    t.regex(seen!, /ADDED\s+watched/);
  } finally {
    watch.stop();
  }
});

test.serial('create generators send protobuf and work', async (t) => {
  const kc = t.context.kc;
  const ns = await kubectl(kc, ['create', 'namespace', 'proto']);
  t.is(ns.code, 0, ns.stderr);
  const dep = await kubectl(kc, [
    'create',
    'deployment',
    'hello',
    '-n',
    'proto',
    '--image=capstan/busybox',
    '--replicas=2',
  ]);
  t.is(dep.code, 0, dep.stderr);
  const got = JSON.parse((await kubectl(kc, ['get', 'deploy', 'hello', '-n', 'proto', '-o', 'json'])).stdout);
  t.is(got.spec.replicas, 2);
  t.is(got.spec.template.spec.containers[0].image, 'capstan/busybox');
  const can = await kubectl(kc, ['auth', 'can-i', 'create', 'pods']);
  t.is(can.stdout.trim(), 'yes');
});

test.serial('bad manifests get errors that name the field', async (t) => {
  const kc = t.context.kc;
  const file = join(t.context.plane.dataDir, 'bad.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: shop\n');
  const badName = await kubectl(kc, ['apply', '-f', file]);
  t.is(badName.code, 1);
  t.regex(badName.stderr, /metadata.name: Invalid value: "Bad_Name"/);
  writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  namespace: shop\nspec:\n  foo: 1\n');
  const unknown = await kubectl(kc, ['create', '-f', file]);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /unknown field "spec"/);
  writeFileSync(
    file,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nocontainers\n  namespace: shop\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: []}\n',
  );
  const invalid = await kubectl(kc, ['apply', '-f', file]);
  t.is(invalid.code, 1);
  t.regex(invalid.stderr, /spec.template.spec.containers: Required value/);
});

test.serial('apply --server-side, diff, edit, delete and wait --for=delete', async (t) => {
  const kc = t.context.kc;
  const file = join(t.context.plane.dataDir, 'ssa.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: shop\ndata:\n  a: "1"\n');
  const ssa = await kubectl(kc, ['apply', '--server-side', '-f', file]);
  t.is(ssa.code, 0, ssa.stderr);
  t.regex(ssa.stdout, /configmap\/ssa serverside-applied/);
  const obj = JSON.parse(
    (await kubectl(kc, ['get', 'cm', 'ssa', '-n', 'shop', '-o', 'json', '--show-managed-fields'])).stdout,
  );
  t.true(
    obj.metadata.managedFields.some(
      (m: { manager: string; operation: string }) => m.manager === 'kubectl' && m.operation === 'Apply',
    ),
  );
  writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: shop\ndata:\n  a: "2"\n');
  const diff = await kubectl(kc, ['diff', '-f', file]);
  t.is(diff.code, 1, diff.stderr);
  t.regex(diff.stdout, /-\s+a: "1"/);
  t.regex(diff.stdout, /\+\s+a: "2"/);
  const edit = await kubectl(kc, ['edit', 'cm', 'ssa', '-n', 'shop'], {
    env: { EDITOR: `sed -i -e 's/a: "1"/a: "edited"/'` },
  });
  t.is(edit.code, 0, edit.stderr);
  const edited = JSON.parse((await kubectl(kc, ['get', 'cm', 'ssa', '-n', 'shop', '-o', 'json'])).stdout);
  t.is(edited.data.a, 'edited');
  const waiting = kubectl(kc, ['wait', '--for=delete', 'cm/ssa', '-n', 'shop', '--timeout=60s']);
  const del = await kubectl(kc, ['delete', 'cm', 'ssa', '-n', 'shop', '--wait=false']);
  t.is(del.code, 0, del.stderr);
  t.regex(del.stdout, /configmap "ssa" deleted/);
  const wait = await waiting;
  t.is(wait.code, 0, wait.stderr);
});

test.serial('explain reads the OpenAPI schema', async (t) => {
  const r = await kubectl(t.context.kc, ['explain', 'deployment.spec.replicas']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /FIELD:\s+replicas\s+<integer>/);
});
