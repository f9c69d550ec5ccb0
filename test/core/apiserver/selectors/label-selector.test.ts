import test from 'ava';
import { parseLabelSelector, selectorFromLabelSelector } from '../../../../core/apiserver/selectors/label-selector.js';
import { StatusError } from '../../../../core/apiserver/status.js';

const labels = { app: 'web', tier: 'frontend', version: '3' };

const cases: Array<[string, boolean]> = [
  ['', true],
  ['app=web', true],
  ['app==web', true],
  ['app=db', false],
  ['app!=db', true],
  ['app!=web', false],
  ['missing!=x', true],
  ['tier in (frontend,backend)', true],
  ['tier in (backend)', false],
  ['tier notin (backend)', true],
  ['tier notin (frontend)', false],
  ['missing notin (x)', true],
  ['app', true],
  ['missing', false],
  ['!missing', true],
  ['!app', false],
  ['version>2', true],
  ['version<3', false],
  ['app=web,tier=frontend', true],
  ['app=web,tier=backend', false],
  [' app = web , !missing ', true],
];

for (const [selector, expected] of cases) {
  test(`label selector "${selector}" ${expected ? 'matches' : 'does not match'}`, (t) => {
    t.is(parseLabelSelector(selector).matches(labels), expected);
  });
}

for (const bad of ['app=', 'app in web', 'app in (a', '=web', 'a b', 'app=we b', 'version>x']) {
  test(`label selector "${bad}" is a 400`, (t) => {
    if (bad === 'app=') {
      // An empty value is allowed: it matches labels whose value is empty.
      t.false(parseLabelSelector(bad).matches(labels));
      return;
    }
    const err = t.throws(() => parseLabelSelector(bad), { instanceOf: StatusError });
    t.is(err?.code, 400);
  });
}

test('matchLabels and matchExpressions combine with AND', (t) => {
  const sel = selectorFromLabelSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['frontend'] },
      { key: 'gone', operator: 'DoesNotExist' },
    ],
  });
  t.true(sel.matches(labels));
  t.false(sel.matches({ app: 'web', tier: 'backend' }));
});
