import test from 'ava';
import { formatTime } from '../../../plugins/workload-controllers/pod-state.js';
import { claimsFor, statefulPod } from '../../../plugins/workload-controllers/stateful-set-identity.js';
import {
  planStatefulSetSync,
  type StatefulSetAction,
} from '../../../plugins/workload-controllers/stateful-set-logic.js';
import {
  newStatefulSetRevision,
  planRevisions,
  revisionsToTruncate,
  templateOfRevision,
} from '../../../plugins/workload-controllers/stateful-set-revisions.js';
import type {
  ControllerRevision,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
} from '../../../plugins/workload-controllers/workload-types.js';
import { newUid, t0 } from './fixtures.js';

function sts(spec: Partial<StatefulSet['spec']> = {}, status: StatefulSet['status'] = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'sts-uid', generation: 3 },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
    status,
  };
}

const revs = {
  current: { name: 'web-old', template: sts().spec.template },
  update: { name: 'web-new', template: sts().spec.template },
};
const same = { current: revs.update, update: revs.update };

/** A pod of ordinal `i` at `revision`, Running and Ready unless told. */
function member(
  set: StatefulSet,
  i: number,
  opts: { revision?: string; ready?: boolean; phase?: string; terminating?: boolean; readySinceMs?: number } = {},
): Pod {
  const p = statefulPod(set, set.spec.template, i, opts.revision ?? 'web-new');
  p.metadata.uid = newUid();
  p.metadata.creationTimestamp = formatTime(t0);
  if (opts.terminating) p.metadata.deletionTimestamp = formatTime(t0);
  p.status = {
    phase: opts.phase ?? 'Running',
    conditions: [
      {
        type: 'Ready',
        status: opts.ready === false ? 'False' : 'True',
        lastTransitionTime: formatTime(opts.readySinceMs ?? t0),
      },
    ],
  };
  return p;
}

function claimsOf(set: StatefulSet, ...ordinals: number[]): PersistentVolumeClaim[] {
  return ordinals.flatMap((i) => claimsFor(set, i).map((c) => ({ ...c, metadata: { ...c.metadata, uid: newUid() } })));
}

const summary = (a: StatefulSetAction) =>
  a.type === 'createClaim'
    ? `claim ${a.claim.metadata.name}`
    : a.type === 'createPod' || a.type === 'deletePod'
      ? `${a.type === 'createPod' ? 'create' : 'delete'} ${a.pod.metadata.name}`
      : a.type === 'labelPod'
        ? `label ${a.pod.metadata.name}`
        : `owners ${a.claim.metadata.name}`;

interface Case {
  title: string;
  set: StatefulSet;
  pods: (set: StatefulSet) => Pod[];
  claims?: (set: StatefulSet) => PersistentVolumeClaim[];
  revisions?: typeof revs;
  want: string[];
}

const cases: Case[] = [
  {
    title: 'OrderedReady creates the first pod after its claim, then waits',
    set: sts(),
    pods: () => [],
    want: ['claim www-web-0', 'create web-0'],
  },
  {
    title: 'OrderedReady waits while a lower ordinal is not ready',
    set: sts(),
    pods: (s) => [member(s, 0, { ready: false })],
    claims: (s) => claimsOf(s, 0),
    want: [],
  },
  {
    title: 'OrderedReady makes the next ordinal once the lower ones are ready',
    set: sts(),
    pods: (s) => [member(s, 0)],
    claims: (s) => claimsOf(s, 0),
    want: ['claim www-web-1', 'create web-1'],
  },
  {
    title: 'Parallel creates every missing pod at once',
    set: sts({ podManagementPolicy: 'Parallel' }),
    pods: () => [],
    want: ['claim www-web-0', 'create web-0', 'claim www-web-1', 'create web-1', 'claim www-web-2', 'create web-2'],
  },
  {
    title: 'Parallel does not wait for an unready pod',
    set: sts({ podManagementPolicy: 'Parallel' }),
    pods: (s) => [member(s, 0, { ready: false })],
    claims: (s) => claimsOf(s, 0, 1),
    want: ['create web-1', 'claim www-web-2', 'create web-2'],
  },
  {
    title: 'a failed pod is deleted (recreated on a later sync) and OrderedReady waits',
    set: sts(),
    pods: (s) => [member(s, 0, { phase: 'Failed', ready: false }), member(s, 1)],
    claims: (s) => claimsOf(s, 0, 1),
    want: ['delete web-0'],
  },
  {
    title: 'scale down deletes the highest ordinal first, one at a time',
    set: sts({ replicas: 1 }),
    pods: (s) => [member(s, 0), member(s, 1), member(s, 2)],
    claims: (s) => claimsOf(s, 0, 1, 2),
    want: ['delete web-2'],
  },
  {
    title: 'scale down waits while a condemned pod terminates',
    set: sts({ replicas: 1 }),
    pods: (s) => [member(s, 0), member(s, 1), member(s, 2, { terminating: true })],
    claims: (s) => claimsOf(s, 0, 1, 2),
    want: [],
  },
  {
    title: 'Parallel scale down deletes every condemned pod',
    set: sts({ replicas: 1, podManagementPolicy: 'Parallel' }),
    pods: (s) => [member(s, 0), member(s, 1), member(s, 2)],
    claims: (s) => claimsOf(s, 0, 1, 2),
    want: ['delete web-2', 'delete web-1'],
  },
  {
    title: 'rolling update deletes the highest out-of-date ordinal',
    set: sts(),
    pods: (s) => [
      member(s, 0, { revision: 'web-old' }),
      member(s, 1, { revision: 'web-old' }),
      member(s, 2, { revision: 'web-old' }),
    ],
    claims: (s) => claimsOf(s, 0, 1, 2),
    revisions: revs,
    want: ['delete web-2'],
  },
  {
    title: 'rolling update continues below an updated ordinal',
    set: sts(),
    pods: (s) => [member(s, 0, { revision: 'web-old' }), member(s, 1, { revision: 'web-old' }), member(s, 2)],
    claims: (s) => claimsOf(s, 0, 1, 2),
    revisions: revs,
    want: ['delete web-1'],
  },
  {
    title: 'a partition holds the lower ordinals',
    set: sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }),
    pods: (s) => [member(s, 0, { revision: 'web-old' }), member(s, 1, { revision: 'web-old' }), member(s, 2)],
    claims: (s) => claimsOf(s, 0, 1, 2),
    revisions: revs,
    want: [],
  },
  {
    title: 'maxUnavailable 2 deletes two out-of-date pods at once (Parallel)',
    set: sts({
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } },
    }),
    pods: (s) => [0, 1, 2].map((i) => member(s, i, { revision: 'web-old' })),
    claims: (s) => claimsOf(s, 0, 1, 2),
    revisions: revs,
    want: ['delete web-2', 'delete web-1'],
  },
  {
    title: 'maxUnavailable counts an unready replica against the budget',
    set: sts({
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } },
    }),
    pods: (s) => [
      member(s, 0, { revision: 'web-old', ready: false }),
      member(s, 1, { revision: 'web-old' }),
      member(s, 2, { revision: 'web-old' }),
    ],
    claims: (s) => claimsOf(s, 0, 1, 2),
    revisions: revs,
    want: ['delete web-2'],
  },
  {
    title: 'OnDelete leaves out-of-date pods alone',
    set: sts({ updateStrategy: { type: 'OnDelete' } }),
    pods: (s) => [0, 1, 2].map((i) => member(s, i, { revision: 'web-old' })),
    claims: (s) => claimsOf(s, 0, 1, 2),
    revisions: revs,
    want: [],
  },
  {
    title: 'a pod missing its identity labels gets them',
    set: sts({ replicas: 1 }),
    pods: (s) => {
      const p = member(s, 0);
      delete p.metadata.labels!['apps.kubernetes.io/pod-index'];
      return [p];
    },
    claims: (s) => claimsOf(s, 0),
    want: ['label web-0'],
  },
  {
    title: 'whenDeleted Delete gives every claim a reference to the set',
    set: sts({ replicas: 1, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }),
    pods: (s) => [member(s, 0)],
    claims: (s) => claimsOf(s, 0),
    want: ['owners www-web-0'],
  },
  {
    title: 'whenScaled Delete gives the claims of condemned pods a reference to their pod',
    set: sts({ replicas: 1, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }),
    pods: (s) => [member(s, 0), member(s, 1)],
    claims: (s) => claimsOf(s, 0, 1),
    want: ['owners www-web-1', 'delete web-1'],
  },
  {
    title: 'a pod is not made while its claim is being deleted',
    set: sts({ replicas: 1 }),
    pods: () => [],
    claims: (s) =>
      claimsOf(s, 0).map((c) => ({ ...c, metadata: { ...c.metadata, deletionTimestamp: formatTime(t0) } })),
    want: [],
  },
  {
    title: 'a deleting set only updates status',
    set: { ...sts(), metadata: { ...sts().metadata, deletionTimestamp: formatTime(t0) } },
    pods: () => [],
    want: [],
  },
];

for (const c of cases) {
  test(`plan: ${c.title}`, (t) => {
    const plan = planStatefulSetSync(c.set, c.pods(c.set), c.claims?.(c.set) ?? [], c.revisions ?? same, t0 + 60_000);
    t.deepEqual(plan.actions.map(summary), c.want);
  });
}

test('pods carry the stable identity, the revision and claim volumes', (t) => {
  const set = sts();
  const plan = planStatefulSetSync(set, [member(set, 0)], claimsOf(set, 0), same, t0);
  const create = plan.actions.find((a) => a.type === 'createPod');
  t.truthy(create && create.type === 'createPod');
  const pod = (create as { pod: Pod }).pod;
  t.is(pod.metadata.name, 'web-1');
  t.deepEqual(pod.metadata.labels, {
    app: 'web',
    'statefulset.kubernetes.io/pod-name': 'web-1',
    'apps.kubernetes.io/pod-index': '1',
    'controller-revision-hash': 'web-new',
  });
  t.is(pod.spec?.hostname, 'web-1');
  t.is(pod.spec?.subdomain, 'nginx');
  t.deepEqual(pod.spec?.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }]);
  t.deepEqual(
    pod.metadata.ownerReferences?.map((r) => [r.kind, r.uid, r.controller]),
    [['StatefulSet', 'sts-uid', true]],
  );
  const claim = plan.actions.find((a) => a.type === 'createClaim') as { claim: PersistentVolumeClaim };
  t.is(claim.claim.metadata.name, 'www-web-1');
  t.deepEqual(claim.claim.metadata.labels, { app: 'web' });
  t.deepEqual(claim.claim.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
});

test('pods below the partition are made from the current revision, above from the update revision', (t) => {
  const set = sts({
    podManagementPolicy: 'Parallel',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
  });
  const r = {
    current: {
      name: 'web-old',
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'old' }] } },
    },
    update: {
      name: 'web-new',
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'new' }] } },
    },
  };
  const plan = planStatefulSetSync(set, [], [], r, t0);
  const made = plan.actions.filter((a): a is { type: 'createPod'; pod: Pod } => a.type === 'createPod');
  t.deepEqual(
    made.map((a) => [
      a.pod.metadata.name,
      a.pod.spec?.containers?.[0]?.image,
      a.pod.metadata.labels?.['controller-revision-hash'],
    ]),
    [
      ['web-0', 'old', 'web-old'],
      ['web-1', 'old', 'web-old'],
      ['web-2', 'new', 'web-new'],
    ],
  );
});

test('ordinals.start shifts the names', (t) => {
  const set = sts({ replicas: 2, ordinals: { start: 5 }, podManagementPolicy: 'Parallel', volumeClaimTemplates: [] });
  const plan = planStatefulSetSync(set, [], [], same, t0);
  t.deepEqual(plan.actions.map(summary), ['create web-5', 'create web-6']);
});

interface StatusCase {
  title: string;
  set: StatefulSet;
  pods: (s: StatefulSet) => Pod[];
  revisions: typeof revs;
  nowMs?: number;
  want: Partial<NonNullable<StatefulSet['status']>>;
  requeue?: number;
}

const statusCases: StatusCase[] = [
  {
    title: 'mid-rollout counts',
    set: sts(),
    pods: (s) => [
      member(s, 0, { revision: 'web-old' }),
      member(s, 1, { revision: 'web-old' }),
      member(s, 2, { ready: false }),
    ],
    revisions: revs,
    want: {
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: 'web-old',
      updateRevision: 'web-new',
      observedGeneration: 3,
    },
  },
  {
    title: 'complete rollout advances the current revision',
    set: sts(),
    pods: (s) => [0, 1, 2].map((i) => member(s, i)),
    revisions: revs,
    want: {
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: 'web-new',
      updateRevision: 'web-new',
    },
  },
  {
    title: 'a terminating pod counts as a replica but not as current or updated',
    set: sts(),
    pods: (s) => [member(s, 0), member(s, 1), member(s, 2, { terminating: true, revision: 'web-old' })],
    revisions: revs,
    want: { replicas: 3, currentReplicas: 0, updatedReplicas: 2, currentRevision: 'web-old' },
  },
  {
    title: 'minReadySeconds: ready pods become available later, and the sync asks to be woken then',
    set: sts({ minReadySeconds: 30, replicas: 1 }),
    pods: (s) => [member(s, 0, { readySinceMs: t0 })],
    revisions: { current: revs.update, update: revs.update },
    nowMs: t0 + 10_000,
    want: { readyReplicas: 1, availableReplicas: 0 },
    requeue: 20_001,
  },
  {
    title: 'minReadySeconds elapsed',
    set: sts({ minReadySeconds: 30, replicas: 1 }),
    pods: (s) => [member(s, 0, { readySinceMs: t0 })],
    revisions: { current: revs.update, update: revs.update },
    nowMs: t0 + 31_000,
    want: { readyReplicas: 1, availableReplicas: 1 },
  },
];

for (const c of statusCases) {
  test(`status: ${c.title}`, (t) => {
    const set = c.set;
    const plan = planStatefulSetSync(set, c.pods(set), claimsOf(set, 0, 1, 2), c.revisions, c.nowMs ?? t0 + 60_000);
    for (const [k, v] of Object.entries(c.want)) t.is(plan.status[k as keyof typeof plan.status], v as never, k);
    t.is(plan.requeueAfterMs, c.requeue);
  });
}

test('minReadySeconds: OrderedReady waits for availability before the next ordinal', (t) => {
  const set = sts({ minReadySeconds: 30 });
  const plan = planStatefulSetSync(set, [member(set, 0, { readySinceMs: t0 })], claimsOf(set, 0), same, t0 + 10_000);
  t.deepEqual(plan.actions, []);
});

function rev(set: StatefulSet, n: number, image: string): ControllerRevision {
  const s = structuredClone(set);
  s.spec.template.spec!.containers![0]!.image = image;
  return { ...newStatefulSetRevision(s, n), metadata: { ...newStatefulSetRevision(s, n).metadata, uid: newUid() } };
}

test('revisions: a new template gets a new revision numbered after the highest', (t) => {
  const set = sts();
  const old = rev(set, 1, 'nginx:0');
  const plan = planRevisions({ ...set, status: { currentRevision: old.metadata.name } }, [old]);
  t.true(plan.create);
  t.is(plan.update.revision, 2);
  t.is(plan.current, old);
  t.regex(plan.update.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  t.is(plan.update.metadata.labels?.['controller-revision-hash'], plan.update.metadata.name!.slice('web-'.length));
  t.is(templateOfRevision(set, plan.update).spec?.containers?.[0]?.image, 'nginx:1');
  t.is(templateOfRevision(set, old).spec?.containers?.[0]?.image, 'nginx:0');
});

test('revisions: the same template reuses its revision; an older equal one is renumbered', (t) => {
  const set = sts();
  const current = rev(set, 3, 'nginx:1');
  t.deepEqual(
    (({ create, renumber }) => ({ create, renumber }))(planRevisions(set, [rev(set, 1, 'nginx:0'), current])),
    { create: false, renumber: undefined },
  );
  const older = rev(set, 1, 'nginx:1');
  const plan = planRevisions(set, [older, rev(set, 2, 'nginx:0')]);
  t.false(plan.create);
  t.is(plan.renumber, older);
  t.is(plan.update.revision, 3);
});

test('revisions: a collision count changes the name', (t) => {
  const set = sts();
  t.not(newStatefulSetRevision(set, 1).metadata.name, newStatefulSetRevision(set, 1, 1).metadata.name);
  t.is(newStatefulSetRevision(set, 1, 1).metadata.name, newStatefulSetRevision(set, 2, 1).metadata.name);
});

test('revisions: history beyond revisionHistoryLimit is truncated, live revisions kept', (t) => {
  const set = sts({ revisionHistoryLimit: 1 });
  const all = [1, 2, 3, 4].map((n) => rev(set, n, `nginx:${n}`));
  const pods = [member(set, 0, { revision: all[1]!.metadata.name })];
  const gone = revisionsToTruncate(set, all, pods, all[3]!.metadata.name!, all[3]!.metadata.name!);
  t.deepEqual(
    gone.map((r) => r.revision),
    [1],
  );
});
