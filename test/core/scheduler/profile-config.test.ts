// Configuration: numFeasibleNodesToFind (schedule_one.go; cases as in TestNumFeasibleNodesToFind and
// the scheduler-perf-tuning docs), v1 plugin-set merging (mergePluginSet) and multiPoint expansion.
import test from 'ava';
import {
  expandPoint,
  mergePluginSet,
  numFeasibleNodesToFind,
  resolveProfile,
  resolveProfiles,
} from '../../../core/scheduler/profile-config.js';

for (const [pct, nodes, want] of [
  [undefined, 10, 10],
  [undefined, 99, 99],
  [undefined, 100, 100], // 50 % of 100 is below the 100-node floor
  [undefined, 1000, 420], // 50 − 1000/125 = 42 %
  [undefined, 5000, 500], // 10 %
  [undefined, 6000, 300], // floor of 5 %
  [40, 10, 10],
  [40, 1000, 400],
  [20, 6000, 1200],
  [100, 6000, 6000],
  [1, 1000, 100],
] as const) {
  test(`numFeasibleNodesToFind(${pct}, ${nodes}) = ${want}`, (t) => {
    t.is(numFeasibleNodesToFind(pct, nodes), want);
  });
}

test('mergePluginSet replaces a default in place and appends new plugins', (t) => {
  const merged = mergePluginSet(
    { enabled: [{ name: 'A' }, { name: 'B', weight: 1 }, { name: 'C' }] },
    {
      enabled: [
        { name: 'X', weight: 5 },
        { name: 'B', weight: 7 },
      ],
      disabled: [{ name: 'C' }],
    },
  );
  t.deepEqual(merged.enabled, [{ name: 'A' }, { name: 'B', weight: 7 }, { name: 'X', weight: 5 }]);
});

test("disabled '*' drops every default", (t) => {
  t.deepEqual(
    mergePluginSet({ enabled: [{ name: 'A' }] }, { enabled: [{ name: 'X' }], disabled: [{ name: '*' }] }).enabled,
    [{ name: 'X' }],
  );
});

test('expansion: a point-specific disable removes a multiPoint plugin only at that point', (t) => {
  const p = resolveProfile({ plugins: { score: { disabled: [{ name: 'ImageLocality' }] } } });
  const all = () => true;
  t.false(expandPoint(p, 'score', all).some((r) => r.name === 'ImageLocality'));
  t.true(expandPoint(p, 'filter', all).some((r) => r.name === 'ImageLocality'));
});

test('expansion: plugins enabled at a point come before multiPoint ones', (t) => {
  const p = resolveProfile({ plugins: { score: { enabled: [{ name: 'Custom', weight: 4 }] } } });
  const score = expandPoint(p, 'score', (n) => ['Custom', 'TaintToleration', 'NodeAffinity'].includes(n));
  t.deepEqual(score, [
    { name: 'Custom', weight: 4 },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
  ]);
});

test('profiles default to default-scheduler and refuse duplicates', (t) => {
  t.deepEqual(
    resolveProfiles(undefined).map((p) => p.schedulerName),
    ['default-scheduler'],
  );
  t.throws(() => resolveProfiles({ profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] }), {
    message: /duplicate profile/,
  });
});
