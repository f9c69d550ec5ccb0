import test from 'ava';
import { tableForCustomColumns } from '../../../../core/apiserver/printers/custom-columns-printer.js';
import { compileJsonPath, evaluateJsonPath } from '../../../../core/apiserver/printers/jsonpath-lite.js';
import { NOW, ago, object } from './fixtures.js';

const certificate = object(
  'site',
  {
    spec: {
      replicas: 3,
      ratio: 1.5,
      secretName: 'site-tls',
      enabled: true,
      tags: ['a', 'b'],
      selector: { b: '2', a: '1' },
    },
    status: {
      notAfter: ago(-30 * 86400),
      lastRun: ago(300),
      conditions: [
        { type: 'Issuing', status: 'False' },
        { type: 'Ready', status: 'True', message: 'ok' },
      ],
    },
  },
  600,
);

test('no additionalPrinterColumns: Name and Age (type date) as served by default', (t) => {
  const printer = tableForCustomColumns([]);
  t.deepEqual(
    printer.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Age', 'date', '', 0],
    ],
  );
  t.deepEqual(printer.cells(certificate, NOW), ['site', '10m']);
  t.deepEqual(tableForCustomColumns(undefined).cells(certificate, NOW), ['site', '10m']);
});

test('typed columns, filters, priorities and default descriptions', (t) => {
  const printer = tableForCustomColumns([
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Secret', type: 'string', jsonPath: '.spec.secretName', description: 'The secret' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
    { name: 'RatioInt', type: 'integer', jsonPath: '.spec.ratio' },
    { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
    { name: 'Last Run', type: 'date', jsonPath: '.status.lastRun' },
    { name: 'Missing', type: 'string', jsonPath: '.status.nothing' },
    { name: 'Tags', type: 'string', jsonPath: '.spec.tags', priority: 1 },
    { name: 'Selector', type: 'string', jsonPath: '.spec.selector' },
    { name: 'Count', type: 'string', jsonPath: '.spec.replicas' },
    { name: 'First', type: 'string', jsonPath: '.status.conditions[0].type' },
    { name: 'Last', type: 'string', jsonPath: '.status.conditions[-1].message' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  t.deepEqual(printer.cells(certificate, NOW), [
    'site',
    'True',
    'site-tls',
    3,
    1.5,
    1,
    true,
    '5m',
    null,
    '["a","b"]',
    '{"a":"1","b":"2"}',
    '3',
    'Issuing',
    'ok',
    '10m',
  ]);
  t.is(
    printer.columns[1]!.description,
    'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status',
  );
  t.is(printer.columns[2]!.description, 'The secret');
  t.is(printer.columns[9]!.priority, 1);
  t.is(printer.columns[3]!.type, 'integer');
});

test('type mismatches give null cells; a bad date gives <invalid>', (t) => {
  const printer = tableForCustomColumns([
    { name: 'A', type: 'integer', jsonPath: '.spec.secretName' },
    { name: 'B', type: 'boolean', jsonPath: '.spec.replicas' },
    { name: 'C', type: 'date', jsonPath: '.spec.secretName' },
    { name: 'D', type: 'date', jsonPath: '.spec.replicas' },
  ]);
  t.deepEqual(printer.cells(certificate, NOW), ['site', null, null, '<invalid>', null]);
});

test('an unparsable JSONPath ends the column list, keeping the columns before it', (t) => {
  const printer = tableForCustomColumns([
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Bad', type: 'string', jsonPath: '.spec[?(@.x ~ 1)]' },
    { name: 'After', type: 'string', jsonPath: '.spec.secretName' },
  ]);
  t.deepEqual(
    printer.columns.map((c) => c.name),
    ['Name', 'Replicas'],
  );
  t.deepEqual(printer.cells(certificate, NOW), ['site', 3]);
});

test('jsonpath-lite: brackets, wildcards and comparisons', (t) => {
  const doc = { metadata: { annotations: { 'example.com/x.y': 'v' } }, items: [{ n: 1 }, { n: 5 }, { n: 9 }] };
  t.deepEqual(evaluateJsonPath(compileJsonPath(".metadata.annotations['example.com/x.y']"), doc), ['v']);
  t.deepEqual(evaluateJsonPath(compileJsonPath('{.items[*].n}'), doc), [1, 5, 9]);
  t.deepEqual(evaluateJsonPath(compileJsonPath('.items[?(@.n > 3)].n'), doc), [5, 9]);
  t.deepEqual(evaluateJsonPath(compileJsonPath('.items[?(@.n != 5)].n'), doc), [1, 9]);
  t.deepEqual(evaluateJsonPath(compileJsonPath('.items[?(@.missing)].n'), doc), []);
  t.deepEqual(evaluateJsonPath(compileJsonPath('.items[7].n'), doc), []);
  t.throws(() => compileJsonPath('..items'));
});
