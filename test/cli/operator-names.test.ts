import test from 'ava';
import { kebabOfKind, operatorNames, pluralOf } from '../../cli/lib/operator-names.js';
import { UsageError } from '../../cli/lib/cli-errors.js';

for (const [singular, plural] of [
  ['memcached', 'memcacheds'],
  ['policy', 'policies'],
  ['gateway', 'gateways'],
  ['ingress', 'ingresses'],
  ['box', 'boxes'],
  ['patch', 'patches'],
] as const)
  test(`plural of ${singular}`, (t) => t.is(pluralOf(singular), plural));

test('kind files are kebab-case like codegen', (t) => {
  t.is(kebabOfKind('WebApp'), 'web-app');
  t.is(kebabOfKind('HTTPRoute'), 'http-route');
});

test('the kind defaults from the name and the group to example.com', (t) => {
  const n = operatorNames('web-app-operator');
  t.is(n.kind, 'WebApp');
  t.is(n.group, 'example.com');
  t.is(n.plural, 'webapps');
  t.is(n.file, 'web-app');
});

for (const [name, options, field] of [
  ['Bad_Name', {}, 'operator name'],
  ['ok', { kind: 'lower' }, 'kind'],
  ['ok', { group: 'nodot' }, 'group'],
] as const)
  test(`rejects a bad ${field}`, (t) => {
    const err = t.throws(() => operatorNames(name, options), { instanceOf: UsageError });
    t.regex(err!.message, new RegExp(field));
  });
