/**
 * A small, bounds-checked reader for the protobuf wire format (proto2 as gogo-protobuf writes it
 * for Kubernetes). It never throws: every read returns a value or a {@link ProtobufWireError}, so
 * malformed input from the network ends as a 400 and never as a crash or a hang.
 */

/** The four wire types Kubernetes messages use (groups, 3 and 4, are rejected). */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  Fixed32: 5,
} as const;

/** One of the {@link WireType} values. */
export type WireType = (typeof WireType)[keyof typeof WireType];

/** Why the bytes could not be read; `offset` is where in the message the problem was found. */
export class ProtobufWireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ProtobufWireError';
  }
}

/**
 * One field occurrence as it appears on the wire. For varints `value` is a bigint (the full 64
 * bits, unsigned); for fixed64 a bigint too; for fixed32 a number (unsigned); for
 * length-delimited fields a view of the payload bytes (no copy).
 */
export type WireField =
  | { readonly field: number; readonly wireType: typeof WireType.Varint; readonly value: bigint }
  | { readonly field: number; readonly wireType: typeof WireType.Fixed64; readonly value: bigint }
  | { readonly field: number; readonly wireType: typeof WireType.Fixed32; readonly value: number }
  | { readonly field: number; readonly wireType: typeof WireType.LengthDelimited; readonly value: Uint8Array };

/** The highest field number protobuf allows (2^29 - 1). */
const maxFieldNumber = 0x1fffffff;

/** A varint is at most 10 bytes long (64 bits, 7 per byte). */
const maxVarintBytes = 10;

/** A cursor over one message's bytes. */
export class ProtobufReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** True when every byte has been consumed. */
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The current position, for error messages. */
  get offset(): number {
    return this.pos;
  }

  /** Reads an unsigned varint of up to 64 bits. */
  readVarint(): bigint | ProtobufWireError {
    const start = this.pos;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < maxVarintBytes; i++) {
      if (this.pos >= this.bytes.length) return new ProtobufWireError('unexpected end of data inside a varint', start);
      const b = this.bytes[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        if (i === maxVarintBytes - 1 && b > 1) return new ProtobufWireError('varint overflows 64 bits', start);
        return result;
      }
      shift += 7n;
    }
    return new ProtobufWireError('varint is longer than 10 bytes', start);
  }

  /** Reads the next field (tag and payload). Call only when {@link done} is false. */
  readField(): WireField | ProtobufWireError {
    const start = this.pos;
    const tag = this.readVarint();
    if (tag instanceof ProtobufWireError) return tag;
    if (tag > BigInt(maxFieldNumber) * 8n + 7n) return new ProtobufWireError('field number out of range', start);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field === 0) return new ProtobufWireError('field number 0 is not allowed', start);
    switch (wireType) {
      case WireType.Varint: {
        const value = this.readVarint();
        if (value instanceof ProtobufWireError) return value;
        return { field, wireType, value };
      }
      case WireType.Fixed64: {
        if (this.bytes.length - this.pos < 8)
          return new ProtobufWireError('unexpected end of data inside a fixed64', this.pos);
        const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8);
        this.pos += 8;
        return { field, wireType, value: view.getBigUint64(0, true) };
      }
      case WireType.Fixed32: {
        if (this.bytes.length - this.pos < 4)
          return new ProtobufWireError('unexpected end of data inside a fixed32', this.pos);
        const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4);
        this.pos += 4;
        return { field, wireType, value: view.getUint32(0, true) };
      }
      case WireType.LengthDelimited: {
        const lengthAt = this.pos;
        const length = this.readVarint();
        if (length instanceof ProtobufWireError) return length;
        const remaining = this.bytes.length - this.pos;
        if (length > BigInt(remaining)) {
          return new ProtobufWireError(
            `length ${length} of field ${field} exceeds the ${remaining} remaining bytes`,
            lengthAt,
          );
        }
        const n = Number(length);
        const value = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return { field, wireType, value };
      }
      default:
        return new ProtobufWireError(`unsupported wire type ${wireType} for field ${field}`, start);
    }
  }
}

/**
 * Reads every field of one message in wire order. Returns the fields, or the first error.
 * Terminates on any input: each iteration consumes at least one byte.
 */
export function readMessageFields(bytes: Uint8Array): WireField[] | ProtobufWireError {
  const reader = new ProtobufReader(bytes);
  const fields: WireField[] = [];
  while (!reader.done) {
    const f = reader.readField();
    if (f instanceof ProtobufWireError) return f;
    fields.push(f);
  }
  return fields;
}

/**
 * Splits a packed repeated scalar payload (proto3-style packing; gogo writes proto2 repeated
 * scalars unpacked, but a reader must accept both) into varints.
 */
export function readPackedVarints(bytes: Uint8Array): bigint[] | ProtobufWireError {
  const reader = new ProtobufReader(bytes);
  const out: bigint[] = [];
  while (!reader.done) {
    const v = reader.readVarint();
    if (v instanceof ProtobufWireError) return v;
    out.push(v);
  }
  return out;
}
