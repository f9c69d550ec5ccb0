import test from 'ava';
import type { KubeObject, OwnerReference } from '../../../sdk/api/kube-object.js';
import { classifyReferences, decideForDependent } from '../../../plugins/core-controllers/gc/gc-decisions.js';
import { OwnerGraph, referenceDiffs } from '../../../plugins/core-controllers/gc/owner-graph.js';

const ref = (uid: string, block = true): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: `rs-${uid}`,
  uid,
  blockOwnerDeletion: block,
});
const obj = (uid: string, owners: OwnerReference[] = [], extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name: `o-${uid}`, namespace: 'ns', uid, ownerReferences: owners, ...extra },
});
const owner = (uid: string, extra: Partial<KubeObject['metadata']> = {}) => ({
  state: 'present' as const,
  owner: obj(uid, [], extra),
});
const deletingFg = { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] };

const decisions: Array<{
  title: string;
  refs: OwnerReference[];
  lookups: Parameters<typeof classifyReferences>[1];
  finalizers?: string[];
  deps?: { count: number; anyDeletingDependents: boolean };
  want: ReturnType<typeof decideForDependent>;
}> = [
  { title: 'live owner: keep', refs: [ref('a')], lookups: [owner('a')], want: { type: 'keep' } },
  {
    title: 'owner gone: background delete',
    refs: [ref('a')],
    lookups: [{ state: 'absent' }],
    want: { type: 'delete', policy: 'Background', unblockUids: [] },
  },
  {
    title: 'owner with another uid dangles',
    refs: [ref('a')],
    lookups: [owner('zzz')],
    want: { type: 'delete', policy: 'Background', unblockUids: [] },
  },
  {
    title: 'one live, one gone: drop the dead reference',
    refs: [ref('a'), ref('b')],
    lookups: [{ state: 'absent' }, owner('b')],
    want: { type: 'remove-references', uids: ['a'] },
  },
  {
    title: 'one live, one deleting in the foreground: drop the waiting reference',
    refs: [ref('a'), ref('b')],
    lookups: [owner('a', deletingFg), owner('b')],
    want: { type: 'remove-references', uids: ['a'] },
  },
  {
    title: 'foreground owner, dependent with dependents: foreground delete',
    refs: [ref('a')],
    lookups: [owner('a', deletingFg)],
    deps: { count: 2, anyDeletingDependents: false },
    want: { type: 'delete', policy: 'Foreground', unblockUids: [] },
  },
  {
    title: 'foreground owner, a dependent deleting in the foreground too: unblock first',
    refs: [ref('a')],
    lookups: [owner('a', deletingFg)],
    deps: { count: 1, anyDeletingDependents: true },
    want: { type: 'delete', policy: 'Foreground', unblockUids: ['a'] },
  },
  {
    title: 'foreground owner, leaf dependent: background delete',
    refs: [ref('a')],
    lookups: [owner('a', deletingFg)],
    want: { type: 'delete', policy: 'Background', unblockUids: [] },
  },
  {
    title: 'owner gone, dependent carries orphan finalizer: orphan delete',
    refs: [ref('a')],
    lookups: [{ state: 'absent' }],
    finalizers: ['orphan'],
    want: { type: 'delete', policy: 'Orphan', unblockUids: [] },
  },
];
for (const c of decisions) {
  test(`gc decision: ${c.title}`, (t) => {
    const latest = obj('d', c.refs, c.finalizers ? { finalizers: c.finalizers } : {});
    const got = decideForDependent(
      latest,
      classifyReferences(c.refs, c.lookups),
      c.deps ?? { count: 0, anyDeletingDependents: false },
    );
    t.deepEqual(got, c.want);
  });
}

test('graph: a dependent of an unseen owner makes a virtual owner to verify', (t) => {
  const g = new OwnerGraph();
  const work = g.observe(obj('pod', [ref('rs')]), 'v1', 'Pod');
  t.deepEqual(
    work.attemptToDelete.map((n) => n.identity.uid),
    ['rs'],
  );
  t.true(g.get('rs')!.virtual);
  const seen = g.observe({ metadata: { name: 'rs-rs', namespace: 'ns', uid: 'rs' } }, 'apps/v1', 'ReplicaSet');
  t.false(g.get('rs')!.virtual);
  t.deepEqual(seen.attemptToDelete, [], 'the observed owner matches the reference');
  t.deepEqual(
    [...g.get('rs')!.dependents].map((n) => n.identity.uid),
    ['pod'],
  );
});

test('graph: deleting an owner queues its dependents; a foreground deletion queues dependents and owner', (t) => {
  const g = new OwnerGraph();
  g.observe(obj('rs'), 'apps/v1', 'ReplicaSet');
  g.observe(obj('p1', [ref('rs')]), 'v1', 'Pod');
  g.observe(obj('p2', [ref('rs', false)]), 'v1', 'Pod');
  const fg = g.observe(obj('rs', [], deletingFg), 'apps/v1', 'ReplicaSet', obj('rs'));
  t.deepEqual(fg.attemptToDelete.map((n) => n.identity.uid).sort(), ['p1', 'p2', 'rs']);
  t.true(g.get('rs')!.deletingDependents);
  t.deepEqual(
    g.blockingDependents(g.get('rs')!).map((n) => n.identity.uid),
    ['p1'],
    'only blockOwnerDeletion dependents block',
  );
  const gone = g.observeDeleted(g.get('p1')!.identity, false);
  t.deepEqual(
    gone.attemptToDelete.map((n) => n.identity.uid),
    ['rs'],
    'the waiting owner is re-checked',
  );
  const ownerGone = g.observeDeleted(g.get('rs')!.identity, false);
  t.deepEqual(
    ownerGone.attemptToDelete.map((n) => n.identity.uid),
    ['p2'],
  );
  t.is(g.get('rs'), undefined);
});

test('graph: an orphan deletion is queued once, when the finalizer appears', (t) => {
  const g = new OwnerGraph();
  g.observe(obj('rs'), 'apps/v1', 'ReplicaSet');
  const orphaning = obj('rs', [], { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['orphan'] });
  t.deepEqual(
    g.observe(orphaning, 'apps/v1', 'ReplicaSet', obj('rs')).attemptToOrphan.map((n) => n.identity.uid),
    ['rs'],
  );
  t.deepEqual(g.observe(orphaning, 'apps/v1', 'ReplicaSet', orphaning).attemptToOrphan, []);
});

test('graph: removing a blocking reference re-checks the waiting owner', (t) => {
  const g = new OwnerGraph();
  g.observe(obj('rs', [], deletingFg), 'apps/v1', 'ReplicaSet');
  g.observe(obj('p', [ref('rs')]), 'v1', 'Pod');
  const w = g.observe(obj('p', []), 'v1', 'Pod', obj('p', [ref('rs')]));
  t.deepEqual(
    w.attemptToDelete.map((n) => n.identity.uid),
    ['rs'],
  );
  t.is(g.get('rs')!.dependents.size, 0);
});

test('reference diffs by uid', (t) => {
  const d = referenceDiffs([ref('a'), ref('b')], [ref('b', false), ref('c')]);
  t.deepEqual(
    d.added.map((r) => r.uid),
    ['c'],
  );
  t.deepEqual(
    d.removed.map((r) => r.uid),
    ['a'],
  );
  t.deepEqual(
    d.changed.map((c) => c.now.blockOwnerDeletion),
    [false],
  );
});

test('graph: an owner observed under other coordinates than a reference names re-checks that dependent', (t) => {
  const g = new OwnerGraph();
  g.observe(obj('pod', [ref('rs')]), 'v1', 'Pod');
  const seen = g.observe({ metadata: { name: 'renamed', namespace: 'ns', uid: 'rs' } }, 'apps/v1', 'ReplicaSet');
  t.deepEqual(
    seen.attemptToDelete.map((n) => n.identity.uid),
    ['pod'],
  );
});
