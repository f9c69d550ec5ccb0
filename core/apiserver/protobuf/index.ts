/** Decoding of Kubernetes protobuf request bodies into the JSON objects the API server handles. */
export {
  decodeKubernetesProtobuf,
  ProtobufDecodeError,
  kubernetesProtobufMediaType,
  kubernetesProtobufMagic,
  type DecodedProtobufBody,
} from './decode-protobuf-body.js';
export { decodeMessage, MessageDecodeError, formatTime, type JsonObject, type JsonValue } from './message-decoder.js';
export {
  messageSchemas,
  kindMessages,
  type MessageSchema,
  type FieldSchema,
  type ValueType,
} from './message-schemas.js';
export { ProtobufReader, ProtobufWireError, WireType, readMessageFields, type WireField } from './protobuf-reader.js';
export { decodeProtobufBodyOrThrow, protobufStatusError } from './protobuf-status.js';
