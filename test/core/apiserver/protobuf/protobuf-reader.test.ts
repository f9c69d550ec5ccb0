import test from 'ava';
import {
  ProtobufReader,
  ProtobufWireError,
  readMessageFields,
  WireType,
} from '../../../../core/apiserver/protobuf/index.js';

const varintCases: Array<[string, number[], bigint | RegExp]> = [
  ['zero', [0x00], 0n],
  ['one byte', [0x7f], 127n],
  ['150 (protobuf docs example)', [0x96, 0x01], 150n],
  ['2^64-1 in ten bytes', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 2n ** 64n - 1n],
  ['-1 as Go writes int32(-1)', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 2n ** 64n - 1n],
  ['overflowing 64 bits', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], /overflows 64 bits/],
  ['longer than ten bytes', [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], /longer than 10 bytes/],
  ['truncated', [0x80], /unexpected end of data inside a varint/],
  ['empty', [], /unexpected end of data/],
];

for (const [name, bytes, expected] of varintCases) {
  test(`varint: ${name}`, (t) => {
    const v = new ProtobufReader(Uint8Array.from(bytes)).readVarint();
    if (expected instanceof RegExp) {
      t.true(v instanceof ProtobufWireError);
      t.regex((v as ProtobufWireError).message, expected);
    } else t.is(v, expected);
  });
}

test('fields of every wire type are read with their values', (t) => {
  const bytes = Uint8Array.from([
    0x08,
    0x96,
    0x01, // 1: varint 150
    0x11,
    0x01,
    0,
    0,
    0,
    0,
    0,
    0,
    0x80, // 2: fixed64
    0x1a,
    0x03,
    0x61,
    0x62,
    0x63, // 3: "abc"
    0x25,
    0x78,
    0x56,
    0x34,
    0x12, // 4: fixed32 0x12345678
  ]);
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return t.fail(fields.message);
  t.deepEqual(
    fields.map((f) => [f.field, f.wireType]),
    [
      [1, WireType.Varint],
      [2, WireType.Fixed64],
      [3, WireType.LengthDelimited],
      [4, WireType.Fixed32],
    ],
  );
  t.is(fields[0]!.value, 150n);
  t.is(fields[1]!.value, 0x8000000000000001n);
  t.deepEqual([...(fields[2]!.value as Uint8Array)], [0x61, 0x62, 0x63]);
  t.is(fields[3]!.value, 0x12345678);
});

const malformed: Array<[string, number[], RegExp]> = [
  ['length beyond the end', [0x0a, 0x05, 0x61], /length 5 of field 1 exceeds the 1 remaining bytes/],
  [
    'huge length (2^63)',
    [0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
    /exceeds the 0 remaining bytes/,
  ],
  ['length 2^32-1', [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00], /length 4294967295 of field 1 exceeds/],
  ['truncated fixed64', [0x09, 0x01, 0x02], /inside a fixed64/],
  ['truncated fixed32', [0x0d, 0x01], /inside a fixed32/],
  ['group start (wire type 3)', [0x0b], /unsupported wire type 3/],
  ['wire type 7', [0x0f], /unsupported wire type 7/],
  ['field number 0', [0x00, 0x01], /field number 0/],
  ['tag cut inside its varint', [0x8a], /unexpected end of data inside a varint/],
  ['value missing after tag', [0x08], /unexpected end of data inside a varint/],
];

for (const [name, bytes, expected] of malformed) {
  test(`malformed message: ${name} is an error value`, (t) => {
    const r = readMessageFields(Uint8Array.from(bytes));
    t.true(r instanceof ProtobufWireError);
    t.regex((r as ProtobufWireError).message, expected);
  });
}

test('a length-delimited value is a view on the input, not a copy', (t) => {
  const bytes = Uint8Array.from([0x12, 0x02, 0x07, 0x08]);
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return t.fail(fields.message);
  const v = fields[0]!.value as Uint8Array;
  t.is(v.buffer, bytes.buffer);
  t.is(v.byteOffset, 2);
});
