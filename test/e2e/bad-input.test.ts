import anyTest, { type TestFn } from 'ava';
import { adminClient } from '../helpers/capstan-process.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';

const test = anyTest as TestFn<{ plane: TestControlPlane; client: ReturnType<typeof adminClient> }>;

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const port = Number(new URL(plane.url).port);
  t.context = { plane, client: adminClient(plane.dataDir, port) };
});
test.after.always(async (t) => {
  t.context.client?.agent.destroy();
  await t.context.plane?.destroy();
});

const cms = '/api/v1/namespaces/default/configmaps';

const cases: Array<{
  title: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  code: number;
  reason?: string;
  field?: string;
}> = [
  { title: 'malformed JSON', method: 'POST', path: cms, body: '{"metadata": {', code: 400, reason: 'BadRequest' },
  { title: 'a JSON array body', method: 'POST', path: cms, body: '[1,2]', code: 400, reason: 'BadRequest' },
  {
    title: 'malformed YAML',
    method: 'POST',
    path: cms,
    body: 'metadata: [unclosed',
    headers: { 'Content-Type': 'application/yaml' },
    code: 400,
  },
  {
    title: 'the wrong kind',
    method: 'POST',
    path: cms,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }),
    code: 400,
  },
  {
    title: 'an invalid name',
    method: 'POST',
    path: cms,
    body: JSON.stringify({ metadata: { name: 'Bad_Name' } }),
    code: 422,
    reason: 'Invalid',
    field: 'metadata.name',
  },
  {
    title: 'a missing name',
    method: 'POST',
    path: cms,
    body: JSON.stringify({ metadata: {} }),
    code: 422,
    reason: 'Invalid',
    field: 'metadata.name',
  },
  {
    title: 'a body over 3 MiB',
    method: 'POST',
    path: cms,
    body: JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(3.5 * 1024 * 1024) } }),
    code: 413,
  },
  {
    title: 'an unknown field with Strict validation',
    method: 'POST',
    path: `${cms}?fieldValidation=Strict`,
    body: JSON.stringify({ metadata: { name: 'u' }, spec: { x: 1 } }),
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'an unsupported content type',
    method: 'POST',
    path: cms,
    body: 'x',
    headers: { 'Content-Type': 'text/plain' },
    code: 415,
    reason: 'UnsupportedMediaType',
  },
  {
    title: 'an unsupported patch type',
    method: 'PATCH',
    path: `${cms}/absent`,
    body: '{}',
    headers: { 'Content-Type': 'application/xml' },
    code: 415,
  },
  {
    title: 'a JSON patch that is an object',
    method: 'PATCH',
    path: '/api/v1/namespaces/default',
    body: '{"a":1}',
    headers: { 'Content-Type': 'application/json-patch+json' },
    code: 400,
  },
  {
    title: 'apply without a field manager',
    method: 'PATCH',
    path: `${cms}/x`,
    body: '{"apiVersion":"v1","kind":"ConfigMap"}',
    headers: { 'Content-Type': 'application/apply-patch+yaml' },
    code: 422,
  },
  {
    title: 'an unknown resource',
    method: 'GET',
    path: '/api/v1/namespaces/default/widgets',
    code: 404,
    reason: 'NotFound',
  },
  { title: 'an unknown group', method: 'GET', path: '/apis/nope.example.com/v1/things', code: 404 },
  { title: 'a bad label selector', method: 'GET', path: `${cms}?labelSelector=a%20in%20b`, code: 400 },
  { title: 'an unsupported field selector', method: 'GET', path: `${cms}?fieldSelector=spec.nothing%3Dx`, code: 400 },
  { title: 'a bad limit', method: 'GET', path: `${cms}?limit=-3`, code: 400 },
  { title: 'a bad continue token', method: 'GET', path: `${cms}?continue=garbage`, code: 400 },
  {
    title: 'a bad dryRun value',
    method: 'POST',
    path: `${cms}?dryRun=Some`,
    body: JSON.stringify({ metadata: { name: 'd' } }),
    code: 400,
  },
  {
    title: 'a namespace that does not exist',
    method: 'POST',
    path: '/api/v1/namespaces/nowhere/configmaps',
    body: JSON.stringify({ metadata: { name: 'n' } }),
    code: 404,
  },
  {
    title: 'a mismatched namespace',
    method: 'POST',
    path: cms,
    body: JSON.stringify({ metadata: { name: 'm', namespace: 'other' } }),
    code: 400,
  },
  {
    title: 'PUT with a stale resourceVersion',
    method: 'PUT',
    path: '/api/v1/namespaces/default',
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', resourceVersion: '999999' },
    }),
    code: 409,
    reason: 'Conflict',
  },
  { title: 'DELETE of a missing object', method: 'DELETE', path: `${cms}/absent`, code: 404, reason: 'NotFound' },
];

for (const c of cases) {
  test(`${c.title} gets ${c.code}`, async (t) => {
    const r = await t.context.client.call(c.method, c.path, c.body, c.headers);
    t.is(r.status, c.code, JSON.stringify(r.body).slice(0, 300));
    t.is(r.body.kind, 'Status');
    t.is(r.body.code, c.code);
    if (c.reason) t.is(r.body.reason, c.reason);
    if (c.field) t.true(r.body.details.causes.some((x: { field: string }) => x.field === c.field));
  });
}

test('the server keeps serving after bad input', async (t) => {
  for (const c of cases) await t.context.client.call(c.method, c.path, c.body, c.headers);
  const r = await t.context.client.call('GET', '/api/v1/namespaces/default');
  t.is(r.status, 200);
  t.is(r.body.metadata.name, 'default');
});
