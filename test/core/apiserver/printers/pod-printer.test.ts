import test from 'ava';
import { podPrinter } from '../../../../core/apiserver/printers/pod-printer.js';
import { NOW, ago, object } from './fixtures.js';

const running = { running: { startedAt: ago(100) } };
const two = [{ name: 'a' }, { name: 'b' }];
const one = [{ name: 'a' }];
const restartAlways = (name: string) => ({ name, restartPolicy: 'Always' });
const lastTerminated = (secondsAgo: number) => ({ terminated: { exitCode: 1, finishedAt: ago(secondsAgo) } });

// Cases and expected cells follow kube-apiserver's printPod tests (pkg/printers/internalversion).
const cases: Array<{
  title: string;
  pod: Record<string, unknown>;
  want: unknown[];
  completed?: 'Succeeded' | 'Failed';
}> = [
  {
    title: 'counts ready containers and sums restarts',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'podPhase',
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
      },
    },
    want: ['1/2', 'podPhase', '6'],
  },
  {
    title: 'a waiting reason overrides the phase',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
        ],
      },
    },
    want: ['1/2', 'ContainerWaitingReason', '6'],
  },
  {
    title: 'the first container reason wins',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
          { restartCount: 3, state: { terminated: { reason: 'ContainerTerminatedReason' } } },
        ],
      },
    },
    want: ['0/2', 'ContainerWaitingReason', '6'],
  },
  {
    title: 'ready without running is not counted',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { ready: true, restartCount: 3 },
        ],
      },
    },
    want: ['1/2', 'podPhase', '6'],
  },
  {
    title: 'status.reason overrides the phase',
    pod: {
      spec: { containers: two },
      status: {
        reason: 'podReason',
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { ready: true, restartCount: 3 },
        ],
      },
    },
    want: ['1/2', 'podReason', '6'],
  },
  {
    title: 'one completed, one running, no Ready condition: NotReady',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { ready: true, restartCount: 3, state: running },
        ],
      },
    },
    want: ['1/2', 'NotReady', '6'],
  },
  {
    title: 'one completed, one running, Ready condition: Running',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { ready: true, restartCount: 3, state: running },
        ],
      },
    },
    want: ['1/2', 'Running', '6'],
  },
  {
    title: 'a restarting init container: Init:0/1 and restarts with the last restart age',
    pod: {
      spec: { initContainers: one, containers: one },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [{ name: 'a', restartCount: 3, state: running, lastState: lastTerminated(10) }],
        containerStatuses: [{ restartCount: 0, state: { waiting: {} } }],
      },
    },
    want: ['0/1', 'Init:0/1', '3 (10s ago)'],
  },
  {
    title: 'the first of two init containers restarting: Init:0/2',
    pod: {
      spec: { initContainers: two, containers: one },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: 'a', restartCount: 3, state: running, lastState: lastTerminated(10) },
          { name: 'b', state: { waiting: {} } },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    },
    want: ['0/1', 'Init:0/2', '3 (10s ago)'],
  },
  {
    title: 'the first init container done, the second restarting: Init:1/2',
    pod: {
      spec: { initContainers: two, containers: one },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: 'a', state: { terminated: {} } },
          { name: 'b', restartCount: 3, state: running, lastState: lastTerminated(10) },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    },
    want: ['0/1', 'Init:1/2', '3 (10s ago)'],
  },
  {
    title: 'restarts of all init containers add up while initializing; the latest restart shows',
    pod: {
      spec: { initContainers: two, containers: one },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: 'a', restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(120) },
          { name: 'b', restartCount: 3, state: running, lastState: lastTerminated(10) },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    },
    want: ['0/1', 'Init:1/2', '5 (10s ago)'],
  },
  {
    title: 'after initialization only the app containers restarts count',
    pod: {
      spec: { initContainers: one, containers: one },
      status: {
        phase: 'Running',
        initContainerStatuses: [
          { name: 'a', restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(120) },
        ],
        containerStatuses: [{ restartCount: 4, state: running, lastState: lastTerminated(20) }],
      },
    },
    want: ['0/1', 'Running', '4 (20s ago)'],
  },
  {
    title: 'a restart 5 days ago',
    pod: {
      spec: { containers: one },
      status: {
        phase: 'Running',
        containerStatuses: [{ ready: true, restartCount: 3, state: running, lastState: lastTerminated(5 * 86400) }],
      },
    },
    want: ['1/1', 'Running', '3 (5d ago)'],
  },
  {
    title: 'the most recent restart of several containers shows',
    pod: {
      spec: { containers: two },
      status: {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 6, state: running, lastState: lastTerminated(5 * 86400) },
          { ready: true, restartCount: 3, state: running, lastState: lastTerminated(20 * 86400) },
        ],
      },
    },
    want: ['2/2', 'Running', '9 (5d ago)'],
  },
  {
    title: 'SchedulingGated',
    pod: {
      spec: { containers: two },
      status: { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
    },
    want: ['0/2', 'SchedulingGated', '0'],
  },
  {
    title: 'Succeeded pod: Completed, with the Completed row condition',
    pod: {
      spec: { containers: one },
      status: {
        phase: 'Succeeded',
        containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
      },
    },
    want: ['0/1', 'Completed', '0'],
    completed: 'Succeeded',
  },
  {
    title: 'Failed pod: Error',
    pod: {
      spec: { containers: one },
      status: { phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 1 } } }] },
    },
    want: ['0/1', 'Error', '0'],
    completed: 'Failed',
  },
  {
    title: 'a deleted Succeeded pod stays Completed',
    pod: {
      metadata: { deletionTimestamp: ago(10) },
      spec: { containers: one },
      status: {
        phase: 'Succeeded',
        containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
      },
    },
    want: ['0/1', 'Completed', '0'],
    completed: 'Succeeded',
  },
  {
    title: 'a deleted running pod is Terminating',
    pod: {
      metadata: { deletionTimestamp: ago(10) },
      spec: { containers: one },
      status: { phase: 'Running', containerStatuses: [{ state: running }] },
    },
    want: ['0/1', 'Terminating', '0'],
  },
  {
    title: 'a deleted pending pod is Terminating',
    pod: { metadata: { deletionTimestamp: ago(10) }, spec: { containers: one }, status: { phase: 'Pending' } },
    want: ['0/1', 'Terminating', '0'],
  },
  {
    title: 'a deleted pod on a lost node is Unknown',
    pod: {
      metadata: { deletionTimestamp: ago(10) },
      spec: { containers: one },
      status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [{ ready: true, state: running }] },
    },
    want: ['1/1', 'Unknown', '0'],
  },
  {
    title: 'CrashLoopBackOff',
    pod: {
      spec: { containers: one },
      status: {
        phase: 'Running',
        containerStatuses: [
          { restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: lastTerminated(90) },
        ],
      },
    },
    want: ['0/1', 'CrashLoopBackOff', '5 (90s ago)'],
  },
  {
    title: 'an init container that failed without a reason: Init:ExitCode',
    pod: {
      spec: { initContainers: one, containers: one },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'a', state: { terminated: { exitCode: 2 } } }] },
    },
    want: ['0/1', 'Init:ExitCode:2', '0'],
  },
  {
    title: 'an init container killed by a signal: Init:Signal',
    pod: {
      spec: { initContainers: one, containers: one },
      status: {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }],
      },
    },
    want: ['0/1', 'Init:Signal:9', '0'],
  },
  {
    title: 'an init container waiting with a reason: Init:<reason>',
    pod: {
      spec: { initContainers: one, containers: one },
      status: {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'a', state: { waiting: { reason: 'ImagePullBackOff' } } }],
      },
    },
    want: ['0/1', 'Init:ImagePullBackOff', '0'],
  },
  {
    title: 'a container terminated without a reason: ExitCode',
    pod: {
      spec: { containers: one },
      status: { phase: 'Running', containerStatuses: [{ state: { terminated: { exitCode: 3 } } }] },
    },
    want: ['0/1', 'ExitCode:3', '0'],
  },
  // Restartable (sidecar) init containers.
  {
    title: 'sidecars not yet started count towards the total: Init:0/2',
    pod: {
      spec: { initContainers: [restartAlways('s1'), restartAlways('s2')], containers: one },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          { name: 's1', restartCount: 3, state: running, started: false, lastState: lastTerminated(10) },
          { name: 's2', state: { waiting: {} }, started: false },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    },
    want: ['0/3', 'Init:0/2', '3 (10s ago)'],
  },
  {
    title: 'the first sidecar started: Init:1/2',
    pod: {
      spec: { initContainers: [restartAlways('s1'), restartAlways('s2')], containers: one },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          { name: 's1', restartCount: 3, state: running, started: true, lastState: lastTerminated(10) },
          { name: 's2', state: running, started: false },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    },
    want: ['0/3', 'Init:1/2', '3 (10s ago)'],
  },
  {
    title: 'sidecars started, app running: sidecar restarts count with app restarts',
    pod: {
      spec: { initContainers: [restartAlways('s1'), restartAlways('s2')], containers: one },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 's1', restartCount: 3, state: running, started: true, lastState: lastTerminated(10) },
          { name: 's2', state: running, started: true },
        ],
        containerStatuses: [{ ready: true, restartCount: 4, state: running, lastState: lastTerminated(20) }],
      },
    },
    want: ['1/3', 'Running', '7 (10s ago)'],
  },
  {
    title: 'statuses for unknown init containers are not sidecars',
    pod: {
      spec: {
        initContainers: [{ name: 'init1', image: 'initimage' }, restartAlways('sidecar1')],
        containers: [{ name: 'container1', image: 'containerimage' }],
      },
      status: {
        phase: 'Running',
        initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }],
        containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }],
      },
    },
    want: ['0/2', 'Init:0/2', '0'],
  },
];

for (const c of cases) {
  test(`pod: ${c.title}`, (t) => {
    const pod = object('p', c.pod);
    const cells = podPrinter.cells(pod, NOW);
    t.deepEqual(cells.slice(1, 4), c.want);
    t.is(cells[0], 'p');
    t.is(cells[4], '<unknown>');
    const conditions = podPrinter.rowConditions?.(pod);
    if (c.completed === undefined) t.is(conditions, undefined);
    else
      t.deepEqual(conditions, [
        {
          type: 'Completed',
          status: 'True',
          reason: c.completed,
          message: c.completed === 'Succeeded' ? 'The pod has completed successfully.' : 'The pod failed.',
        },
      ]);
  });
}

test('pod wide cells: IP, Node, Nominated Node, Readiness Gates', (t) => {
  const pod = object(
    'test1',
    {
      spec: {
        containers: two,
        nodeName: 'test1',
        readinessGates: [
          { conditionType: 'condition1' },
          { conditionType: 'condition2' },
          { conditionType: 'condition3' },
        ],
      },
      status: {
        phase: 'podPhase',
        conditions: [
          { type: 'condition1', status: 'False' },
          { type: 'condition2', status: 'True' },
        ],
        podIPs: [{ ip: '1.1.1.1' }],
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
        nominatedNodeName: 'node1',
      },
    },
    300,
  );
  t.deepEqual(podPrinter.cells(pod, NOW), ['test1', '1/2', 'podPhase', '6', '5m', '1.1.1.1', 'test1', 'node1', '1/3']);
});

test('pod wide cells default to <none>; podIP is used when podIPs is absent', (t) => {
  const pending = object('pending', { spec: { containers: one }, status: { phase: 'Pending' } }, 30);
  t.deepEqual(podPrinter.cells(pending, NOW), [
    'pending',
    '0/1',
    'Pending',
    '0',
    '30s',
    '<none>',
    '<none>',
    '<none>',
    '<none>',
  ]);
  const legacy = object('legacy', { spec: { containers: one }, status: { phase: 'Running', podIP: '10.0.0.7' } });
  t.is(podPrinter.cells(legacy, NOW)[5], '10.0.0.7');
});

test('pod columns match kube-apiserver', (t) => {
  t.deepEqual(
    podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ],
  );
});
