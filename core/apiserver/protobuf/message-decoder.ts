import {
  readMessageFields,
  readPackedVarints,
  ProtobufWireError,
  WireType,
  type WireField,
} from './protobuf-reader.js';
import { messageSchemas, type FieldSchema, type MessageSchema, type ValueType } from './message-schemas.js';

/** A JSON value as the decoder produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Why a typed message could not be turned into JSON; `path` is the JSON path reached (`spec.template`). */
export class MessageDecodeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'MessageDecodeError';
  }
}

/** Deeper nesting than this is refused (the tables never nest this deep; crafted input might try). */
const maxDepth = 64;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes the bytes of the message named `messageName` (a key of `messageSchemas`) into the JSON
 * object Go's encoding/json would print for the same Go struct. Unknown field numbers are skipped.
 * Returns the object or an error value; never throws on any input.
 */
export function decodeMessage(messageName: string, bytes: Uint8Array): JsonObject | MessageDecodeError {
  const target: JsonObject = {};
  const err = decodeInto(target, messageName, bytes, '', 0);
  return err ?? target;
}

function schemaOf(name: string, path: string): MessageSchema | MessageDecodeError {
  const schema = messageSchemas[name];
  return schema ?? new MessageDecodeError(`no table for message ${name}`, path);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function wireError(e: ProtobufWireError, path: string): MessageDecodeError {
  return new MessageDecodeError(`${e.message} (at byte ${e.offset})`, path);
}

function isRecord(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes a message into `target` (merging, as proto2 does for repeated occurrences). */
function decodeInto(
  target: JsonObject,
  messageName: string,
  bytes: Uint8Array,
  path: string,
  depth: number,
): MessageDecodeError | undefined {
  if (depth > maxDepth) return new MessageDecodeError('message nesting is too deep', path);
  const schema = schemaOf(messageName, path);
  if (schema instanceof MessageDecodeError) return schema;
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  for (const f of fields) {
    const spec = schema[f.field];
    if (!spec) continue;
    const err = decodeField(target, spec, f, join(path, spec.json), depth);
    if (err) return err;
  }
  return finish(target, schema);
}

/** Applies the emission rules once a message is complete: drops omitempty zeros, fills `keep` defaults. */
function finish(target: JsonObject, schema: MessageSchema): undefined {
  for (const spec of Object.values(schema)) {
    if (spec.inline) continue;
    const key = spec.json;
    const v = target[key];
    if (v === undefined) {
      if (spec.keep) target[key] = zeroOf(spec);
      continue;
    }
    if (spec.keep || spec.ptr || spec.repeated || !isOmittableScalar(spec.type)) continue;
    if (v === '' || v === 0 || v === false) delete target[key];
  }
  return undefined;
}

/** Go's omitempty drops zero scalars only; structs (Time, Quantity, IntOrString, messages) always print. */
function isOmittableScalar(type: FieldSchema['type']): boolean {
  return type === 'string' || type === 'bool' || type === 'int32' || type === 'int64' || type === 'bytes';
}

function isMap(spec: FieldSchema): spec is FieldSchema & { type: { map: ValueType } } {
  return typeof spec.type === 'object' && 'map' in spec.type;
}

function zeroOf(spec: FieldSchema): JsonValue {
  if (spec.repeated || isMap(spec)) return null;
  switch (spec.type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int32':
    case 'int64':
      return 0;
    case 'quantity':
      return '0';
    case 'intOrString':
      return 0;
    default:
      // Times, bytes, embedded JSON and messages: Go prints null for the zero Time and nil
      // slices; an absent non-pointer struct would print `{}`.
      return typeof spec.type === 'object' ? {} : null;
  }
}

function decodeField(
  target: JsonObject,
  spec: FieldSchema,
  f: WireField,
  path: string,
  depth: number,
): MessageDecodeError | undefined {
  if (isMap(spec)) {
    if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'a map entry', path);
    const existing = target[spec.json];
    const m: JsonObject = isRecord(existing) ? existing : {};
    target[spec.json] = m;
    return decodeMapEntry(m, spec.type.map, f.value, path, depth);
  }
  const type = spec.type as ValueType;
  if (spec.repeated) {
    const existing = target[spec.json];
    const list: JsonValue[] = Array.isArray(existing) ? existing : [];
    target[spec.json] = list;
    if (f.wireType === WireType.LengthDelimited && isVarintType(type)) {
      const packed = readPackedVarints(f.value);
      if (packed instanceof ProtobufWireError) return wireError(packed, path);
      for (const v of packed) list.push(varintValue(type, v));
      return undefined;
    }
    const v = decodeValue(type, f, `${path}[${list.length}]`, depth);
    if (v instanceof MessageDecodeError) return v;
    list.push(v);
    return undefined;
  }
  if (typeof type === 'object' && f.wireType === WireType.LengthDelimited) {
    // Embedded message: merge into what an earlier occurrence produced (inline: into the parent).
    if (spec.inline) return decodeInto(target, type.message, f.value, parentPath(path), depth + 1);
    const existing = target[spec.json];
    const obj: JsonObject = isRecord(existing) ? existing : {};
    target[spec.json] = obj;
    return decodeInto(obj, type.message, f.value, path, depth + 1);
  }
  const v = decodeValue(type, f, path, depth);
  if (v instanceof MessageDecodeError) return v;
  target[spec.json] = v;
  return undefined;
}

function parentPath(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

function decodeMapEntry(
  m: JsonObject,
  valueType: ValueType,
  bytes: Uint8Array,
  path: string,
  depth: number,
): MessageDecodeError | undefined {
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  let key = '';
  let value: JsonValue | undefined;
  for (const f of fields) {
    if (f.field === 1) {
      if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'a string map key', path);
      key = utf8.decode(f.value);
    } else if (f.field === 2) {
      const v = decodeValue(valueType, f, `${path}[${key}]`, depth);
      if (v instanceof MessageDecodeError) return v;
      value = v;
    }
  }
  m[key] = value ?? emptyMapValue(valueType);
  return undefined;
}

function emptyMapValue(type: ValueType): JsonValue {
  if (typeof type === 'object') return {};
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'int32':
    case 'int64':
    case 'intOrString':
      return 0;
    case 'quantity':
      return '0';
    case 'extraValue':
      return [];
    default:
      return null;
  }
}

function isVarintType(type: ValueType): type is 'bool' | 'int32' | 'int64' {
  return type === 'bool' || type === 'int32' || type === 'int64';
}

function varintValue(type: 'bool' | 'int32' | 'int64', v: bigint): JsonValue {
  if (type === 'bool') return v !== 0n;
  if (type === 'int32') return Number(BigInt.asIntN(32, v));
  return Number(BigInt.asIntN(64, v));
}

function mismatch(f: WireField, expected: string, path: string): MessageDecodeError {
  return new MessageDecodeError(`field ${f.field} has wire type ${f.wireType}, expected ${expected}`, path);
}

/** Decodes one non-map value of a field (scalar, special type or message). */
function decodeValue(type: ValueType, f: WireField, path: string, depth: number): JsonValue | MessageDecodeError {
  if (isVarintType(type)) {
    if (f.wireType !== WireType.Varint) return mismatch(f, 'a varint', path);
    return varintValue(type, f.value);
  }
  if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'a length-delimited value', path);
  const bytes = f.value;
  if (typeof type === 'object') {
    const obj: JsonObject = {};
    return decodeInto(obj, type.message, bytes, path, depth + 1) ?? obj;
  }
  switch (type) {
    case 'string':
      return utf8.decode(bytes);
    case 'bytes':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    case 'time':
      return decodeTime(bytes, path, false);
    case 'microTime':
      return decodeTime(bytes, path, true);
    case 'quantity':
      return decodeQuantity(bytes, path);
    case 'intOrString':
      return decodeIntOrString(bytes, path);
    case 'fieldsV1':
    case 'rawExtension':
      return decodeEmbeddedJson(bytes, path);
    case 'extraValue':
      return decodeStringList(bytes, path);
  }
}

/** metav1.Time / MicroTime `{1: seconds, 2: nanos}`; empty bytes are the zero time (JSON null). */
function decodeTime(bytes: Uint8Array, path: string, micro: boolean): JsonValue | MessageDecodeError {
  if (bytes.length === 0) return null;
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  let seconds = 0n;
  let nanos = 0;
  for (const f of fields) {
    if (f.field === 1 || f.field === 2) {
      if (f.wireType !== WireType.Varint) return mismatch(f, 'a varint', path);
      if (f.field === 1) seconds = BigInt.asIntN(64, f.value);
      else nanos = Number(BigInt.asIntN(32, f.value));
    }
  }
  return (
    formatTime(seconds, nanos, micro) ?? new MessageDecodeError(`time ${seconds}s is outside the years 0-9999`, path)
  );
}

const minSeconds = -62167219200n; // 0000-01-01T00:00:00Z
const maxSeconds = 253402300799n; // 9999-12-31T23:59:59Z

/** RFC 3339 in UTC, as Go's metav1.Time (seconds) or MicroTime (6 fraction digits) print it. */
export function formatTime(seconds: bigint, nanos: number, micro: boolean): string | undefined {
  // Normalise nanos into [0, 1e9) the way time.Unix does.
  let s = seconds + BigInt(Math.floor(nanos / 1e9));
  let n = nanos % 1e9;
  if (n < 0) {
    n += 1e9;
    s -= 1n;
  }
  if (s < minSeconds || s > maxSeconds) return undefined;
  const iso = new Date(Number(s) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const base = iso.slice(0, 19);
  if (!micro) return `${base}Z`;
  const us = Math.floor(n / 1000)
    .toString()
    .padStart(6, '0');
  return `${base}.${us}Z`;
}

/** resource.Quantity `{1: string}`. */
function decodeQuantity(bytes: Uint8Array, path: string): JsonValue | MessageDecodeError {
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  let s = '0';
  for (const f of fields) {
    if (f.field !== 1) continue;
    if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'a string', path);
    s = utf8.decode(f.value);
  }
  return s;
}

/** intstr.IntOrString `{1: type (0 int, 1 string), 2: intVal, 3: strVal}`. */
function decodeIntOrString(bytes: Uint8Array, path: string): JsonValue | MessageDecodeError {
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  let kind = 0n;
  let intVal = 0;
  let strVal = '';
  for (const f of fields) {
    if (f.field === 1 || f.field === 2) {
      if (f.wireType !== WireType.Varint) return mismatch(f, 'a varint', path);
      if (f.field === 1) kind = f.value;
      else intVal = Number(BigInt.asIntN(32, f.value));
    } else if (f.field === 3) {
      if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'a string', path);
      strVal = utf8.decode(f.value);
    }
  }
  if (kind === 0n) return intVal;
  if (kind === 1n) return strVal;
  return new MessageDecodeError(`unknown IntOrString type ${kind}`, path);
}

/** metav1.FieldsV1 / runtime.RawExtension `{1: raw JSON bytes}`. */
function decodeEmbeddedJson(bytes: Uint8Array, path: string): JsonValue | MessageDecodeError {
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  let raw: Uint8Array | undefined;
  for (const f of fields) {
    if (f.field !== 1) continue;
    if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'bytes', path);
    raw = f.value;
  }
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(utf8.decode(raw)) as JsonValue;
  } catch {
    return new MessageDecodeError('embedded raw value is not JSON', path);
  }
}

/** authorization/authentication ExtraValue `{1: repeated string}`. */
function decodeStringList(bytes: Uint8Array, path: string): JsonValue | MessageDecodeError {
  const fields = readMessageFields(bytes);
  if (fields instanceof ProtobufWireError) return wireError(fields, path);
  const out: JsonValue[] = [];
  for (const f of fields) {
    if (f.field !== 1) continue;
    if (f.wireType !== WireType.LengthDelimited) return mismatch(f, 'a string', path);
    out.push(utf8.decode(f.value));
  }
  return out;
}
