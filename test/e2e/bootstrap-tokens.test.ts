import test from 'ava';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminClient } from '../helpers/capstan-process.js';
import { startTestControlPlane } from '../helpers/control-plane.js';
import { eventually } from '../helpers/kubectl.js';

function withToken(dataDir: string, port: number, token: string, path: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        ca: readFileSync(join(dataDir, 'pki', 'ca.crt')),
        headers: { Authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('a bootstrap token Secret authenticates as system:bootstrap:<id> until it expires or is deleted', async (t) => {
  const plane = await startTestControlPlane();
  const port = Number(new URL(plane.url).port);
  const admin = adminClient(plane.dataDir, port);
  try {
    const secret = (id: string, secretPart: string, extra: Record<string, string> = {}) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      data: {
        'token-id': b64(id),
        'token-secret': b64(secretPart),
        'usage-bootstrap-authentication': b64('true'),
        'auth-extra-groups': b64('system:bootstrappers:capstan:default-node-token'),
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, b64(v)])),
      },
    });
    t.is(
      (await admin.call('POST', '/api/v1/namespaces/kube-system/secrets', secret('abcdef', '0123456789abcdef'))).status,
      201,
    );
    const good = await eventually(async () => {
      const r = await withToken(plane.dataDir, port, 'abcdef.0123456789abcdef', '/api/v1/namespaces');
      return r.status === 200 ? r : undefined;
    });
    t.truthy(good);
    const who = await new Promise<any>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          ca: readFileSync(join(plane.dataDir, 'pki', 'ca.crt')),
          headers: { Authorization: 'Bearer abcdef.0123456789abcdef', 'Content-Type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }));
    });
    t.is(who.status.userInfo.username, 'system:bootstrap:abcdef');
    t.true(who.status.userInfo.groups.includes('system:bootstrappers:capstan:default-node-token'));

    t.is((await withToken(plane.dataDir, port, 'abcdef.ffffffffffffffff', '/api/v1/namespaces')).status, 401);
    await admin.call(
      'POST',
      '/api/v1/namespaces/kube-system/secrets',
      secret('expird', '0123456789abcdef', { expiration: '2000-01-01T00:00:00Z' }),
    );
    t.is((await withToken(plane.dataDir, port, 'expird.0123456789abcdef', '/api/v1/namespaces')).status, 401);

    await admin.call('DELETE', '/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef');
    const revoked = await eventually(async () => {
      const r = await withToken(plane.dataDir, port, 'abcdef.0123456789abcdef', '/api/v1/namespaces');
      return r.status === 401 ? r : undefined;
    });
    t.is(revoked?.body.reason, 'Unauthorized');
  } finally {
    admin.agent.destroy();
    await plane.destroy();
  }
});
