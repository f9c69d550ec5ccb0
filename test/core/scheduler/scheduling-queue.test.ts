// The scheduling queue with a fake clock: kube-scheduler's PriorityQueue semantics
// (pkg/scheduler/backend/queue/scheduling_queue.go): podInitialBackoff 1 s doubling to podMaxBackoff 10 s,
// flushBackoffQCompleted every second, unschedulable pods moved only by events their rejecting
// plugins registered for, and a 5-minute unschedulable timeout.
import test from 'ava';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import {
  ActionType,
  podPriority,
  type ClusterEventWithHint,
  type QueuedPodInfo,
} from '../../../sdk/scheduler/index.js';
import { SchedulingQueue } from '../../../core/scheduler/scheduling-queue.js';
import { makePod } from './fixtures.js';

const less = (a: QueuedPodInfo, b: QueuedPodInfo) =>
  podPriority(a.podInfo.pod) > podPriority(b.podInfo.pod) ||
  (podPriority(a.podInfo.pod) === podPriority(b.podInfo.pod) && a.timestamp < b.timestamp);

function newQueue(hints?: Map<string, ClusterEventWithHint[]>) {
  const clock = new FakeClock();
  const queue = new SchedulingQueue({ clock, less, hintsFor: hints ? () => hints : undefined });
  return { clock, queue };
}

for (const [attempts, ms] of [
  [1, 1000],
  [2, 2000],
  [3, 4000],
  [4, 8000],
  [5, 10_000],
  [9, 10_000],
] as const) {
  test(`backoff after ${attempts} attempt(s) is ${ms} ms`, (t) => {
    t.is(newQueue().queue.backoffDuration(attempts), ms);
  });
}

test('the active queue pops by priority, then by arrival', (t) => {
  const { queue, clock } = newQueue();
  queue.add(makePod('low').priority(0).obj());
  void clock.advance(1);
  queue.add(makePod('high').priority(100).obj());
  queue.add(makePod('low2').priority(0).obj());
  t.deepEqual(
    [queue.tryPop(), queue.tryPop(), queue.tryPop()].map((q) => q?.podInfo.pod.metadata.name),
    ['high', 'low', 'low2'],
  );
  t.is(queue.tryPop(), undefined);
});

test('a pod that failed with an error waits out its backoff, then becomes active', async (t) => {
  const { queue, clock } = newQueue();
  queue.add(makePod('p').obj());
  const q = queue.tryPop()!;
  queue.addUnschedulableIfNotPresent(q, true);
  t.is(queue.where('default/p'), 'backoff');
  await clock.advance(999);
  queue.flushBackoffQCompleted();
  t.is(queue.where('default/p'), 'backoff');
  await clock.advance(1);
  queue.flushBackoffQCompleted();
  t.is(queue.where('default/p'), 'active');
});

test('run() flushes the backoff queue on its one-second tick', async (t) => {
  const { queue, clock } = newQueue();
  const ac = new AbortController();
  queue.run(ac.signal);
  queue.add(makePod('p').obj());
  const q = queue.tryPop()!;
  q.attempts = 3; // 4 s of backoff
  queue.addUnschedulableIfNotPresent(q, true);
  await clock.advance(3000);
  t.is(queue.where('default/p'), 'backoff');
  await clock.advance(1000);
  t.is(queue.where('default/p'), 'active');
  ac.abort();
});

test('an unschedulable pod moves only on an event its rejecting plugin registered', async (t) => {
  const hints = new Map<string, ClusterEventWithHint[]>([
    ['NodeResourcesFit', [{ event: { resource: 'Node', actionType: ActionType.Add } }]],
  ]);
  const { queue, clock } = newQueue(hints);
  queue.add(makePod('p').obj());
  const q = queue.tryPop()!;
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  t.is(queue.where('default/p'), 'unschedulable');
  queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.UpdateNodeLabel });
  t.is(queue.where('default/p'), 'unschedulable');
  // Still within its 1 s backoff: the event sends it to the backoff queue.
  queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add });
  t.is(queue.where('default/p'), 'backoff');
  await clock.advance(1000);
  queue.flushBackoffQCompleted();
  t.is(queue.where('default/p'), 'active');
});

test('a queueing hint can skip an event', (t) => {
  const hints = new Map<string, ClusterEventWithHint[]>([
    ['NodeAffinity', [{ event: { resource: 'Node', actionType: ActionType.Add }, queueingHintFn: () => 'QueueSkip' }]],
  ]);
  const { queue } = newQueue(hints);
  queue.add(makePod('p').obj());
  const q = queue.tryPop()!;
  q.unschedulablePlugins = new Set(['NodeAffinity']);
  queue.addUnschedulableIfNotPresent(q);
  queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add });
  t.is(queue.where('default/p'), 'unschedulable');
});

test('an event during the attempt sends the rejected pod to backoff instead of unschedulable', (t) => {
  const hints = new Map<string, ClusterEventWithHint[]>([
    ['NodeResourcesFit', [{ event: { resource: 'Node', actionType: ActionType.Add } }]],
  ]);
  const { queue } = newQueue(hints);
  queue.add(makePod('p').obj());
  const q = queue.tryPop()!;
  queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add });
  q.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(q);
  t.is(queue.where('default/p'), 'backoff');
});

test('unschedulable pods are retried after 5 minutes without events', async (t) => {
  const hints = new Map<string, ClusterEventWithHint[]>([['X', []]]);
  const { queue, clock } = newQueue(hints);
  queue.add(makePod('p').obj());
  const q = queue.tryPop()!;
  q.unschedulablePlugins = new Set(['X']);
  queue.addUnschedulableIfNotPresent(q);
  await clock.advance(5 * 60_000);
  queue.flushUnschedulablePodsLeftover();
  t.is(queue.where('default/p'), 'unschedulable');
  await clock.advance(1);
  queue.flushUnschedulablePodsLeftover();
  t.is(queue.where('default/p'), 'active');
});

test('a spec change of an unschedulable pod retries it', (t) => {
  const hints = new Map<string, ClusterEventWithHint[]>([['X', []]]);
  const { queue } = newQueue(hints);
  const pod = makePod('p').obj();
  queue.add(pod);
  const q = queue.tryPop()!;
  q.unschedulablePlugins = new Set(['X']);
  queue.addUnschedulableIfNotPresent(q);
  queue.update(pod, { ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } });
  t.is(queue.where('default/p'), 'unschedulable');
  queue.update(pod, { ...pod, spec: { ...pod.spec, nodeSelector: { a: 'b' } } });
  t.is(queue.where('default/p'), 'backoff');
});

test('pop waits for a pod and ends on close', async (t) => {
  const { queue } = newQueue();
  const p = queue.pop();
  queue.add(makePod('late').obj());
  t.is((await p)?.podInfo.pod.metadata.name, 'late');
  const q = queue.pop();
  queue.close();
  t.is(await q, undefined);
});

test('nominated pods are listed per node, highest priority first', (t) => {
  const { queue } = newQueue();
  queue.add(makePod('a').priority(1).obj());
  queue.add(makePod('b').priority(5).obj());
  const b = queue.tryPop()!; // priority 5 pops first
  const a = queue.tryPop()!;
  queue.addNominatedPod(a.podInfo, 'n1');
  queue.addNominatedPod(b.podInfo, 'n1');
  t.deepEqual(
    queue.nominatedPodsForNode('n1').map((p) => p.pod.metadata.name),
    ['b', 'a'],
  );
  queue.deleteNominatedPodIfExists(b.podInfo.pod);
  t.deepEqual(
    queue.nominatedPodsForNode('n1').map((p) => p.pod.metadata.name),
    ['a'],
  );
});
