// The scheduler end to end on a fake cluster: requeue on node add, profiles by schedulerName,
// Permit with wait and timeout, preemption honouring priority and PDBs, FailedScheduling details.
import test from 'ava';
import {
  Status,
  type CycleState,
  type Pod,
  type PermitPlugin,
  type PodDisruptionBudget,
  type ScorePlugin,
} from '../../../sdk/scheduler/index.js';
import { makeNode, makePod } from './fixtures.js';
import { newHarness } from './harness.js';

test('a pod that fits nowhere stays pending, and adding a node schedules it', async (t) => {
  const { cluster, drain, clock } = newHarness();
  cluster.addNode(makeNode('small').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj());
  cluster.addPod(makePod('big').req({ cpu: '2' }).obj());
  const [first] = await drain();
  t.like(first, { result: 'unschedulable' });
  t.is(cluster.pod('default/big')!.spec!.nodeName, undefined);
  t.is(cluster.scheduler!.queue.where('default/big'), 'unschedulable');
  cluster.addNode(makeNode('large').capacity({ cpu: '8', memory: '8Gi', pods: '110' }).obj());
  // NodeAdd is registered by NodeResourcesFit: the pod goes to backoff (1 s after its attempt).
  t.is(cluster.scheduler!.queue.where('default/big'), 'backoff');
  await clock.advance(1000);
  cluster.scheduler!.queue.flushBackoffQCompleted();
  const [second] = await drain();
  t.like(second, { result: 'scheduled', node: 'large' });
  t.is(cluster.pod('default/big')!.spec!.nodeName, 'large');
  t.like(cluster.events.at(-1), {
    reason: 'Scheduled',
    type: 'Normal',
    note: 'Successfully assigned default/big to large',
  });
});

test('no nodes at all', async (t) => {
  const { cluster, drain } = newHarness();
  cluster.addPod(makePod('p').obj());
  const [o] = await drain();
  t.like(o, { result: 'unschedulable', message: 'no nodes available to schedule pods' });
});

test('the condition is not rewritten when the message does not change', async (t) => {
  const { cluster, drain, clock } = newHarness();
  cluster.addNode(makeNode('n').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj());
  cluster.addPod(makePod('p').req({ cpu: '2' }).obj());
  await drain();
  const rv = cluster.pod('default/p')!.metadata.resourceVersion;
  await clock.advance(5 * 60_000 + 1);
  cluster.scheduler!.queue.flushUnschedulablePodsLeftover();
  cluster.scheduler!.queue.flushBackoffQCompleted();
  const [o] = await drain();
  t.like(o, { result: 'unschedulable' });
  t.is(cluster.pod('default/p')!.metadata.resourceVersion, rv);
  t.is(cluster.events.filter((e) => e.reason === 'FailedScheduling').length, 2);
});

test('pods are scheduled by the profile named in spec.schedulerName; others are ignored', async (t) => {
  const { cluster, drain } = newHarness({
    config: {
      profiles: [
        { schedulerName: 'default-scheduler' },
        {
          schedulerName: 'bin-packer',
          pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
          plugins: { score: { disabled: [{ name: 'NodeResourcesBalancedAllocation' }] } },
        },
      ],
    },
  });
  cluster.addNode(makeNode('empty').capacity({ cpu: '4', memory: '8Gi', pods: '110' }).obj());
  cluster.addNode(makeNode('used').capacity({ cpu: '4', memory: '8Gi', pods: '110' }).obj());
  cluster.addPod(makePod('running').req({ cpu: '2', memory: '4Gi' }).node('used').obj());
  cluster.addPod(makePod('spread').req({ cpu: '1', memory: '1Gi' }).obj());
  cluster.addPod(makePod('packed').req({ cpu: '1', memory: '1Gi' }).schedulerName('bin-packer').obj());
  cluster.addPod(makePod('foreign').schedulerName('other-scheduler').obj());
  const out = await drain();
  const node = (name: string) => cluster.pod(`default/${name}`)!.spec!.nodeName;
  t.is(node('spread'), 'empty'); // LeastAllocated
  t.is(node('packed'), 'used'); // MostAllocated
  t.is(node('foreign'), undefined);
  t.false(out.some((o) => o.pod === 'default/foreign'));
});

test('a profile naming an unknown plugin fails to build', (t) => {
  t.throws(() => newHarness({ config: { profiles: [{ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }] } }), {
    message: /plugin "Nope" does not exist/,
  });
});

class GangPermit implements PermitPlugin {
  readonly name = 'Gang';
  permit(_s: CycleState, pod: Pod) {
    return pod.metadata.labels?.gang ? { status: Status.wait(), timeoutMs: 30_000 } : {};
  }
}

test('Permit Wait holds binding until allowed', async (t) => {
  const { cluster, scheduler } = newHarness({
    extra: [{ name: 'Gang', factory: () => new GangPermit() }],
    config: { profiles: [{ plugins: { permit: { enabled: [{ name: 'Gang' }] } } }] },
  });
  cluster.addNode(makeNode('n').obj());
  cluster.addPod(makePod('member').labels({ gang: 'g' }).obj());
  t.like(await scheduler.scheduleOne(), { result: 'scheduled', node: 'n' });
  t.is(cluster.bindings.length, 0);
  const fwk = scheduler.profiles.get('default-scheduler')!;
  const waiting = fwk.handle.getWaitingPod(cluster.pod('default/member')!.metadata.uid!)!;
  t.deepEqual(waiting.pendingPlugins(), ['Gang']);
  waiting.allow('Gang');
  await scheduler.waitForBindings();
  t.deepEqual(cluster.bindings, [{ pod: 'default/member', node: 'n' }]);
});

test('Permit Wait times out on the clock, and the pod is unreserved and requeued', async (t) => {
  const { cluster, scheduler, clock } = newHarness({
    extra: [{ name: 'Gang', factory: () => new GangPermit() }],
    config: { profiles: [{ plugins: { permit: { enabled: [{ name: 'Gang' }] } } }] },
  });
  cluster.addNode(makeNode('n').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj());
  cluster.addPod(makePod('member').req({ cpu: '1' }).labels({ gang: 'g' }).obj());
  await scheduler.scheduleOne();
  t.is(scheduler.cache.podCount(), 1);
  await clock.advance(30_000);
  await scheduler.waitForBindings();
  t.is(cluster.bindings.length, 0);
  t.is(scheduler.cache.podCount(), 0);
  const cond = cluster.pod('default/member')!.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
  t.like(cond, {
    status: 'False',
    reason: 'Unschedulable',
    message: 'rejected due to timeout after waiting 30s at plugin Gang',
  });
  t.is(scheduler.queue.where('default/member'), 'unschedulable');
});

test('a higher-priority pod preempts a lower-priority one and is then scheduled on that node', async (t) => {
  const { cluster, drain, clock, scheduler } = newHarness();
  cluster.addNode(makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addPod(makePod('low').req({ cpu: '1500m' }).priority(0).node('n1').obj());
  cluster.addPod(makePod('high').req({ cpu: '1' }).priority(1000).obj());
  const [o] = await drain();
  t.like(o, {
    result: 'unschedulable',
    nominatedNodeName: 'n1',
    message: '0/1 nodes are available: 1 Insufficient cpu.',
  });
  t.deepEqual(cluster.deleted, ['default/low']);
  t.like(
    cluster.events.find((e) => e.reason === 'Preempted'),
    { regarding: 'default/low', note: `Preempted by pod ${cluster.pod('default/high')!.metadata.uid} on node n1` },
  );
  t.is(cluster.pod('default/high')!.status!.nominatedNodeName, 'n1');
  // The victim's deletion (AssignedPodDelete) requeues the preemptor after its backoff.
  await clock.advance(1000);
  scheduler.queue.flushBackoffQCompleted();
  const [again] = await drain();
  t.like(again, { result: 'scheduled', node: 'n1' });
});

test('preemption never evicts pods of equal or higher priority', async (t) => {
  const { cluster, drain } = newHarness();
  cluster.addNode(makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addPod(makePod('peer').req({ cpu: '1500m' }).priority(1000).node('n1').obj());
  cluster.addPod(makePod('high').req({ cpu: '1' }).priority(1000).obj());
  const [o] = await drain();
  t.like(o, {
    result: 'unschedulable',
    message:
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
  });
  t.deepEqual(cluster.deleted, []);
});

test('preemptionPolicy Never', async (t) => {
  const { cluster, drain } = newHarness();
  cluster.addNode(makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addPod(makePod('low').req({ cpu: '1500m' }).node('n1').obj());
  cluster.addPod(makePod('high').req({ cpu: '1' }).priority(1000).preemptionPolicy('Never').obj());
  const [o] = await drain();
  t.like(o, {
    result: 'unschedulable',
    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
  });
  t.deepEqual(cluster.deleted, []);
});

test('preemption prefers the node whose victims are not protected by a PodDisruptionBudget', async (t) => {
  const { cluster, drain, scheduler } = newHarness();
  cluster.addNode(makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addNode(makeNode('n2').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addPod(makePod('guarded').labels({ app: 'db' }).req({ cpu: '1500m' }).node('n1').obj());
  cluster.addPod(makePod('free').labels({ app: 'batch' }).req({ cpu: '1500m' }).node('n2').obj());
  const pdb: PodDisruptionBudget = {
    metadata: { name: 'db', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'db' } }, minAvailable: 1 },
    status: { disruptionsAllowed: 0 },
  };
  scheduler.objects.setPdb(pdb);
  cluster.addPod(makePod('high').req({ cpu: '1' }).priority(1000).obj());
  const [o] = await drain();
  t.like(o, { result: 'unschedulable', nominatedNodeName: 'n2' });
  t.deepEqual(cluster.deleted, ['default/free']);
});

test('preemption picks the node with the lowest-priority victims', async (t) => {
  const { cluster, drain } = newHarness();
  cluster.addNode(makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addNode(makeNode('n2').capacity({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  cluster.addPod(makePod('mid').req({ cpu: '1500m' }).priority(500).node('n1').obj());
  cluster.addPod(makePod('low').req({ cpu: '1500m' }).priority(10).node('n2').obj());
  cluster.addPod(makePod('high').req({ cpu: '1' }).priority(1000).obj());
  const [o] = await drain();
  t.like(o, { nominatedNodeName: 'n2' });
  t.deepEqual(cluster.deleted, ['default/low']);
});

test('scheduling gates keep a pod out of the active queue until removed', async (t) => {
  const { cluster, drain } = newHarness();
  cluster.addNode(makeNode('n').obj());
  const gated = makePod('g').gates('example.com/wait').obj();
  cluster.addPod(gated);
  t.deepEqual(await drain(), []);
  t.is(cluster.scheduler!.queue.where('default/g'), 'unschedulable');
  cluster.updatePod({ ...gated, spec: { ...gated.spec, schedulingGates: [] } });
  const out = await drain();
  t.like(out[0], { result: 'scheduled', node: 'n' });
});

test('a deleted pending pod is dropped from the queue', async (t) => {
  const { cluster, drain } = newHarness();
  cluster.addNode(makeNode('n').obj());
  cluster.addPod(makePod('gone').obj());
  cluster.deletePod('default/gone');
  t.deepEqual(await drain(), []);
});

class ThrowingScore implements ScorePlugin {
  readonly name = 'Throwing';
  score(): number {
    throw new Error('boom');
  }
}

test('a plugin fault is an Error status: SchedulerError condition and backoff', async (t) => {
  const { cluster, drain, scheduler } = newHarness({
    extra: [{ name: 'Throwing', factory: () => new ThrowingScore() }],
    config: { profiles: [{ plugins: { score: { enabled: [{ name: 'Throwing' }] } } }] },
  });
  cluster.addNode(makeNode('a').obj());
  cluster.addNode(makeNode('b').obj());
  cluster.addPod(makePod('p').obj());
  const [o] = await drain();
  t.like(o, { result: 'error', message: 'boom' });
  t.like(
    cluster.pod('default/p')!.status!.conditions!.find((c) => c.type === 'PodScheduled'),
    { reason: 'SchedulerError', message: 'boom' },
  );
  t.is(scheduler.queue.where('default/p'), 'backoff');
});

test('assumed pods count before the bind is confirmed', async (t) => {
  const { cluster, scheduler } = newHarness();
  cluster.addNode(makeNode('n1').capacity({ cpu: '1', memory: '4Gi', pods: '110' }).obj());
  cluster.addNode(makeNode('n2').capacity({ cpu: '1', memory: '4Gi', pods: '110' }).obj());
  cluster.addPod(makePod('a').req({ cpu: '1' }).obj());
  cluster.addPod(makePod('b').req({ cpu: '1' }).obj());
  const first = await scheduler.scheduleOne();
  const second = await scheduler.scheduleOne(); // binding of the first has not run yet
  await scheduler.waitForBindings();
  t.true(first?.result === 'scheduled' && second?.result === 'scheduled');
  t.not(first?.result === 'scheduled' && first.node, second?.result === 'scheduled' && second.node);
});
