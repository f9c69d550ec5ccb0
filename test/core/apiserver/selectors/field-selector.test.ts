import test from 'ava';
import { parseFieldSelector } from '../../../../core/apiserver/selectors/field-selector.js';
import { StatusError } from '../../../../core/apiserver/status.js';

const fields = { 'metadata.name': 'web', 'spec.nodeName': 'node-1', 'status.phase': 'Running' };

const cases: Array<[string, boolean]> = [
  ['metadata.name=web', true],
  ['metadata.name==web', true],
  ['metadata.name!=web', false],
  ['spec.nodeName=node-1,status.phase=Running', true],
  ['spec.nodeName=node-1,status.phase!=Running', false],
  ['spec.nodeName=', false],
  ['spec.missing=', true],
];

for (const [selector, expected] of cases) {
  test(`field selector "${selector}" ${expected ? 'matches' : 'does not match'}`, (t) => {
    t.is(parseFieldSelector(selector).matches(fields), expected);
  });
}

test('escaped commas and equals stay in the value', (t) => {
  const sel = parseFieldSelector('metadata.name=a\\,b\\=c');
  t.deepEqual(sel.requirements, [{ field: 'metadata.name', op: '=', value: 'a,b=c' }]);
});

test('a term without an operator is a 400', (t) => {
  const err = t.throws(() => parseFieldSelector('metadata.name'), { instanceOf: StatusError });
  t.is(err?.code, 400);
});
