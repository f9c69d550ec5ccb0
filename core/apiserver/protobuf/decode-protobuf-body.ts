import { readMessageFields, ProtobufWireError, WireType } from './protobuf-reader.js';
import { kindMessages } from './message-schemas.js';
import { decodeMessage, MessageDecodeError, type JsonObject } from './message-decoder.js';

/** The media type of Kubernetes protobuf bodies. */
export const kubernetesProtobufMediaType = 'application/vnd.kubernetes.protobuf';

/** The four bytes (`"k8s\0"`) that start every Kubernetes protobuf body. */
export const kubernetesProtobufMagic: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

/** A decoded protobuf body: the envelope's TypeMeta and the object as the JSON the server handles. */
export interface DecodedProtobufBody {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object with `kind` and `apiVersion` set, shaped like Go's JSON encoding of the struct. */
  readonly object: JsonObject;
}

/**
 * Why a protobuf body was refused. `code` is the HTTP status the server should answer with:
 * 400 for malformed bytes (reason `BadRequest`), 415 for a kind or encoding this decoder has no
 * table for (reason `UnsupportedMediaType`). The message is meant for the Status `message`.
 */
export class ProtobufDecodeError extends Error {
  constructor(
    readonly code: 400 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }

  /** The Status reason that goes with {@link code}. */
  get reason(): 'BadRequest' | 'UnsupportedMediaType' {
    return this.code === 400 ? 'BadRequest' : 'UnsupportedMediaType';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function malformed(detail: string): ProtobufDecodeError {
  return new ProtobufDecodeError(400, `unable to decode the protobuf body: ${detail}`);
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body: the magic bytes `6b 38 73 00`
 * followed by a `runtime.Unknown` {1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3:
 * contentEncoding, 4: contentType}, whose `raw` is the typed message chosen by apiVersion and
 * kind. Returns the decoded body or a {@link ProtobufDecodeError} value; never throws, whatever
 * the bytes. Pure; safe to call concurrently.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedProtobufBody | ProtobufDecodeError {
  if (body.length < kubernetesProtobufMagic.length || kubernetesProtobufMagic.some((b, i) => body[i] !== b)) {
    return malformed('the body does not start with the Kubernetes protobuf prefix "k8s\\x00"');
  }
  const envelope = readMessageFields(body.subarray(kubernetesProtobufMagic.length));
  if (envelope instanceof ProtobufWireError) return malformed(`${envelope.message} in the envelope`);

  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array | undefined;
  let contentEncoding = '';
  let contentType = '';
  for (const f of envelope) {
    if (f.field < 1 || f.field > 4) continue;
    if (f.wireType !== WireType.LengthDelimited)
      return malformed(`envelope field ${f.field} has wire type ${f.wireType}`);
    if (f.field === 1) {
      const typeMeta = readMessageFields(f.value);
      if (typeMeta instanceof ProtobufWireError) return malformed(`${typeMeta.message} in the type meta`);
      for (const t of typeMeta) {
        if (t.field !== 1 && t.field !== 2) continue;
        if (t.wireType !== WireType.LengthDelimited)
          return malformed(`type meta field ${t.field} has wire type ${t.wireType}`);
        if (t.field === 1) apiVersion = utf8.decode(t.value);
        else kind = utf8.decode(t.value);
      }
    } else if (f.field === 2) raw = f.value;
    else if (f.field === 3) contentEncoding = utf8.decode(f.value);
    else contentType = utf8.decode(f.value);
  }
  if (!kind) return malformed("Object 'Kind' is missing in the envelope");
  if (!apiVersion) return malformed(`Object 'apiVersion' is missing in the envelope of kind "${kind}"`);
  if (contentEncoding) {
    return new ProtobufDecodeError(
      415,
      `the content encoding "${contentEncoding}" of the protobuf body is not supported`,
    );
  }
  if (contentType && contentType !== kubernetesProtobufMediaType) {
    return new ProtobufDecodeError(
      415,
      `the content type "${contentType}" inside the protobuf envelope is not supported`,
    );
  }
  const messageName = kindMessages[`${apiVersion}/${kind}`];
  if (!messageName) {
    return new ProtobufDecodeError(
      415,
      `no kind "${kind}" is registered for version "${apiVersion}" in the protobuf decoder; send the object as application/json`,
    );
  }
  const decoded = decodeMessage(messageName, raw ?? new Uint8Array(0));
  if (decoded instanceof MessageDecodeError) return malformed(`${kind} in version "${apiVersion}": ${decoded.message}`);
  return { apiVersion, kind, object: { kind, apiVersion, ...decoded } };
}
