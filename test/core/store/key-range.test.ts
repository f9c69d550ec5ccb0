import test from 'ava';
import { compareKeys, prefixEnd } from '../../../core/store/key-range.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

// The oracle is etcd's and SQLite's order: a byte comparison of the UTF-8 encodings.
const pairs: [string, string][] = [
  ['a', 'b'],
  ['a', 'a'],
  ['a', 'ab'],
  ['Z', 'a'],
  ['é', 'z'],
  ['\ue000', '\u{1f600}'],
  ['\uffff', '\u{10000}'],
  ['\u{1f600}', '\u{1f601}'],
  ['/registry/pods/default/a', '/registry/pods/default-2/a'],
];

for (const [a, b] of pairs) {
  test(`compareKeys orders ${JSON.stringify(a)} and ${JSON.stringify(b)} like their UTF-8 bytes`, (t) => {
    t.is(Math.sign(compareKeys(a, b)), Buffer.compare(utf8(a), utf8(b)));
    t.is(Math.sign(compareKeys(b, a)), Buffer.compare(utf8(b), utf8(a)));
  });
}

const ends: [string, string | undefined][] = [
  ['/registry/', '/registry0'],
  ['a', 'b'],
  ['', undefined],
  ['x\u{10ffff}', 'y'],
  ['\u{10ffff}', undefined],
  ['a\ud7ff', 'a\ue000'],
  ['a\uffff', 'a\u{10000}'],
  ['a\u{1f600}', 'a\u{1f601}'],
];

for (const [prefix, end] of ends) {
  test(`prefixEnd(${JSON.stringify(prefix)}) is ${JSON.stringify(end)}`, (t) => {
    t.is(prefixEnd(prefix), end);
  });
}

test('prefixEnd bounds every key that starts with the prefix and nothing else', (t) => {
  const prefix = '/p\u{1f600}';
  const end = prefixEnd(prefix)!;
  for (const inside of [prefix, prefix + '\u{10ffff}\u{10ffff}', prefix + 'z'])
    t.true(Buffer.compare(utf8(inside), utf8(end)) < 0, inside);
  for (const outside of ['/p\u{1f601}', '/q']) t.true(Buffer.compare(utf8(outside), utf8(end)) >= 0, outside);
});
