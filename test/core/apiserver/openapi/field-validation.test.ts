import test from 'ava';
import { parse } from 'yaml';
import {
  decodeErrorMessage,
  fieldValidationWarnings,
  findTypeErrors,
  findUnknownFields,
  pruneUnknownFields,
  strictDecodingError,
} from '../../../../core/apiserver/openapi/field-validation.js';
import { findDuplicateFields } from '../../../../core/apiserver/openapi/duplicate-fields.js';
import { schemaFor } from '../../../../core/apiserver/openapi/schema-graph.js';
import type { SchemaNode } from '../../../../core/apiserver/schema/schema-node.js';

const schema = (name: string): SchemaNode => {
  const s = schemaFor(name);
  if (!s) throw new Error(`no schema ${name}`);
  return s;
};

const deploymentWithTypos = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labelz: {app: web}
  labels:
    app.kubernetes.io/name: web
  annotations:
    anything.example.com/goes: "yes"
spec:
  replicas: 2
  foo: bar
  selector:
    matchLabels: {app: web}
  strategy:
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: web}
    spec:
      nodeSelector: {disktype: ssd}
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicyy: Always
        ports:
        - containerPort: 80
          protocl: TCP
        resources:
          limits: {cpu: 500m, memory: 128Mi}
        livenessProbe:
          httpGet:
            path: /
            port: 80
            initialDelaySeconds: 3
      - name: sidecar
        image: busybox
        env:
        - name: A
          value: b
          valueFrom2: {}
      volumes:
      - name: data
        emptyDir: {}
`;

const manifestCases: Array<{ title: string; schema: string; yaml: string; unknown: string[] }> = [
  {
    title: 'a Deployment with typos at several depths',
    schema: 'io.k8s.api.apps.v1.Deployment',
    yaml: deploymentWithTypos,
    unknown: [
      'metadata.labelz',
      'spec.foo',
      'spec.template.spec.containers[0].imagePullPolicyy',
      'spec.template.spec.containers[0].ports[0].protocl',
      'spec.template.spec.containers[0].livenessProbe.httpGet.initialDelaySeconds',
      'spec.template.spec.containers[1].env[0].valueFrom2',
    ],
  },
  {
    title: 'a valid Pod',
    schema: 'io.k8s.api.core.v1.Pod',
    yaml: `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: default, finalizers: [x/y], ownerReferences: [{apiVersion: v1, kind: Node, name: n, uid: u}]}
spec:
  restartPolicy: Never
  tolerations: [{key: k, operator: Exists, effect: NoSchedule}]
  containers:
  - name: c
    image: busybox
    command: [sh, -c, "echo hi"]
    env: [{name: X, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    securityContext: {capabilities: {add: [NET_ADMIN]}}
status:
  phase: Running
  conditions: [{type: Ready, status: "True"}]
`,
    unknown: [],
  },
  {
    title: 'a Service with a misplaced field',
    schema: 'io.k8s.api.core.v1.Service',
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
    nodeport: 30080
  type: NodePort
`,
    unknown: ['spec.ports[0].nodeport'],
  },
  {
    title: 'a PersistentVolumeClaim with storage outside requests',
    schema: 'io.k8s.api.core.v1.PersistentVolumeClaim',
    yaml: `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    storage: 5Gi
`,
    unknown: ['spec.resources.storage'],
  },
  {
    title: 'a ConfigMap (maps never have unknown keys) with an unknown top-level field',
    schema: 'io.k8s.api.core.v1.ConfigMap',
    yaml: `
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: "1", anything: goes}
spec: {}
`,
    unknown: ['spec'],
  },
  {
    title: 'a ControllerRevision: RawExtension data is free-form',
    schema: 'io.k8s.api.apps.v1.ControllerRevision',
    yaml: `
apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: r}
revision: 1
data: {spec: {template: {whatever: 1}}}
`,
    unknown: [],
  },
  {
    title: 'a CronJob: the nested Job template is checked too',
    schema: 'io.k8s.api.batch.v1.CronJob',
    yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      backoffLimitt: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox}]
`,
    unknown: ['spec.jobTemplate.spec.backoffLimitt'],
  },
  {
    title: 'a CRD: the cyclic JSONSchemaProps is walked along the data',
    schema: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    yaml: `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
            properties:
              size: {type: integer, minimum: 1, maxLength: 3}
              tags: {type: array, items: {type: string}}
            requird: [size]
`,
    unknown: ['spec.versions[0].schema.openAPIV3Schema.properties.spec.requird'],
  },
];

for (const c of manifestCases) {
  test(`unknown fields: ${c.title}`, (t) => {
    t.deepEqual(findUnknownFields(parse(c.yaml), schema(c.schema)), c.unknown);
  });
}

test('pruneUnknownFields drops exactly the unknown fields', (t) => {
  const obj = parse(deploymentWithTypos);
  pruneUnknownFields(obj, schema('io.k8s.api.apps.v1.Deployment'));
  t.deepEqual(findUnknownFields(obj, schema('io.k8s.api.apps.v1.Deployment')), []);
  t.is(obj.spec.replicas, 2);
  t.is(obj.spec.foo, undefined);
  t.is(obj.spec.template.spec.containers[0].imagePullPolicyy, undefined);
  t.is(obj.spec.template.spec.containers[0].image, 'nginx:1.27');
  t.deepEqual(obj.metadata.labels, { 'app.kubernetes.io/name': 'web' });
});

test('preserve-unknown-fields nodes and free-form objects report nothing', (t) => {
  const preserve: SchemaNode = { type: 'object', preserveUnknownFields: true, properties: { a: { type: 'string' } } };
  t.deepEqual(findUnknownFields({ a: 'x', b: { c: 1 } }, preserve), []);
  const strict: SchemaNode = {
    type: 'object',
    properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
  };
  t.deepEqual(findUnknownFields({ a: { b: 'x', c: 1 }, d: [] }, strict), ['a.c', 'd']);
  const embedded: SchemaNode = { type: 'object', embeddedResource: true, properties: { spec: { type: 'object' } } };
  t.deepEqual(findUnknownFields({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {}, x: 1 }, embedded), ['x']);
});

// Texts of the apiserver's JSON decoder for the built-in kinds (encoding/json UnmarshalTypeError).
const typeCases: Array<{ title: string; schema: string; obj: unknown; causes: Array<[string, string]> }> = [
  {
    title: 'a quoted replicas',
    schema: 'io.k8s.api.apps.v1.Deployment',
    obj: { spec: { replicas: '3' } },
    causes: [
      [
        'spec.replicas',
        'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      ],
    ],
  },
  {
    title: 'a string for containers and a number for a label',
    schema: 'io.k8s.api.core.v1.Pod',
    obj: { metadata: { labels: { app: 1 } }, spec: { containers: 'nginx' } },
    causes: [
      [
        'metadata.labels.app',
        'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
      ],
      [
        'spec.containers',
        'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container',
      ],
    ],
  },
  {
    title: 'a string port deep in a list, a fractional integer and a bool as a string',
    schema: 'io.k8s.api.core.v1.Pod',
    obj: {
      spec: {
        containers: [{ name: 'c', ports: [{ containerPort: '80' }], tty: 'yes' }],
        terminationGracePeriodSeconds: 1.5,
      },
    },
    causes: [
      [
        'spec.containers[0].ports[0].containerPort',
        'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
      ],
      [
        'spec.containers[0].tty',
        'json: cannot unmarshal string into Go struct field Container.spec.containers.tty of type bool',
      ],
      [
        'spec.terminationGracePeriodSeconds',
        'json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
      ],
    ],
  },
  {
    title: 'an object where a struct is a string',
    schema: 'io.k8s.api.core.v1.Pod',
    obj: { spec: { containers: [{ name: { a: 1 } }], affinity: [] } },
    causes: [
      [
        'spec.containers[0].name',
        'json: cannot unmarshal object into Go struct field Container.spec.containers.name of type string',
      ],
      ['spec.affinity', 'json: cannot unmarshal array into Go struct field PodSpec.spec.affinity of type v1.Affinity'],
    ],
  },
];
for (const c of typeCases) {
  test(`type errors: ${c.title}`, (t) => {
    const causes = findTypeErrors(c.obj, schema(c.schema));
    t.deepEqual(
      causes.map((x) => [x.field, x.message]),
      c.causes,
    );
    t.true(causes.every((x) => x.reason === 'FieldValueTypeInvalid'));
  });
}

test('type checks accept what the decoder accepts', (t) => {
  const pod = {
    metadata: { name: 'p', creationTimestamp: null, labels: null },
    spec: {
      containers: [
        {
          name: 'c',
          ports: [{ containerPort: 80 }],
          resources: { limits: { cpu: 1, memory: '1Gi' }, requests: { cpu: 0.5 } },
          livenessProbe: { httpGet: { port: 'http' }, tcpSocket: { port: 8080 } },
        },
      ],
    },
  };
  t.deepEqual(findTypeErrors(pod, schema('io.k8s.api.core.v1.Pod')), []);
});

test('IntOrString and Time have their own decoders', (t) => {
  const causes = findTypeErrors(
    { metadata: { creationTimestamp: 5 }, spec: { ports: [{ port: 80, targetPort: true }] } },
    schema('io.k8s.api.core.v1.Service'),
  );
  t.deepEqual(
    causes.map((c) => [c.field, c.message]),
    [
      ['metadata.creationTimestamp', 'json: cannot unmarshal number into Go value of type string'],
      ['spec.ports[0].targetPort', 'json: cannot unmarshal bool into Go value of type int32'],
    ],
  );
});

test('strict decoding answers 400 BadRequest with the apiserver text, fields joined by ", "', (t) => {
  const err = strictDecodingError('Deployment', 'v1', ['spec.serviceAccount', 'spec.serviceAccountName']);
  const status = err.toStatus();
  t.is(status.code, 400);
  t.is(status.reason, 'BadRequest');
  t.is(
    status.message,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.serviceAccount", unknown field "spec.serviceAccountName"',
  );
  t.is(
    decodeErrorMessage(
      'Deployment',
      'v1',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ),
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  );
});

test('Warn mode gives one warning per field', (t) => {
  t.deepEqual(fieldValidationWarnings(['spec.foo', 'metadata.labelz'], ['spec.replicas']), [
    'duplicate field "spec.replicas"',
    'unknown field "spec.foo"',
    'unknown field "metadata.labelz"',
  ]);
});

const duplicateCases: Array<[string, string, string[]]> = [
  ['none', '{"spec":{"replicas":1,"template":{}}}', []],
  [
    'a top-level and a nested key',
    '{"kind":"Pod","kind":"Pod","spec":{"replicas":1,"replicas":2}}',
    ['kind', 'spec.replicas'],
  ],
  [
    'inside list items and maps, each reported once',
    '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y","image":"z"}]},"metadata":{"labels":{"a":"1","a":"2"}}}',
    ['spec.containers[1].image', 'metadata.labels.a'],
  ],
  ['same key in different objects is fine', '{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}', []],
  ['escaped keys compare by value', '{"a":1,"\\u0061":2}', ['a']],
  ['invalid JSON', '{"a":1,', []],
];
for (const [title, text, expected] of duplicateCases) {
  test(`duplicate fields: ${title}`, (t) => {
    t.deepEqual(findDuplicateFields(text), expected);
  });
}
