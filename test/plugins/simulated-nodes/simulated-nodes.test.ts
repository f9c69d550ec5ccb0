// The objects simulated nodes write: Node objects as a kubelet registers them, and the pod status a
// kubelet reports once containers run (pkg/kubelet/status: phase, conditions, IPs, containerStatuses).
import test from 'ava';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { SimulatedNodes } from '../../../plugins/simulated-nodes/index.js';
import { makePod } from '../../core/scheduler/fixtures.js';

const noClient = {} as KubeClient;

test('nodes carry capacity = allocatable, hostname label, taints and a Ready condition', (t) => {
  const sim = new SimulatedNodes(noClient, {
    count: 3,
    namePrefix: 'kwok-',
    capacity: { cpu: '8', memory: '16Gi', pods: '110' },
    labels: (i) => ({ 'topology.kubernetes.io/zone': `zone-${i % 2}` }),
    taints: [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }],
    clock: new FakeClock(),
  });
  t.deepEqual(sim.nodeNames(), ['kwok-0', 'kwok-1', 'kwok-2']);
  const n = sim.nodeObject(1);
  t.is(n.metadata.name, 'kwok-1');
  t.like(n.metadata.labels, { 'kubernetes.io/hostname': 'kwok-1', 'topology.kubernetes.io/zone': 'zone-1' });
  t.deepEqual(n.status!.allocatable, { cpu: '8', memory: '16Gi', pods: '110' });
  t.deepEqual(n.status!.capacity, n.status!.allocatable);
  t.deepEqual(n.spec!.taints, [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }]);
  t.like(
    n.status!.conditions!.find((c) => c.type === 'Ready'),
    { status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2025-01-01T00:00:00Z' },
  );
});

test('a bound pod gets the status a kubelet reports for running containers', (t) => {
  const clock = new FakeClock();
  const sim = new SimulatedNodes(noClient, { count: 2, clock });
  const pod = makePod('web').node('sim-node-1').obj();
  const st = sim.runningStatus(pod, clock.now()) as Record<string, any>;
  t.is(st.phase, 'Running');
  t.deepEqual(
    st.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'],
  );
  t.is(st.hostIP, '10.250.0.1');
  t.deepEqual(st.hostIPs, [{ ip: '10.250.0.1' }]);
  t.regex(st.podIP, /^10\.0\.1\.\d+$/);
  t.is(st.startTime, '2025-01-01T00:00:00Z');
  t.like(st.containerStatuses[0], {
    name: 'c',
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
  });
  const again = sim.runningStatus(makePod('web2').node('sim-node-1').obj(), clock.now()) as Record<string, any>;
  t.not(again.podIP, st.podIP);
});
