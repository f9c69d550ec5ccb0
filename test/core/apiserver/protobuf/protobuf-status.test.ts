import test from 'ava';
import { StatusError } from '../../../../core/apiserver/status.js';
import { decodeProtobufBodyOrThrow } from '../../../../core/apiserver/protobuf/index.js';
import { envelope, field } from './protobuf-bytes.js';

test('decodeProtobufBodyOrThrow returns the object for a good body', (t) => {
  const decoded = decodeProtobufBodyOrThrow(envelope('v1', 'Namespace', field(1, field(1, 'team-a'))));
  t.deepEqual(decoded.object, {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: 'team-a', creationTimestamp: null },
  });
});

const refusals: Array<[string, Buffer, number, string]> = [
  ['malformed bytes', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f]), 400, 'BadRequest'],
  ['an unknown kind', envelope('example.com/v1', 'Widget', []), 415, 'UnsupportedMediaType'],
];

for (const [name, body, code, reason] of refusals) {
  test(`decodeProtobufBodyOrThrow throws a ${code} Status for ${name}`, (t) => {
    const err = t.throws(() => decodeProtobufBodyOrThrow(body), { instanceOf: StatusError });
    t.is(err!.code, code);
    t.like(err!.toStatus(), { kind: 'Status', status: 'Failure', code, reason });
  });
}
