import anyTest, { type TestFn } from 'ava';
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/kubectl.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import { Manager } from '../../../sdk/runtime/manager.js';

const test = anyTest as TestFn<{ plane: TestControlPlane; client: HttpKubeClient }>;

test.before(async (t) => {
  const plane = await startTestControlPlane();
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfig);
  t.context = { plane, client };
});
test.after.always(async (t) => {
  t.context.client?.close();
  await t.context.plane?.destroy();
});

function replica(client: HttpKubeClient, identity: string, seen: string[]) {
  const mgr = new Manager({
    client,
    leaderElection: {
      name: 'sdk-test-election',
      namespace: 'default',
      identity,
      leaseDurationMs: 3_000,
      renewDeadlineMs: 2_000,
      retryPeriodMs: 200,
    },
  });
  mgr.addController({
    name: `counter-${identity}`,
    for: { resource: builtin.configMaps, selector: { namespace: 'default', labelSelector: 'election-test=yes' } },
    reconciler: async (req) => {
      seen.push(`${identity}:${req.name}`);
    },
  });
  return mgr;
}

test('two managers on one Lease: one leads and reconciles; the other takes over after release', async (t) => {
  const { client } = t.context;
  const seen: string[] = [];
  const a = replica(client, 'replica-a', seen);
  const b = replica(client, 'replica-b', seen);
  await a.start();
  await a.waitForLeadership();
  await b.start();
  let bStopped = false;
  try {
    const lease = await client.get(builtin.leases, 'sdk-test-election', 'default');
    t.is(lease.spec?.holderIdentity, 'replica-a');
    t.is(lease.spec?.leaseDurationSeconds, 3);
    t.true(a.isLeader());
    t.false(b.isLeader());

    await client.create(builtin.configMaps, {
      metadata: { name: 'first', namespace: 'default', labels: { 'election-test': 'yes' } },
    });
    await eventually(() => (seen.includes('replica-a:first') ? true : undefined));
    t.deepEqual(seen, ['replica-a:first'], 'only the leader reconciles');
    t.false(b.isLeader(), 'the standby keeps waiting while the leader renews');

    await a.stop();
    const released = await client.get(builtin.leases, 'sdk-test-election', 'default');
    t.falsy(released.spec?.holderIdentity, 'stopping released the lease');
    await b.waitForLeadership();
    t.true(b.isLeader());
    const taken = await client.get(builtin.leases, 'sdk-test-election', 'default');
    t.is(taken.spec?.holderIdentity, 'replica-b');
    t.is(taken.spec?.leaseTransitions, 1);

    // The new leader's warm queue already holds the object; it also sees new ones.
    await client.create(builtin.configMaps, {
      metadata: { name: 'second', namespace: 'default', labels: { 'election-test': 'yes' } },
    });
    await eventually(() => (seen.includes('replica-b:second') ? true : undefined));
    t.true(seen.includes('replica-b:first'));
    t.true(seen.includes('replica-b:second'));
    t.false(seen.includes('replica-a:second'), 'the stopped replica reconciles nothing');
    await b.stop();
    bStopped = true;
  } finally {
    await a.stop();
    if (!bStopped) await b.stop();
  }
});

test('a lease held by a live candidate that stops renewing is taken after it expires', async (t) => {
  const { client } = t.context;
  // A foreign holder that never renews.
  await client.create(builtin.leases, {
    metadata: { name: 'sdk-test-expiry', namespace: 'default' },
    spec: {
      holderIdentity: 'ghost',
      leaseDurationSeconds: 1,
      renewTime: new Date().toISOString().replace('Z', '000Z'),
      leaseTransitions: 4,
    },
  });
  const mgr = new Manager({
    client,
    leaderElection: {
      name: 'sdk-test-expiry',
      namespace: 'default',
      identity: 'successor',
      leaseDurationMs: 3_000,
      renewDeadlineMs: 2_000,
      retryPeriodMs: 200,
    },
  });
  await mgr.start();
  try {
    t.false(mgr.isLeader(), 'the ghost still holds a lease it renewed just now');
    await mgr.waitForLeadership();
    const lease = await client.get(builtin.leases, 'sdk-test-expiry', 'default');
    t.is(lease.spec?.holderIdentity, 'successor');
    t.is(lease.spec?.leaseTransitions, 5);
  } finally {
    await mgr.stop();
  }
});
