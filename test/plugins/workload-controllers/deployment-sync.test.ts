import test from 'ava';
import { planDeploymentSync, type DeploymentAction } from '../../../plugins/workload-controllers/deployment-sync.js';
import {
  resolveFenceposts,
  setNewReplicaSetAnnotations,
} from '../../../plugins/workload-controllers/deployment-util.js';
import { formatTime } from '../../../plugins/workload-controllers/pod-state.js';
import type { Deployment, ReplicaSet } from '../../../plugins/workload-controllers/workload-types.js';
import { deployment, settle, t0 } from './fixtures.js';

const fenceposts = [
  { surge: '25%', unavailable: '25%', replicas: 10, want: { surge: 3, unavailable: 2 } },
  { surge: '25%', unavailable: '25%', replicas: 3, want: { surge: 1, unavailable: 0 } },
  { surge: '25%', unavailable: '25%', replicas: 1, want: { surge: 1, unavailable: 0 } },
  { surge: 0, unavailable: 0, replicas: 5, want: { surge: 0, unavailable: 1 } },
  { surge: '50%', unavailable: '30%', replicas: 5, want: { surge: 3, unavailable: 1 } },
  { surge: 2, unavailable: 1, replicas: 4, want: { surge: 2, unavailable: 1 } },
];
for (const c of fenceposts) {
  test(`fenceposts: maxSurge ${c.surge} (round up), maxUnavailable ${c.unavailable} (round down) of ${c.replicas}`, (t) => {
    t.deepEqual(resolveFenceposts(c.surge, c.unavailable, c.replicas), c.want);
  });
}

/** Applies a plan's writes to the in-memory objects, as the API would. */
function apply(d: Deployment, rss: ReplicaSet[], actions: DeploymentAction[]): { d: Deployment; rss: ReplicaSet[] } {
  let uid = rss.length;
  for (const a of actions) {
    if (a.type === 'createReplicaSet') {
      const rs = structuredClone(a.rs);
      rs.metadata.uid = `rs-${++uid}`;
      rs.metadata.generation = 1;
      rs.metadata.creationTimestamp = formatTime(t0 + uid * 1000);
      rss.push(rs);
    } else if (a.type === 'updateReplicaSet') {
      const i = rss.findIndex((r) => r.metadata.name === a.rs.metadata.name);
      const status = rss[i]!.status;
      rss[i] = { ...structuredClone(a.rs), status };
    } else if (a.type === 'deleteReplicaSet') rss = rss.filter((r) => r.metadata.name !== a.rs.metadata.name);
    else if (a.type === 'updateStatus') d = { ...d, status: structuredClone(a.status) };
    else if (a.type === 'setDeploymentRevision')
      d = {
        ...d,
        metadata: {
          ...d.metadata,
          annotations: { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': a.revision },
        },
      };
  }
  return { d, rss };
}

function scaleEvents(actions: DeploymentAction[]): string[] {
  return actions.flatMap((a) =>
    a.type === 'event' && a.reason === 'ScalingReplicaSet' ? [a.message.replace(/ replica set \S+-(\w+)/, ' $1')] : [],
  );
}

/** Runs syncs, letting every pod become available between them, until nothing changes. */
function rollOut(d: Deployment, rss: ReplicaSet[], now = t0): { d: Deployment; rss: ReplicaSet[]; events: string[] } {
  const events: string[] = [];
  for (let i = 0; i < 30; i++) {
    const plan = planDeploymentSync(d, rss, new Map(), now);
    const writes = plan.actions.filter((a) => a.type !== 'event');
    events.push(...scaleEvents(plan.actions));
    ({ d, rss } = apply(d, rss, plan.actions));
    settle(rss);
    if (writes.length === 0) break;
  }
  return { d, rss, events };
}

function names(rss: ReplicaSet[], d: Deployment): Map<string, string> {
  return new Map(rss.map((r) => [r.metadata.name!, r.spec.template?.spec?.containers?.[0]?.image ?? '']));
}

test('a new Deployment creates one ReplicaSet <name>-<pod-template-hash> with the hash label, a controller ref and revision 1', (t) => {
  const d = deployment('web', 3);
  const { d: after, rss } = rollOut(d, []);
  t.is(rss.length, 1);
  const rs = rss[0]!;
  const hash = rs.metadata.labels?.['pod-template-hash'];
  t.regex(hash ?? '', /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  t.is(rs.metadata.name, `web-${hash}`);
  t.is(rs.spec.selector.matchLabels?.['pod-template-hash'], hash);
  t.is(rs.spec.template?.metadata?.labels?.['pod-template-hash'], hash);
  t.like(rs.metadata.ownerReferences?.[0], {
    kind: 'Deployment',
    name: 'web',
    controller: true,
    blockOwnerDeletion: true,
  });
  t.is(rs.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  t.is(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '3');
  t.is(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '4');
  t.is(rs.spec.replicas, 3);
  t.is(after.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  t.like(after.status, {
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
  });
  const conds = after.status?.conditions ?? [];
  t.deepEqual(
    conds.map((c) => [c.type, c.status, c.reason, c.message]),
    [
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
      ],
    ],
  );
});

// The sequence the Kubernetes docs show for `kubectl describe deployment` after an image update of a
// 3-replica Deployment with the default 25%/25% (maxSurge 1, maxUnavailable 0).
test('RollingUpdate of 3 replicas at 25%/25% scales as the Kubernetes docs show', (t) => {
  const first = rollOut(deployment('nginx-deployment', 3, { image: 'nginx:1.14.2' }), []);
  const updated = structuredClone(first.d);
  updated.spec.template.spec!.containers![0]!.image = 'nginx:1.16.1';
  updated.metadata.generation = 2;
  const { rss, events, d } = rollOut(updated, first.rss);
  const oldHash = first.rss[0]!.metadata.labels!['pod-template-hash']!;
  const newHash = rss.find((r) => r.metadata.labels!['pod-template-hash'] !== oldHash)!.metadata.labels![
    'pod-template-hash'
  ]!;
  t.deepEqual(events, [
    `Scaled up ${newHash} from 0 to 1`,
    `Scaled down ${oldHash} from 3 to 2`,
    `Scaled up ${newHash} from 1 to 2`,
    `Scaled down ${oldHash} from 2 to 1`,
    `Scaled up ${newHash} from 2 to 3`,
    `Scaled down ${oldHash} from 1 to 0`,
  ]);
  t.is(
    rss.find((r) => r.metadata.labels!['pod-template-hash'] === newHash)!.metadata.annotations![
      'deployment.kubernetes.io/revision'
    ],
    '2',
  );
  t.is(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  t.like(d.status, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  t.true(names(rss, d).size === 2, 'the old ReplicaSet stays (scaled to 0) as history');
});

test('a rolling update with maxUnavailable 1 and maxSurge 0 replaces pods one by one without surging', (t) => {
  const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };
  const first = rollOut(deployment('web', 2, { strategy }), []);
  const updated = structuredClone(first.d);
  updated.spec.template.spec!.containers![0]!.image = 'nginx:2';
  updated.metadata.generation = 2;
  const { events } = rollOut(updated, first.rss);
  t.deepEqual(
    events.map((e) => e.replace(/ \w+ from/, ' from')),
    ['Scaled down from 2 to 1', 'Scaled up from 0 to 1', 'Scaled down from 1 to 0', 'Scaled up from 1 to 2'],
  );
});

// Kubernetes docs, "Proportional scaling": 10 replicas, maxSurge 3, maxUnavailable 2, a stuck
// rollout with 8 old and 5 new replicas; scaling to 15 gives 11 old and 7 new.
test('scaling during a rollout spreads the new replicas proportionally (docs example)', (t) => {
  const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
  const d = deployment('nginx-deployment', 15, { image: 'nginx:sometag', strategy, generation: 3 });
  const old: ReplicaSet = {
    metadata: {
      name: 'nginx-deployment-618515232',
      uid: 'old',
      creationTimestamp: formatTime(t0),
      annotations: {
        'deployment.kubernetes.io/revision': '1',
        'deployment.kubernetes.io/desired-replicas': '10',
        'deployment.kubernetes.io/max-replicas': '13',
      },
    },
    spec: {
      replicas: 8,
      selector: {},
      template: {
        metadata: { labels: { app: 'nginx-deployment' } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.14.2' }] },
      },
    },
    status: { replicas: 8, availableReplicas: 8, readyReplicas: 8 },
  };
  const stuck: ReplicaSet = {
    metadata: {
      name: 'nginx-deployment-1989198191',
      uid: 'new',
      creationTimestamp: formatTime(t0 + 60_000),
      annotations: {
        'deployment.kubernetes.io/revision': '2',
        'deployment.kubernetes.io/desired-replicas': '10',
        'deployment.kubernetes.io/max-replicas': '13',
      },
    },
    spec: { replicas: 5, selector: {}, template: structuredClone(d.spec.template) },
    status: { replicas: 5, availableReplicas: 0 },
  };
  d.status = { replicas: 13, updatedReplicas: 5, availableReplicas: 8, observedGeneration: 2 };
  const plan = planDeploymentSync(d, [old, stuck], new Map(), t0 + 120_000);
  const sizes = Object.fromEntries(
    plan.actions.flatMap((a) => (a.type === 'updateReplicaSet' ? [[a.rs.metadata.name, a.rs.spec.replicas]] : [])),
  );
  t.deepEqual(sizes, { 'nginx-deployment-618515232': 11, 'nginx-deployment-1989198191': 7 });
  const upd = plan.actions.find((a) => a.type === 'updateReplicaSet')!;
  t.is((upd as { rs: ReplicaSet }).rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '18');
});

test('Recreate scales the old ReplicaSet to 0 and creates the new one only when the old pods are gone', (t) => {
  const first = rollOut(deployment('web', 2, { strategy: { type: 'Recreate' } }), []);
  const updated = structuredClone(first.d);
  updated.spec.template.spec!.containers![0]!.image = 'nginx:2';
  updated.metadata.generation = 2;
  const step1 = planDeploymentSync(updated, first.rss, new Map(), t0);
  t.deepEqual(
    step1.actions
      .filter((a) => a.type !== 'event' && a.type !== 'updateStatus')
      .map((a) => [a.type, (a as { rs: ReplicaSet }).rs.spec.replicas]),
    [['updateReplicaSet', 0]],
  );
  const after1 = apply(updated, first.rss, step1.actions);
  // Old RS spec 0 but a pod still running: wait.
  after1.rss[0]!.status = { replicas: 1 };
  const step2 = planDeploymentSync(after1.d, after1.rss, new Map(), t0);
  t.false(step2.actions.some((a) => a.type === 'createReplicaSet'));
  after1.rss[0]!.status = { replicas: 0 };
  const step3 = planDeploymentSync(after1.d, after1.rss, new Map(), t0);
  const created = step3.actions.find((a) => a.type === 'createReplicaSet') as { rs: ReplicaSet } | undefined;
  t.is(created?.rs.spec.replicas, 2);
});

test('rolling back to an old template reuses its ReplicaSet with the next revision and records revision-history', (t) => {
  const v1 = rollOut(deployment('web', 1, { image: 'nginx:1' }), []);
  const v2d = structuredClone(v1.d);
  v2d.spec.template.spec!.containers![0]!.image = 'nginx:2';
  v2d.metadata.generation = 2;
  const v2 = rollOut(v2d, v1.rss);
  const back = structuredClone(v2.d);
  back.spec.template = structuredClone(v1.d.spec.template);
  back.metadata.generation = 3;
  const v3 = rollOut(back, v2.rss);
  t.is(v3.rss.length, 2, 'no third ReplicaSet');
  const reused = v3.rss.find((r) => r.spec.template?.spec?.containers?.[0]?.image === 'nginx:1')!;
  t.is(reused.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  t.is(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  t.is(reused.spec.replicas, 1);
  t.is(v3.d.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
});

test('revision-history keeps the newest revisions within 2000 characters', (t) => {
  const d = deployment('web', 1);
  const long = Array.from({ length: 500 }, (_, i) => String(1000 + i)).join(',');
  const rs: ReplicaSet = {
    metadata: {
      annotations: { 'deployment.kubernetes.io/revision': '1500', 'deployment.kubernetes.io/revision-history': long },
    },
    spec: { selector: {} },
  };
  t.true(setNewReplicaSetAnnotations(d, rs, 1501, true));
  const h = rs.metadata.annotations!['deployment.kubernetes.io/revision-history']!;
  t.true(h.length <= 2000);
  t.true(h.endsWith(',1499,1500'));
});

test('revisionHistoryLimit deletes the oldest idle ReplicaSets once the rollout completes', (t) => {
  let state = rollOut(deployment('web', 1, { image: 'v0', revisionHistoryLimit: 1 }), []);
  for (let i = 1; i <= 3; i++) {
    const d = structuredClone(state.d);
    d.spec.template.spec!.containers![0]!.image = `v${i}`;
    d.metadata.generation = i + 1;
    state = rollOut(d, state.rss);
  }
  t.deepEqual(state.rss.map((r) => r.spec.template?.spec?.containers?.[0]?.image).sort(), ['v2', 'v3']);
});

test('change-cause is copied from the Deployment to its new ReplicaSet', (t) => {
  const d = deployment('web', 1);
  d.metadata.annotations = {
    'kubernetes.io/change-cause': 'kubectl set image',
    'deployment.kubernetes.io/revision': '7',
  };
  const { rss } = rollOut(d, []);
  t.is(rss[0]!.metadata.annotations?.['kubernetes.io/change-cause'], 'kubectl set image');
  t.is(rss[0]!.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
});

test('a paused Deployment gets Progressing Unknown/DeploymentPaused and no new ReplicaSet; resume says DeploymentResumed', (t) => {
  const first = rollOut(deployment('web', 2), []);
  const paused = structuredClone(first.d);
  paused.spec.paused = true;
  paused.spec.template.spec!.containers![0]!.image = 'nginx:9';
  paused.metadata.generation = 3;
  const p = rollOut(paused, first.rss);
  t.is(p.rss.length, 1);
  t.like(
    p.d.status?.conditions?.find((c) => c.type === 'Progressing'),
    {
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    },
  );
  t.is(p.d.status?.observedGeneration, 3);
  const resumed = structuredClone(p.d);
  resumed.spec.paused = false;
  resumed.metadata.generation = 4;
  const plan = planDeploymentSync(resumed, p.rss, new Map(), t0);
  const firstStatus = plan.actions.find((a) => a.type === 'updateStatus') as { status: Deployment['status'] };
  t.like(
    firstStatus.status?.conditions?.find((c) => c.type === 'Progressing'),
    {
      status: 'Unknown',
      reason: 'DeploymentResumed',
      message: 'Deployment is resumed',
    },
  );
  t.true(plan.actions.some((a) => a.type === 'createReplicaSet'));
});

test('no progress for progressDeadlineSeconds gives Progressing False/ProgressDeadlineExceeded; until then a requeue at the deadline', (t) => {
  const first = rollOut(deployment('web', 1), []);
  const d = structuredClone(first.d);
  d.spec.template.spec!.containers![0]!.image = 'nginx:broken';
  d.metadata.generation = 2;
  const plan1 = planDeploymentSync(d, first.rss, new Map(), t0);
  const s1 = apply(d, first.rss, plan1.actions);
  // the new pod never becomes available
  const newRS = s1.rss.find((r) => r.spec.template?.spec?.containers?.[0]?.image === 'nginx:broken')!;
  newRS.status = { replicas: 1 };
  const plan2 = planDeploymentSync(s1.d, s1.rss, new Map(), t0 + 1000);
  const s2 = apply(s1.d, s1.rss, plan2.actions);
  const prog = s2.d.status?.conditions?.find((c) => c.type === 'Progressing');
  t.is(prog?.reason, 'ReplicaSetUpdated');
  t.is(prog?.message, `ReplicaSet "${newRS.metadata.name}" is progressing.`);
  t.truthy(plan2.requeueAfterMs);
  const later = planDeploymentSync(s2.d, s2.rss, new Map(), t0 + 601_000 + 1000);
  const s3 = apply(s2.d, s2.rss, later.actions);
  t.like(
    s3.d.status?.conditions?.find((c) => c.type === 'Progressing'),
    {
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    },
  );
});

test('a Deployment scaled to 0 scales its ReplicaSet to 0 and reports Available', (t) => {
  const first = rollOut(deployment('web', 3), []);
  const d = structuredClone(first.d);
  d.spec.replicas = 0;
  d.metadata.generation = 2;
  const { rss, d: after } = rollOut(d, first.rss);
  t.is(rss[0]!.spec.replicas, 0);
  t.is(rss[0]!.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '0');
  t.like(
    after.status?.conditions?.find((c) => c.type === 'Available'),
    { status: 'True' },
  );
  t.is(after.status?.replicas, undefined);
});
