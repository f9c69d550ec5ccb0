import anyTest, { type TestFn } from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';

const test = whenAvailable(
  anyTest as TestFn<{ plane: TestControlPlane; kc: string }>,
  kubectlAvailable(),
  'kubectl is not installed',
);

const fixtures = join(process.cwd(), 'test/fixtures/crds');
const crdYaml = readFileSync(join(fixtures, 'widgets.example.com.yaml'), 'utf8');

test.before(async (t) => {
  const plane = await startTestControlPlane();
  t.context = { plane, kc: plane.kubeconfigPath };
  const applied = await kubectl(plane.kubeconfigPath, ['apply', '-f', '-'], { stdin: crdYaml });
  if (applied.code !== 0) throw new Error(`applying the CRD failed: ${applied.stderr}`);
  const ns = await kubectl(plane.kubeconfigPath, ['create', 'namespace', 'shop']);
  if (ns.code !== 0) throw new Error(ns.stderr);
});
test.after.always(async (t) => {
  await t.context.plane?.destroy();
});

const widget = (name: string, spec: string) => `
apiVersion: example.com/v1
kind: Widget
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}
`;

test.serial('the CRD is established with its names accepted', async (t) => {
  const out = await eventually(async () => {
    const r = await kubectl(t.context.kc, ['get', 'crd', 'widgets.example.com', '-o', 'json']);
    const crd = JSON.parse(r.stdout) as {
      status?: { conditions?: Array<{ type: string; status: string; reason: string }> };
    };
    const established = crd.status?.conditions?.find((c) => c.type === 'Established');
    return established?.status === 'True' ? crd : undefined;
  });
  t.truthy(out);
  const conditions = out!.status!.conditions!;
  t.like(
    conditions.find((c) => c.type === 'NamesAccepted'),
    { status: 'True', reason: 'NoConflicts' },
  );
  t.like(
    conditions.find((c) => c.type === 'Established'),
    { status: 'True', reason: 'InitialNamesAccepted' },
  );
  const r = await kubectl(t.context.kc, [
    'wait',
    '--for=condition=Established',
    'crd/widgets.example.com',
    '--timeout=5s',
  ]);
  t.is(r.code, 0, r.stderr);
});

test.serial('api-resources lists the kind with its short name, scope and categories', async (t) => {
  const r = await kubectl(t.context.kc, ['api-resources', '--api-group=example.com', '--no-headers']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^widgets\s+wd\s+example\.com\/v1\s+true\s+Widget\s*$/m);
  const cat = await kubectl(t.context.kc, ['api-resources', '--categories=gadgets', '-o', 'name']);
  t.is(cat.stdout.trim(), 'widgets.example.com');
});

test.serial('explain shows the schema descriptions', async (t) => {
  const r = await kubectl(t.context.kc, ['explain', 'widgets.spec.size']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /KIND:\s+Widget/);
  t.regex(r.stdout, /How big the widget is\./);
  const top = await kubectl(t.context.kc, ['explain', 'widgets']);
  t.regex(top.stdout, /A Widget is a test gadget\./);
});

test.serial('a valid widget is created with defaults and without unknown fields', async (t) => {
  const r = await kubectl(t.context.kc, ['apply', '--validate=false', '-f', '-'], {
    stdin: widget(
      'alpha',
      '  size: M\n  bogus: 1\n  extra: {anything: [1, 2]}\n  template: {apiVersion: v1, kind: Pod, metadata: {name: x}, spec: {a: 1}}',
    ),
  });
  t.is(r.code, 0, r.stderr);
  const got = await kubectl(t.context.kc, ['get', 'widget', 'alpha', '-n', 'shop', '-o', 'json']);
  const obj = JSON.parse(got.stdout) as { spec: Record<string, unknown>; metadata: { generation: number } };
  t.is(obj.spec.replicas, 1);
  t.is(obj.spec.color, 'blue');
  t.false('bogus' in obj.spec);
  t.deepEqual(obj.spec.extra, { anything: [1, 2] });
  t.deepEqual(obj.spec.template, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { a: 1 } });
  t.is(obj.metadata.generation, 1);
});

test.serial('strict field validation names the unknown field', async (t) => {
  const r = await kubectl(t.context.kc, ['create', '--validate=strict', '-f', '-'], {
    stdin: widget('strict', '  size: M\n  bogus: 1'),
  });
  t.not(r.code, 0);
  t.regex(r.stderr, /unknown field "spec\.bogus"/);
});

test.serial('get prints the additional printer columns', async (t) => {
  const r = await kubectl(t.context.kc, ['get', 'widgets', '-n', 'shop']);
  t.is(r.code, 0, r.stderr);
  const [header, row] = r.stdout.trim().split('\n');
  t.regex(header!, /^NAME\s+SIZE\s+REPLICAS\s+READY\s+AGE$/);
  // Ready has no value yet: kubectl leaves a null cell blank.
  t.regex(row!, /^alpha\s+M\s+1\s+\d+s$/);
  t.is(row!.indexOf('M'), header!.indexOf('SIZE'));
  const short = await kubectl(t.context.kc, ['get', 'wd', '-n', 'shop', '-o', 'name']);
  t.is(short.stdout.trim(), 'widget.example.com/alpha');
});

const invalid: Array<{ title: string; spec: string; messages: string[] }> = [
  {
    title: 'a string where an integer belongs',
    spec: '  size: M\n  replicas: "three"',
    messages: ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'],
  },
  {
    title: 'a value outside the enum',
    spec: '  size: XL',
    messages: ['spec.size: Unsupported value: "XL": supported values: "S", "M", "L"'],
  },
  {
    title: 'a missing required field',
    spec: '  replicas: 2',
    messages: ['spec.size: Required value'],
  },
  {
    title: 'a number above the maximum',
    spec: '  size: S\n  replicas: 11',
    messages: ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10'],
  },
  {
    title: 'a string not matching the pattern',
    spec: '  size: S\n  color: Red',
    messages: [`spec.color: Invalid value: "Red": spec.color in body should match '^[a-z]+$'`],
  },
  {
    title: 'duplicate keys of a list-type map',
    spec: '  size: S\n  ports: [{name: http, number: 80}, {name: http, number: 81}]',
    messages: ['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}'],
  },
  {
    title: 'an embedded resource without kind',
    spec: '  size: S\n  template: {apiVersion: v1}',
    messages: ['spec.template.kind: Required value: must not be empty'],
  },
];

for (const c of invalid) {
  test.serial(`an invalid widget is rejected: ${c.title}`, async (t) => {
    const r = await kubectl(t.context.kc, ['create', '-f', '-'], { stdin: widget('bad', c.spec) });
    t.not(r.code, 0);
    t.regex(r.stderr, /The Widget "bad" is invalid/);
    for (const m of c.messages) t.true(r.stderr.includes(m), `${r.stderr} should include ${m}`);
  });
}

test.serial('the status subresource: main writes ignore status, /status writes only status', async (t) => {
  const plain = await kubectl(t.context.kc, [
    'patch',
    'widget',
    'alpha',
    '-n',
    'shop',
    '--type=merge',
    '-p',
    '{"status":{"replicas":5},"spec":{"replicas":2}}',
  ]);
  t.is(plain.code, 0, plain.stderr);
  let obj = JSON.parse((await kubectl(t.context.kc, ['get', 'widget', 'alpha', '-n', 'shop', '-o', 'json'])).stdout);
  t.is(obj.status, undefined);
  t.is(obj.spec.replicas, 2);
  t.is(obj.metadata.generation, 2);
  const status = await kubectl(t.context.kc, [
    'patch',
    'widget',
    'alpha',
    '-n',
    'shop',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"replicas":2,"readyReplicas":2,"selector":"app=alpha"},"spec":{"replicas":9}}',
  ]);
  t.is(status.code, 0, status.stderr);
  obj = JSON.parse((await kubectl(t.context.kc, ['get', 'widget', 'alpha', '-n', 'shop', '-o', 'json'])).stdout);
  t.deepEqual(obj.status, { replicas: 2, readyReplicas: 2, selector: 'app=alpha' });
  t.is(obj.spec.replicas, 2);
  t.is(obj.metadata.generation, 2);
});

test.serial('kubectl scale goes through the scale subresource', async (t) => {
  const r = await kubectl(t.context.kc, ['scale', 'widget', 'alpha', '-n', 'shop', '--replicas=4']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /widget\.example\.com\/alpha scaled/);
  const scale = await kubectl(t.context.kc, [
    'get',
    '--raw',
    '/apis/example.com/v1/namespaces/shop/widgets/alpha/scale',
  ]);
  const s = JSON.parse(scale.stdout);
  t.is(s.kind, 'Scale');
  t.deepEqual(s.spec, { replicas: 4 });
  t.deepEqual(s.status, { replicas: 2, selector: 'app=alpha' });
});

test.serial('strategic merge patch is refused with 415, merge patch works', async (t) => {
  const smp = await kubectl(t.context.kc, [
    'patch',
    'widget',
    'alpha',
    '-n',
    'shop',
    '--type=strategic',
    '-p',
    '{"spec":{"size":"L"}}',
  ]);
  t.not(smp.code, 0);
  t.regex(smp.stderr, /UnsupportedMediaType|unknown format|not supported/);
  const merge = await kubectl(t.context.kc, [
    'patch',
    'widget',
    'alpha',
    '-n',
    'shop',
    '--type=merge',
    '-p',
    '{"spec":{"size":"L"}}',
  ]);
  t.is(merge.code, 0, merge.stderr);
  const json = await kubectl(t.context.kc, [
    'patch',
    'widget',
    'alpha',
    '-n',
    'shop',
    '--type=merge',
    '-p',
    '{"spec":{"replicas":0}}',
  ]);
  t.not(json.code, 0);
  t.true(
    json.stderr.includes('spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'),
    json.stderr,
  );
});

test.serial('another served version reads the same objects with its own apiVersion', async (t) => {
  const r = await kubectl(t.context.kc, ['get', 'widgets.v1beta1.example.com', 'alpha', '-n', 'shop', '-o', 'json']);
  t.is(r.code, 0, r.stderr);
  const obj = JSON.parse(r.stdout);
  t.is(obj.apiVersion, 'example.com/v1beta1');
  t.is(obj.spec.size, 'L');
  const crd = JSON.parse((await kubectl(t.context.kc, ['get', 'crd', 'widgets.example.com', '-o', 'json'])).stdout);
  t.deepEqual(crd.status.storedVersions, ['v1']);
});

test.serial('re-applying a changed CRD updates its schema and OpenAPI', async (t) => {
  const changed = crdYaml.replace('How big the widget is.', 'How big the widget is, in T-shirt sizes.');
  const r = await kubectl(t.context.kc, ['apply', '-f', '-'], { stdin: changed });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /customresourcedefinition\.apiextensions\.k8s\.io\/widgets\.example\.com configured/);
  const explained = await eventually(async () => {
    const e = await kubectl(t.context.kc, ['explain', 'widgets.spec.size']);
    return e.stdout.includes('in T-shirt sizes') ? e : undefined;
  });
  t.truthy(explained);
});

test.serial('deleting the CRD deletes its objects and its API', async (t) => {
  const r = await kubectl(t.context.kc, ['delete', 'crd', 'widgets.example.com', '--timeout=20s']);
  t.is(r.code, 0, r.stderr);
  const gone = await eventually(async () => {
    const res = await kubectl(t.context.kc, ['get', '--raw', '/apis/example.com/v1']);
    return res.code !== 0 ? res : undefined;
  });
  t.truthy(gone);
  t.regex(gone!.stderr, /NotFound|not found|could not find/);
  const resources = await kubectl(t.context.kc, ['api-resources', '--api-group=example.com', '--no-headers']);
  t.is(resources.stdout.trim(), '');
  const stored = await t.context.plane.store.list('/registry/example.com/widgets/', {});
  t.is(stored.kvs.length, 0);
});
