import test from 'ava';
import {
  decodeKubernetesProtobuf,
  formatTime,
  ProtobufDecodeError,
  type DecodedProtobufBody,
} from '../../../../core/apiserver/protobuf/index.js';
import { entry, envelope, field, varint, vfield } from './protobuf-bytes.js';

function ok(t: { fail(m: string): void }, r: DecodedProtobufBody | ProtobufDecodeError): Record<string, unknown> {
  if (r instanceof ProtobufDecodeError) {
    t.fail(r.message);
    return {};
  }
  return r.object;
}

const objectMeta = (...fields: number[][]) => field(1, fields.flat());

test('a pointer scalar present with a zero value appears (replicas: 0); omitempty zeros do not', (t) => {
  const spec = field(2, [...vfield(1, 0), ...vfield(5, 0), ...vfield(7, false), ...field(3, [])]);
  const obj = ok(
    t,
    decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', [...objectMeta(field(1, 'web')), ...spec])),
  );
  t.deepEqual(obj.spec, { replicas: 0, template: {} });
});

test('an absent pointer scalar stays absent', (t) => {
  const obj = ok(t, decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', field(2, field(3, [])))));
  t.false('replicas' in (obj.spec as object));
});

test('Time is RFC 3339 in UTC with seconds; an empty Time is null', (t) => {
  const withTime = objectMeta(
    field(1, 'a'),
    field(8, vfield(1, 1700000000)),
    field(9, [...vfield(1, 0), ...vfield(2, 5)]),
  );
  const obj = ok(t, decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', withTime)));
  t.deepEqual(obj.metadata, {
    name: 'a',
    creationTimestamp: '2023-11-14T22:13:20Z',
    deletionTimestamp: '1970-01-01T00:00:00Z',
  });
  const empty = ok(t, decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', objectMeta(field(1, 'b'), field(8, [])))));
  t.deepEqual(empty.metadata, { name: 'b', creationTimestamp: null });
});

test('formatTime prints MicroTime with six fraction digits and refuses years beyond 9999', (t) => {
  t.is(formatTime(1700000000n, 123456789, true), '2023-11-14T22:13:20.123456Z');
  t.is(formatTime(1700000000n, 123456789, false), '2023-11-14T22:13:20Z');
  t.is(formatTime(-1n, 0, false), '1969-12-31T23:59:59Z');
  t.is(formatTime(253402300800n, 0, false), undefined);
});

test('a Time outside years 0-9999 is a 400', (t) => {
  const r = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', objectMeta(field(8, vfield(1, 253402300800)))));
  t.true(r instanceof ProtobufDecodeError);
  t.is((r as ProtobufDecodeError).code, 400);
  t.regex((r as ProtobufDecodeError).message, /metadata\.creationTimestamp: time .* outside the years 0-9999/);
});

test('ConfigMap binaryData and Secret data are base64; stringData stays text; immutable false is kept', (t) => {
  const cm = ok(
    t,
    decodeKubernetesProtobuf(
      envelope('v1', 'ConfigMap', [
        ...entry(2, 'text', 'hello'),
        ...entry(3, 'bin', [0x00, 0xff, 0x10]),
        ...vfield(4, false),
      ]),
    ),
  );
  t.deepEqual(cm, {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    data: { text: 'hello' },
    binaryData: { bin: 'AP8Q' },
    immutable: false,
  });
  const secret = ok(
    t,
    decodeKubernetesProtobuf(
      envelope('v1', 'Secret', [
        ...entry(2, 'k', 'value'),
        ...entry(4, 'plain', 'p@ss'),
        ...field(3, 'Opaque'),
        ...vfield(5, true),
      ]),
    ),
  );
  t.deepEqual(secret, {
    kind: 'Secret',
    apiVersion: 'v1',
    data: { k: 'dmFsdWU=' },
    stringData: { plain: 'p@ss' },
    type: 'Opaque',
    immutable: true,
  });
});

test('IntOrString decodes to a number or a string', (t) => {
  const port = (target: number[]) => field(1, [...field(1, 'p'), ...vfield(3, 80), ...field(4, target)]);
  const spec = field(2, [
    ...port([...vfield(1, 0), ...vfield(2, 8080)]),
    ...port([...vfield(1, 1), ...field(3, 'http')]),
  ]);
  const obj = ok(t, decodeKubernetesProtobuf(envelope('v1', 'Service', spec)));
  t.deepEqual(obj.spec, {
    ports: [
      { name: 'p', port: 80, targetPort: 8080 },
      { name: 'p', port: 80, targetPort: 'http' },
    ],
  });
});

test('an IntOrString of unknown type is a 400', (t) => {
  const spec = field(2, field(1, [...vfield(3, 80), ...field(4, vfield(1, 2))]));
  const r = decodeKubernetesProtobuf(envelope('v1', 'Service', spec));
  t.true(r instanceof ProtobufDecodeError);
  t.regex((r as ProtobufDecodeError).message, /spec\.ports\[0\]\.targetPort: unknown IntOrString type 2/);
});

test('container env, envFrom, resources and probes decode with inline structs and quantities', (t) => {
  const container = [
    ...field(1, 'app'),
    ...field(2, 'busybox'),
    ...field(7, [...field(1, 'A'), ...field(2, '1')]),
    ...field(7, [...field(1, 'B'), ...field(3, field(4, [...field(1, field(1, 'creds')), ...field(2, 'token')]))]),
    ...field(19, [...field(1, 'CFG_'), ...field(2, field(1, field(1, 'settings')))]),
    ...field(8, [...entry(1, 'cpu', field(1, '500m')), ...entry(2, 'memory', field(1, '64Mi'))]),
    ...field(10, [
      ...field(1, field(2, [...field(1, '/healthz'), ...field(2, [...vfield(1, 0), ...vfield(2, 8080)])])),
      ...vfield(4, 10),
    ]),
    ...field(14, 'IfNotPresent'),
    ...field(13, '/dev/termination-log'),
    ...field(20, 'File'),
  ];
  const podSpec = [...field(2, container), ...vfield(25, -5), ...field(14, field(4, [...varint(1), ...varint(2000)]))];
  const obj = ok(
    t,
    decodeKubernetesProtobuf(envelope('v1', 'Pod', [...objectMeta(field(1, 'p')), ...field(2, podSpec)])),
  );
  t.deepEqual(obj.spec, {
    containers: [
      {
        name: 'app',
        image: 'busybox',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        ],
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
        resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    priority: -5,
    securityContext: { supplementalGroups: [1, 2000] },
  });
});

test('unknown field numbers are skipped', (t) => {
  const raw = [
    ...objectMeta(field(1, 'x'), vfield(99, 7)),
    ...field(50, 'future'),
    ...vfield(51, 1),
    ...entry(2, 'a', 'b'),
  ];
  const obj = ok(t, decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', raw)));
  t.deepEqual(obj, {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: 'x', creationTimestamp: null },
    data: { a: 'b' },
  });
});

test('repeated occurrences of an embedded message merge, as proto2 does', (t) => {
  const raw = [...objectMeta(field(1, 'x')), ...objectMeta(entry(11, 'app', 'web'))];
  const obj = ok(t, decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', raw)));
  t.deepEqual(obj.metadata, { name: 'x', labels: { app: 'web' }, creationTimestamp: null });
});

test('managedFields carry fieldsV1 as JSON; invalid embedded JSON is a 400', (t) => {
  const mf = (json: string) =>
    objectMeta(
      field(17, [...field(1, 'kubectl'), ...field(2, 'Apply'), ...field(6, 'FieldsV1'), ...field(7, field(1, json))]),
    );
  const obj = ok(t, decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', mf('{"f:data":{"f:a":{}}}'))));
  t.deepEqual(obj.metadata, {
    creationTimestamp: null,
    managedFields: [
      { manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ],
  });
  const bad = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', mf('{nope')));
  t.true(bad instanceof ProtobufDecodeError);
  t.regex(
    (bad as ProtobufDecodeError).message,
    /metadata\.managedFields\[0\]\.fieldsV1: embedded raw value is not JSON/,
  );
});

test('SubjectAccessReview extra values are string lists', (t) => {
  const spec = field(2, [...field(3, 'jane'), ...entry(5, 'scopes', [...field(1, 'a'), ...field(1, 'b')])]);
  const obj = ok(t, decodeKubernetesProtobuf(envelope('authorization.k8s.io/v1', 'SubjectAccessReview', spec)));
  t.deepEqual(obj.spec, { user: 'jane', extra: { scopes: ['a', 'b'] } });
});

const refused: Array<[string, Buffer, 400 | 415, RegExp]> = [
  ['empty body', Buffer.alloc(0), 400, /does not start with the Kubernetes protobuf prefix/],
  ['bad magic', Buffer.from('{"kind":"Pod"}'), 400, /does not start with the Kubernetes protobuf prefix/],
  ['magic only', Buffer.from([0x6b, 0x38, 0x73, 0x00]), 400, /Kind' is missing/],
  [
    'envelope with a huge length',
    Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    400,
    /length 4294967295 of field 2 exceeds/,
  ],
  [
    'envelope truncated inside typeMeta',
    envelope('v1', 'ConfigMap', []).subarray(0, 12),
    400,
    /exceeds the .* remaining bytes in the envelope/,
  ],
  [
    'type meta without apiVersion',
    Buffer.from([0x6b, 0x38, 0x73, 0x00, ...field(1, field(2, 'Pod'))]),
    400,
    /'apiVersion' is missing/,
  ],
  [
    'envelope field of the wrong wire type',
    Buffer.from([0x6b, 0x38, 0x73, 0x00, ...vfield(2, 1)]),
    400,
    /envelope field 2 has wire type 0/,
  ],
  [
    'string sent as a varint',
    envelope('v1', 'ConfigMap', objectMeta(vfield(1, 3))),
    400,
    /metadata\.name: field 1 has wire type 0, expected a length-delimited value/,
  ],
  [
    'raw with a truncated nested message',
    envelope('apps/v1', 'Deployment', [0x12, 0x04, 0x0a, 0x09, 0x01, 0x02]),
    400,
    /spec: length 9 of field 1 exceeds/,
  ],
  [
    'unknown kind',
    envelope('example.com/v1', 'Widget', []),
    415,
    /no kind "Widget" is registered for version "example.com\/v1"/,
  ],
  [
    'known kind in another version',
    envelope('apps/v1beta1', 'Deployment', []),
    415,
    /no kind "Deployment" is registered for version "apps\/v1beta1"/,
  ],
  ['gzip content encoding', envelope('v1', 'ConfigMap', [], 'gzip'), 415, /content encoding "gzip"/],
];

for (const [name, body, code, message] of refused) {
  test(`refused with ${code}: ${name}`, (t) => {
    let r: DecodedProtobufBody | ProtobufDecodeError | undefined;
    t.notThrows(() => {
      r = decodeKubernetesProtobuf(body);
    });
    t.true(r instanceof ProtobufDecodeError);
    const err = r as ProtobufDecodeError;
    t.is(err.code, code);
    t.is(err.reason, code === 400 ? 'BadRequest' : 'UnsupportedMediaType');
    t.regex(err.message, message);
  });
}
