// Decodes the protobuf bodies the real kubectl 1.32 sent (captured by
// test/fixtures/protobuf/capture.mjs) and compares them with the object each command line means,
// written the way kubectl prints it with `--dry-run=client -o json` (Go's JSON encoding of the
// same struct: `creationTimestamp: null`, empty `status: {}`, `resources: {}`, and so on).
import test from 'ava';
import { readFileSync } from 'node:fs';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from '../../../../core/apiserver/protobuf/index.js';

const fixtureDir = new URL('../../../../../test/fixtures/protobuf/', import.meta.url);

interface Fixture {
  name: string;
  args: string[];
  userAgent: string;
  method: string;
  path: string;
  contentType: string;
  base64: string;
}

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixtureDir), 'utf8')) as Fixture;
}

const meta = (name?: string, extra: Record<string, unknown> = {}) => ({
  ...(name ? { name } : {}),
  creationTimestamp: null,
  ...extra,
});

const podTemplate = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  metadata: { creationTimestamp: null, ...metadata },
  spec,
});

/** fixture name -> [request path, expected object] */
const cases: Record<string, [string, Record<string, unknown>]> = {
  'create-deployment': [
    '/apis/apps/v1/namespaces/default/deployments',
    {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: meta('web', { labels: { app: 'web' } }),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: podTemplate(
          { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
          { labels: { app: 'web' } },
        ),
        strategy: {},
      },
      status: {},
    },
  ],
  'create-namespace': [
    '/api/v1/namespaces',
    { kind: 'Namespace', apiVersion: 'v1', metadata: meta('team-a'), spec: {}, status: {} },
  ],
  'create-configmap': [
    '/api/v1/namespaces/default/configmaps',
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta('app-config'), data: { color: 'blue', size: 'large' } },
  ],
  'create-secret-generic': [
    '/api/v1/namespaces/default/secrets',
    {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta('db-pass'),
      data: { password: Buffer.from('s3cr3t').toString('base64') },
    },
  ],
  'create-secret-docker-registry': [
    '/api/v1/namespaces/default/secrets',
    {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta('regcred'),
      data: {
        '.dockerconfigjson': Buffer.from(
          JSON.stringify({
            auths: {
              'registry.example.com': {
                username: 'alice',
                password: 'pw',
                email: 'alice@example.com',
                auth: Buffer.from('alice:pw').toString('base64'),
              },
            },
          }),
        ).toString('base64'),
      },
      type: 'kubernetes.io/dockerconfigjson',
    },
  ],
  'create-service-clusterip': [
    '/api/v1/namespaces/default/services',
    {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: meta('my-svc', { labels: { app: 'my-svc' } }),
      spec: {
        ports: [{ name: '5678-8080', protocol: 'TCP', port: 5678, targetPort: 8080 }],
        selector: { app: 'my-svc' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  ],
  'create-service-nodeport': [
    '/api/v1/namespaces/default/services',
    {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: meta('my-np', { labels: { app: 'my-np' } }),
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
        selector: { app: 'my-np' },
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    },
  ],
  'create-service-externalname': [
    '/api/v1/namespaces/default/services',
    {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: meta('my-ext', { labels: { app: 'my-ext' } }),
      spec: { selector: { app: 'my-ext' }, type: 'ExternalName', externalName: 'example.com' },
      status: { loadBalancer: {} },
    },
  ],
  'create-job': [
    '/apis/batch/v1/namespaces/default/jobs',
    {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: meta('pi'),
      spec: {
        template: podTemplate({
          containers: [{ name: 'pi', image: 'perl', command: ['perl', '-e', 'print 1'], resources: {} }],
          restartPolicy: 'Never',
        }),
      },
      status: {},
    },
  ],
  'create-cronjob': [
    '/apis/batch/v1/namespaces/default/cronjobs',
    {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: meta('tick'),
      spec: {
        schedule: '*/1 * * * *',
        jobTemplate: {
          metadata: meta('tick'),
          spec: {
            template: podTemplate({
              containers: [{ name: 'tick', image: 'busybox', command: ['date'], resources: {} }],
              restartPolicy: 'OnFailure',
            }),
          },
        },
      },
      status: {},
    },
  ],
  'create-role': [
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
    {
      kind: 'Role',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: meta('pod-reader'),
      rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
    },
  ],
  'create-clusterrole': [
    '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: meta('node-reader'),
      rules: [
        { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      ],
    },
  ],
  'create-clusterrole-aggregated': [
    '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: meta('monitoring'),
      rules: null,
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }],
      },
    },
  ],
  'create-rolebinding': [
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    {
      kind: 'RoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: meta('read-pods'),
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'default' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    },
  ],
  'create-clusterrolebinding': [
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    {
      kind: 'ClusterRoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: meta('cluster-admins'),
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'admins' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    },
  ],
  'create-serviceaccount': [
    '/api/v1/namespaces/default/serviceaccounts',
    { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta('builder') },
  ],
  'create-pdb': [
    '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: meta('web-pdb'),
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  ],
  'create-pdb-percent': [
    '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: meta('web-pdb2'),
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '50%' },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  ],
  'create-priorityclass': [
    '/apis/scheduling.k8s.io/v1/priorityclasses',
    {
      kind: 'PriorityClass',
      apiVersion: 'scheduling.k8s.io/v1',
      metadata: meta('high'),
      value: 1000,
      description: 'high priority',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  ],
  'create-quota': [
    '/api/v1/namespaces/default/resourcequotas',
    {
      kind: 'ResourceQuota',
      apiVersion: 'v1',
      metadata: meta('compute'),
      spec: { hard: { cpu: '1', memory: '1G', pods: '2' }, scopes: ['BestEffort'] },
      status: {},
    },
  ],
  'create-ingress': [
    '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    {
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: meta('simple'),
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
        rules: [
          {
            host: 'foo.com',
            http: {
              paths: [
                { path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } } },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: {} },
    },
  ],
  'create-token': [
    '/api/v1/namespaces/default/serviceaccounts/builder/token',
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: meta(),
      spec: { audiences: ['api'], expirationSeconds: 3600 },
      status: { token: '', expirationTimestamp: null },
    },
  ],
  'auth-can-i': [
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: meta(),
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
      status: { allowed: false },
    },
  ],
  'auth-can-i-subresource': [
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: meta(),
      spec: { resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods', subresource: 'log' } },
      status: { allowed: false },
    },
  ],
  'auth-can-i-list': [
    '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: meta(),
      spec: { namespace: 'default' },
      status: { resourceRules: null, nonResourceRules: null, incomplete: false },
    },
  ],
  'auth-whoami': [
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: meta(), status: { userInfo: {} } },
  ],
};

for (const [name, [path, expected]] of Object.entries(cases)) {
  test(`kubectl ${name}: the captured protobuf body decodes to what the command means`, (t) => {
    const fixture = load(name);
    t.regex(fixture.userAgent, /^kubectl\/v1\.32\./, 'fixture must come from kubectl 1.32');
    t.is(fixture.contentType, 'application/vnd.kubernetes.protobuf');
    t.is(fixture.path, path);
    const decoded = decodeKubernetesProtobuf(Buffer.from(fixture.base64, 'base64'));
    if (decoded instanceof ProtobufDecodeError) return t.fail(decoded.message);
    t.is(decoded.kind, expected.kind as string);
    t.is(decoded.apiVersion, expected.apiVersion as string);
    t.deepEqual(decoded.object, expected);
  });
}

test('every prefix of every captured body is either a 400 or decodes to the full object', (t) => {
  let errors = 0;
  for (const name of Object.keys(cases)) {
    const body = Buffer.from(load(name).base64, 'base64');
    const full = decodeKubernetesProtobuf(body);
    if (full instanceof ProtobufDecodeError) return t.fail(full.message);
    // The envelope is magic (4 bytes) + typeMeta field (tag, length, payload) + raw field + ...
    const rawStart = 4 + 2 + body[5]!;
    for (let n = 0; n < body.length; n++) {
      const r = decodeKubernetesProtobuf(body.subarray(0, n));
      if (r instanceof ProtobufDecodeError) {
        errors++;
        if (r.code !== 400) return t.fail(`${name} prefix ${n}: code ${r.code}`);
      } else if (n === rawStart) {
        // An envelope without `raw` is an empty object of the kind, as apimachinery decodes it.
        t.like(r.object, { kind: full.kind, apiVersion: full.apiVersion });
        t.false('metadata' in r.object);
      } else if (JSON.stringify(r.object) !== JSON.stringify(full.object)) {
        // Cutting exactly after `raw` leaves a valid envelope without the trailing empty fields.
        return t.fail(`${name} prefix ${n} decoded to a different object`);
      }
    }
  }
  t.true(errors > 1000);
});

test('single-byte corruptions of captured bodies never throw', (t) => {
  // Deterministic: every position of every body, xor with a few masks.
  let outcomes = 0;
  for (const name of Object.keys(cases)) {
    const body = Buffer.from(load(name).base64, 'base64');
    for (let i = 0; i < body.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const copy = Buffer.from(body);
        copy[i] = copy[i]! ^ mask;
        let out: unknown;
        t.notThrows(() => {
          out = decodeKubernetesProtobuf(copy);
        });
        if (out instanceof ProtobufDecodeError) t.true(out.code === 400 || out.code === 415, out.message);
        outcomes++;
      }
    }
  }
  t.true(outcomes > 0);
});
