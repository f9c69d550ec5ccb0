import test from 'ava';
import { formatQuantity } from '../../../../core/apiserver/printers/quantity-format.js';

// Canonical forms as resource.Quantity.String() prints them (apimachinery quantity tests and
// what a real cluster returns for these inputs).
const cases: Array<[unknown, string]> = [
  [undefined, '0'],
  ['0', '0'],
  ['0Gi', '0'],
  ['1', '1'],
  ['1000m', '1'],
  ['100m', '100m'],
  ['0.5', '500m'],
  ['1.5', '1500m'],
  ['1000', '1k'],
  ['1500', '1500'],
  ['1k', '1k'],
  ['1M', '1M'],
  ['10Gi', '10Gi'],
  ['1024Mi', '1Gi'],
  ['1536Mi', '1536Mi'],
  ['1.5Gi', '1536Mi'],
  ['0.5Ki', '512'],
  ['512Ki', '512Ki'],
  ['1Ti', '1Ti'],
  ['1e3', '1e3'],
  ['1E6', '1e6'],
  ['100e-3', '100e-3'],
  ['1n', '1n'],
  ['0.1n', '1n'],
  ['-1', '-1'],
  ['-1500m', '-1500m'],
  [2, '2'],
];

for (const [input, want] of cases) {
  test(`formatQuantity(${JSON.stringify(input)}) = ${want}`, (t) => {
    t.is(formatQuantity(input), want);
  });
}
