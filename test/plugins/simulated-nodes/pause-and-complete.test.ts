// Simulated nodes that stop (pauseNode: a dead kubelet, for self-healing tests) and Job pods that
// complete (kwok's pod-complete stage), with a fake clock and a client that records writes.
import test from 'ava';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { SimulatedNodes } from '../../../plugins/simulated-nodes/index.js';
import { makePod } from '../../core/scheduler/fixtures.js';

/** A client that accepts every write and records `<resource>/<name>` of each patch and create. */
function recordingClient(): { client: KubeClient; writes: string[] } {
  const writes: string[] = [];
  const client = {
    async create(res: { plural: string }, obj: { metadata: { name: string } }) {
      writes.push(`create ${res.plural}/${obj.metadata.name}`);
      return obj;
    },
    async patch(res: { plural: string }, name: string) {
      writes.push(`patch ${res.plural}/${name}`);
      return { metadata: { name } };
    },
  } as unknown as KubeClient;
  return { client, writes };
}

test('a paused node stops renewing its Lease and Ready heartbeat; resumed, it renews again', async (t) => {
  const clock = new FakeClock();
  const { client, writes } = recordingClient();
  const sim = new SimulatedNodes(client, {
    count: 2,
    clock,
    leaseRenewMs: 1000,
    statusReportMs: 1000,
    runPods: false,
  });
  const ac = new AbortController();
  await sim.start(ac.signal);
  const count = (what: string) => writes.filter((w) => w === what).length;
  writes.length = 0;
  await clock.advance(3000);
  t.true(count('patch leases/sim-node-0') >= 2);
  t.true(count('patch nodes/sim-node-0') >= 2);

  sim.pauseNode('sim-node-0');
  t.true(sim.isPaused('sim-node-0'));
  writes.length = 0;
  await clock.advance(5000);
  t.is(count('patch leases/sim-node-0'), 0, 'no Lease renewal while paused');
  t.is(count('patch nodes/sim-node-0'), 0, 'no status report while paused');
  t.true(count('patch leases/sim-node-1') >= 4, 'the other node goes on');

  sim.resumeNode('sim-node-0');
  t.false(sim.isPaused('sim-node-0'));
  await clock.advance(3000);
  t.true(count('patch leases/sim-node-0') >= 2, 'renewals resume');
  t.throws(() => sim.pauseNode('elsewhere'), { message: /not one of these simulated nodes/ });
  ac.abort();
  await sim.stop();
});

test('a Job pod that ran gets the status a kubelet reports once its containers exit 0', (t) => {
  const clock = new FakeClock();
  const sim = new SimulatedNodes({} as KubeClient, { count: 1, clock });
  const pod = makePod('job-x').node('sim-node-0').obj();
  pod.status = { phase: 'Running', startTime: '2024-12-31T23:59:00Z' };
  const st = sim.succeededStatus(pod, clock.now()) as Record<string, any>;
  t.is(st.phase, 'Succeeded');
  t.like(
    st.conditions.find((c: { type: string }) => c.type === 'Ready'),
    { status: 'False', reason: 'PodCompleted' },
  );
  t.like(st.containerStatuses[0], {
    name: pod.spec!.containers![0]!.name,
    ready: false,
    started: false,
    state: {
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        startedAt: '2024-12-31T23:59:00Z',
        finishedAt: '2025-01-01T00:00:00Z',
      },
    },
  });
});
