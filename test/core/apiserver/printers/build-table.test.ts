import test from 'ava';
import { buildTable } from '../../../../core/apiserver/printers/build-table.js';
import { defaultPrinter, printerFor } from '../../../../core/apiserver/printers/printer-registry.js';
import { NOW, object } from './fixtures.js';

const configMaps = [
  object('a', { metadata: { namespace: 'default', labels: { app: 'x' }, resourceVersion: '7' }, data: { k: 'v' } }, 60),
  object('b', { metadata: { namespace: 'default', resourceVersion: '8' } }, 120),
];
const base = { now: NOW, apiVersion: 'v1', kind: 'ConfigMap' } as const;

test('a list Table with PartialObjectMetadata rows (includeObject=Metadata)', (t) => {
  const table = buildTable(printerFor('', 'ConfigMap')!, configMaps, {
    ...base,
    includeObject: 'Metadata',
    resourceVersion: '107',
  });
  t.is(table.kind, 'Table');
  t.is(table.apiVersion, 'meta.k8s.io/v1');
  t.deepEqual(table.metadata, { resourceVersion: '107' });
  t.deepEqual(
    table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Data', 'string', '', 0],
      ['Age', 'string', '', 0],
    ],
  );
  t.true(table.columnDefinitions.every((c) => typeof c.description === 'string' && c.description.length > 0));
  t.deepEqual(table.rows[0], {
    cells: ['a', 1, '60s'],
    object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: configMaps[0]!.metadata },
  });
  t.deepEqual(table.rows[1]!.cells, ['b', 0, '2m']);
  // The JSON kubectl reads carries no undefined keys.
  t.false(JSON.stringify(table).includes('undefined'));
});

test('includeObject=Object carries the full object with apiVersion and kind filled in', (t) => {
  const table = buildTable(printerFor('', 'ConfigMap')!, configMaps, { ...base, includeObject: 'Object' });
  t.deepEqual(table.rows[0]!.object, { ...configMaps[0], apiVersion: 'v1', kind: 'ConfigMap' });
  t.is(configMaps[0]!.kind, undefined, 'the stored object is not mutated');
  t.deepEqual(table.metadata, {});
});

test('includeObject=None omits row objects', (t) => {
  const table = buildTable(defaultPrinter, configMaps, { ...base, includeObject: 'None' });
  t.false('object' in table.rows[0]!);
  t.deepEqual(table.rows[0]!.cells, ['a', configMaps[0]!.metadata.creationTimestamp]);
});

test('continue and remainingItemCount are passed through; noHeaders drops the columns', (t) => {
  const table = buildTable(defaultPrinter, configMaps.slice(0, 1), {
    ...base,
    includeObject: 'Metadata',
    resourceVersion: '9',
    continue: 'tok',
    remainingItemCount: 1,
    noHeaders: true,
  });
  t.deepEqual(table.metadata, { resourceVersion: '9', continue: 'tok', remainingItemCount: 1 });
  t.deepEqual(table.columnDefinitions, []);
});

test('an empty list gives an empty rows array', (t) => {
  const table = buildTable(printerFor('', 'Pod')!, [], { ...base, includeObject: 'Metadata', resourceVersion: '1' });
  t.deepEqual(table.rows, []);
  t.is(table.columnDefinitions.length, 9);
});

test('finished pods carry the Completed row condition', (t) => {
  const pods = [
    object('done', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Succeeded' } }),
    object('live', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } }),
  ];
  const table = buildTable(printerFor('', 'Pod')!, pods, { ...base, kind: 'Pod', includeObject: 'None' });
  t.deepEqual(table.rows[0]!.conditions, [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  t.false('conditions' in table.rows[1]!);
});

test('null cells stay null on the wire', (t) => {
  const printer = {
    columns: [{ name: 'Name', type: 'string' as const, priority: 0 as const }],
    cells: () => [undefined],
  };
  const table = buildTable(printer, configMaps.slice(0, 1), { ...base, includeObject: 'None' });
  t.deepEqual(table.rows[0]!.cells, [null]);
  t.deepEqual(table.columnDefinitions[0], { name: 'Name', type: 'string', format: '', description: '', priority: 0 });
});
