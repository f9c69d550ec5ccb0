import { StatusError } from '../status.js';
import { decodeKubernetesProtobuf, ProtobufDecodeError, type DecodedProtobufBody } from './decode-protobuf-body.js';

/** The Kubernetes Status error for a refused protobuf body: 400 BadRequest or 415 UnsupportedMediaType. */
export function protobufStatusError(err: ProtobufDecodeError): StatusError {
  return new StatusError(err.code, err.reason, err.message);
}

/**
 * {@link decodeKubernetesProtobuf} for the `ApiMachinery.decodeProtobuf` contract: returns the
 * decoded body, or throws a {@link StatusError} (400 for malformed bytes, 415 for a kind or
 * encoding without a table) that the handlers pass through as the HTTP answer.
 */
export function decodeProtobufBodyOrThrow(body: Uint8Array): DecodedProtobufBody {
  const decoded = decodeKubernetesProtobuf(body);
  if (decoded instanceof ProtobufDecodeError) throw protobufStatusError(decoded);
  return decoded;
}
