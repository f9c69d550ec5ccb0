import test from 'ava';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { allBuiltinResourceTypes } from '../../../core/api-types/index.js';

const types = allBuiltinResourceTypes();
const type = (group: string, plural: string, version = 'v1') =>
  types.find((t) => t.group === group && t.version === version && t.plural === plural)!;
const pods = type('', 'pods');

function created(
  group: string,
  plural: string,
  obj: Omit<KubeObject, 'metadata'> & { metadata?: KubeObject['metadata'] },
  version = 'v1',
): KubeObject {
  const o = structuredClone({ metadata: { name: 'x', namespace: 'default', uid: 'uid-1' }, ...obj }) as KubeObject;
  type(group, plural, version).strategy!.applyDefaults?.(o);
  return o;
}
const messages = (group: string, plural: string, obj: KubeObject) =>
  type(group, plural).strategy!.validateCreate!(obj).map((c) => `${c.field}: ${c.message}`);

test('a pod gets the apiserver defaults, status Pending and its QoS class', (t) => {
  const pod = created('', 'pods', {
    spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
  });
  const spec = pod.spec as any;
  t.like(spec, {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30,
    securityContext: {},
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    serviceAccountName: 'default',
    serviceAccount: 'default',
  });
  t.deepEqual(spec.containers[0], {
    name: 'web',
    image: 'nginx',
    ports: [{ containerPort: 80, protocol: 'TCP' }],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'Always',
    resources: {},
  });
  t.deepEqual(
    spec.tolerations.map((x: any) => `${x.key}:${x.effect}:${x.tolerationSeconds}`),
    ['node.kubernetes.io/not-ready:NoExecute:300', 'node.kubernetes.io/unreachable:NoExecute:300'],
  );
  t.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

const pullPolicies: Array<[string, string]> = [
  ['nginx', 'Always'],
  ['nginx:latest', 'Always'],
  ['nginx:1.27', 'IfNotPresent'],
  ['registry:5000/team/app', 'Always'],
  ['registry:5000/team/app:v2', 'IfNotPresent'],
  ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
];
for (const [image, policy] of pullPolicies) {
  test(`imagePullPolicy of ${image} defaults to ${policy}`, (t) => {
    const pod = created('', 'pods', { spec: { containers: [{ name: 'c', image }] } });
    t.is((pod.spec as any).containers[0].imagePullPolicy, policy);
  });
}

test('probe timings default and limits become requests', (t) => {
  const pod = created('', 'pods', {
    spec: {
      containers: [
        {
          name: 'c',
          image: 'a:1',
          livenessProbe: { httpGet: { port: 8080 } },
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
        },
      ],
    },
  });
  const c = (pod.spec as any).containers[0];
  t.deepEqual(c.livenessProbe, {
    httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  t.deepEqual(c.resources.requests, { cpu: '500m', memory: '128Mi' });
  t.is((pod.status as any).qosClass, 'Guaranteed');
});

const podInvalid: Array<{ title: string; spec: unknown; expected: string[] }> = [
  { title: 'no containers', spec: { containers: [] }, expected: ['spec.containers: Required value'] },
  {
    title: 'a container without image and a duplicate name',
    spec: { containers: [{ name: 'a', image: 'x' }, { name: 'a' }] },
    expected: ['spec.containers[1].image: Required value', 'spec.containers[1].name: Duplicate value: "a"'],
  },
  {
    title: 'a bad restart policy',
    spec: { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] },
    expected: ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  },
  {
    title: 'a bad pull policy and port',
    spec: { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Sometimes', ports: [{ containerPort: 70000 }] }] },
    expected: [
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
  },
  {
    title: 'a mount of an unknown volume',
    spec: { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] },
    expected: ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  },
  {
    title: 'requests above limits',
    spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] },
    expected: [
      'spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
  },
  {
    title: 'an invalid container name',
    spec: { containers: [{ name: 'Web_1', image: 'x' }] },
    expected: [
      "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
];
for (const c of podInvalid) {
  test(`pod validation: ${c.title}`, (t) => {
    const pod = created('', 'pods', { spec: c.spec });
    t.deepEqual(messages('', 'pods', pod), c.expected);
  });
}

test('pod updates may change images but not other spec fields', (t) => {
  const old = created('', 'pods', { spec: { containers: [{ name: 'a', image: 'x:1' }] } });
  const image = structuredClone(old);
  (image.spec as any).containers[0].image = 'x:2';
  t.deepEqual(pods.strategy!.validateUpdate!(image, old), []);
  const env = structuredClone(old);
  (env.spec as any).containers[0].env = [{ name: 'A', value: '1' }];
  const causes = pods.strategy!.validateUpdate!(env, old);
  t.is(causes.length, 1);
  t.is(causes[0]!.field, 'spec');
  t.true(
    causes[0]!.message.startsWith(
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ),
  );
});

test('pod field selectors cover the fields kubectl and the kubelet use', (t) => {
  const pod = created('', 'pods', { spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'x' }] } });
  (pod.status as any).podIP = '10.0.0.5';
  t.deepEqual(pods.strategy!.selectableFields!(pod), {
    'spec.nodeName': 'n1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'default',
    'spec.hostNetwork': 'false',
    'status.phase': 'Pending',
    'status.podIP': '10.0.0.5',
    'status.nominatedNodeName': '',
  });
});

test('a service gets ClusterIP defaults and targetPort = port', (t) => {
  const svc = created('', 'services', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  t.deepEqual(svc.spec, {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    type: 'ClusterIP',
    sessionAffinity: 'None',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
    internalTrafficPolicy: 'Cluster',
  });
});

test('service validation: DNS-1035 names, type, named ports, changed cluster IPs', (t) => {
  const svc = created('', 'services', {
    metadata: { name: '1web', namespace: 'default' },
    spec: { type: 'Magic', ports: [{ port: 80 }, { port: 0, name: 'b' }] },
  });
  const msgs = messages('', 'services', svc);
  t.true(
    msgs[0]!.startsWith(
      'metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters',
    ),
  );
  t.true(
    msgs.includes(
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ),
  );
  t.true(msgs.includes('spec.ports[0].name: Required value'));
  t.true(msgs.includes('spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive'));
  const old = created('', 'services', {
    spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] },
  });
  const next = structuredClone(old);
  (next.spec as any).clusterIP = '10.96.0.11';
  (next.spec as any).clusterIPs = ['10.96.0.11'];
  t.deepEqual(
    type('', 'services').strategy!.validateUpdate!(next, old).map((c) => `${c.field}: ${c.message}`),
    ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set'],
  );
});

test('a namespace gets the kubernetes finalizer, phase Active and its name label', (t) => {
  const ns = created('', 'namespaces', { metadata: { name: 'shop' } });
  t.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
  t.deepEqual(ns.status, { phase: 'Active' });
  t.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'shop' });
  t.regex(
    messages('', 'namespaces', created('', 'namespaces', { metadata: { name: 'a.b' } }))[0]!,
    /^metadata.name: Invalid value: "a.b": must not contain dots$/,
  );
  t.deepEqual(type('', 'namespaces').strategy!.selectableFields!(ns), { 'status.phase': 'Active' });
});

test('a secret stores stringData base64 in data, defaults to Opaque, and freezes when immutable', (t) => {
  const s = created('', 'secrets', { stringData: { password: 's3cret' }, data: { user: 'YWRtaW4=' } });
  t.deepEqual(s.data, { user: 'YWRtaW4=', password: 'czNjcmV0' });
  t.false('stringData' in s);
  t.is(s.type, 'Opaque');
  const old = { ...s, immutable: true };
  const next = { ...old, data: { user: 'b3RoZXI=' }, type: 'kubernetes.io/tls' } as KubeObject;
  t.deepEqual(
    type('', 'secrets').strategy!.validateUpdate!(next, old).map((c) => `${c.field}: ${c.message}`),
    [
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ],
  );
});

test('a configmap with immutable set refuses data changes and bad keys', (t) => {
  const cms = type('', 'configmaps');
  const old = created('', 'configmaps', { data: { a: '1' }, immutable: true });
  const next = { ...old, data: { a: '2' } };
  t.deepEqual(
    cms.strategy!.validateUpdate!(next, old).map((c) => c.message),
    ['Forbidden: field is immutable when `immutable` is set'],
  );
  const bad = created('', 'configmaps', { data: { 'a b': '1' } });
  t.regex(
    messages('', 'configmaps', bad)[0]!,
    /^data\[a b\]: Invalid value: "a b": a valid config key must consist of alphanumeric characters/,
  );
});

test('core events select on involvedObject fields, source and type', (t) => {
  const ev = created('', 'events', {
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u1' },
    reason: 'Started',
    type: 'Normal',
    source: { component: 'kubelet' },
  });
  t.like(type('', 'events').strategy!.selectableFields!(ev), {
    'involvedObject.kind': 'Pod',
    'involvedObject.name': 'p',
    'involvedObject.uid': 'u1',
    reason: 'Started',
    source: 'kubelet',
    type: 'Normal',
  });
});
