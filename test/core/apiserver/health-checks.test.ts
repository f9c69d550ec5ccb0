import test from 'ava';
import { HealthChecks } from '../../../core/apiserver/health-checks.js';

test('an endpoint passes when all its checks pass; ready-only checks do not affect livez', async (t) => {
  const h = new HealthChecks();
  let storeUp = true;
  h.add('ping', () => undefined, 'live');
  h.add('etcd', () => (storeUp ? undefined : 'store unreachable'), 'live');
  h.add('plugin-x', () => 'failed: boom');
  t.deepEqual(h.names('livez'), ['ping', 'etcd']);
  t.deepEqual(h.names('readyz'), ['ping', 'etcd', 'plugin-x']);
  t.true((await h.run('livez')).every((r) => r.ok));
  const ready = await h.run('readyz');
  t.deepEqual(
    ready.filter((r) => !r.ok),
    [{ name: 'plugin-x', ok: false, reason: 'failed: boom' }],
  );
  storeUp = false;
  t.deepEqual(await h.run('livez', 'etcd'), [{ name: 'etcd', ok: false, reason: 'store unreachable' }]);
});

test('a check that throws or hangs fails with a reason instead of hanging the endpoint', async (t) => {
  const h = new HealthChecks(50);
  h.add('throws', () => {
    throw new Error('disk gone');
  });
  h.add('hangs', () => new Promise<undefined>(() => undefined));
  const results = await h.run('readyz');
  t.deepEqual(results, [
    { name: 'throws', ok: false, reason: 'disk gone' },
    { name: 'hangs', ok: false, reason: 'timed out after 50 ms' },
  ]);
});
