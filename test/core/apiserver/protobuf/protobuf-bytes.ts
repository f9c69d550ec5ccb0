/**
 * Test-only builders of protobuf wire bytes, so the tests can state inputs field by field
 * (`field(1, str('web'))`) instead of as opaque hex.
 */

/** An unsigned varint (negative numbers as 64-bit two's complement, as Go writes int32/int64). */
export function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

/** A varint field. */
export function vfield(no: number, n: number | bigint | boolean): number[] {
  return [...varint(no * 8), ...varint(typeof n === 'boolean' ? (n ? 1 : 0) : n)];
}

/** A length-delimited field holding `payload` (bytes or a UTF-8 string). */
export function field(no: number, payload: number[] | string): number[] {
  const bytes = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [...varint(no * 8 + 2), ...varint(bytes.length), ...bytes];
}

/** A map<string, V> entry field. */
export function entry(no: number, key: string, value: number[] | string): number[] {
  return field(no, [...field(1, key), ...field(2, value)]);
}

/** A complete Kubernetes protobuf body: magic, then runtime.Unknown around `raw`. */
export function envelope(apiVersion: string, kind: string, raw: number[], contentEncoding = ''): Buffer {
  return Buffer.from([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...field(1, [...field(1, apiVersion), ...field(2, kind)]),
    ...field(2, raw),
    ...field(3, contentEncoding),
    ...field(4, ''),
  ]);
}
