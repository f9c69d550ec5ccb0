import test from 'ava';
import { adminClient } from '../helpers/capstan-process.js';
import { startTestControlPlane } from '../helpers/control-plane.js';

test('a deleted namespace is Terminating, refuses new content, and goes when finalize empties spec.finalizers', async (t) => {
  const plane = await startTestControlPlane({ namespaceFinalization: true });
  const c = adminClient(plane.dataDir, Number(new URL(plane.url).port));
  try {
    await c.call('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    const del = await c.call('DELETE', '/api/v1/namespaces/doomed');
    t.is(del.status, 202);
    const ns = await c.call('GET', '/api/v1/namespaces/doomed');
    t.is(ns.body.status.phase, 'Terminating');
    t.truthy(ns.body.metadata.deletionTimestamp);
    t.deepEqual(ns.body.spec.finalizers, ['kubernetes']);
    const refused = await c.call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
    t.is(refused.status, 403);
    t.regex(refused.body.message, /because it is being terminated/);
    const sneaky = await c.call('PUT', '/api/v1/namespaces/doomed', { ...ns.body, spec: { finalizers: [] } });
    t.is(sneaky.status, 200);
    t.deepEqual(sneaky.body.spec.finalizers, ['kubernetes'], 'a plain update cannot drop spec.finalizers');
    const fin = await c.call('PUT', '/api/v1/namespaces/doomed/finalize', { ...ns.body, spec: { finalizers: [] } });
    t.is(fin.status, 200);
    t.is((await c.call('GET', '/api/v1/namespaces/doomed')).status, 404);
  } finally {
    c.agent.destroy();
    await plane.destroy();
  }
});
