import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinDefinitions, type RawSchema } from '../../../../core/apiserver/openapi/definitions.js';

const defs = builtinDefinitions();
const prop = (def: string, field: string): RawSchema => {
  const d = defs[def];
  if (!d?.properties?.[field]) throw new Error(`${def}.${field} missing`);
  return d.properties[field];
};

// Required fields as the upstream v1.32 OpenAPI lists them.
const requiredCases: Array<[string, string[]]> = [
  ['io.k8s.api.core.v1.PodSpec', ['containers']],
  ['io.k8s.api.core.v1.Container', ['name']],
  ['io.k8s.api.core.v1.ContainerPort', ['containerPort']],
  ['io.k8s.api.apps.v1.DeploymentSpec', ['selector', 'template']],
  ['io.k8s.api.batch.v1.JobSpec', ['template']],
  ['io.k8s.api.batch.v1.CronJobSpec', ['jobTemplate', 'schedule']],
  ['io.k8s.api.core.v1.ServicePort', ['port']],
  ['io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference', ['apiVersion', 'kind', 'name', 'uid']],
  ['io.k8s.api.rbac.v1.RoleBinding', ['roleRef']],
  [
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec',
    ['group', 'names', 'scope', 'versions'],
  ],
  ['io.k8s.api.coordination.v1.Lease', []],
];
for (const [def, required] of requiredCases) {
  test(`${def} requires ${required.join(', ') || 'nothing'}`, (t) => {
    t.deepEqual(defs[def]?.required ?? [], required);
  });
}

// Patch and list extensions as Kubernetes declares them.
const extensionCases: Array<[string, string, Record<string, unknown>]> = [
  [
    'io.k8s.api.core.v1.PodSpec',
    'containers',
    {
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    },
  ],
  [
    'io.k8s.api.core.v1.PodSpec',
    'volumes',
    {
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    },
  ],
  ['io.k8s.api.core.v1.PodSpec', 'tolerations', { 'x-kubernetes-list-type': 'atomic' }],
  ['io.k8s.api.core.v1.PodSpec', 'nodeSelector', { 'x-kubernetes-map-type': 'atomic' }],
  [
    'io.k8s.api.core.v1.PodSpec',
    'topologySpreadConstraints',
    {
      'x-kubernetes-patch-merge-key': 'topologyKey',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['topologyKey', 'whenUnsatisfiable'],
    },
  ],
  [
    'io.k8s.api.core.v1.Container',
    'ports',
    {
      'x-kubernetes-patch-merge-key': 'containerPort',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    },
  ],
  [
    'io.k8s.api.core.v1.Container',
    'volumeMounts',
    { 'x-kubernetes-patch-merge-key': 'mountPath', 'x-kubernetes-patch-strategy': 'merge' },
  ],
  [
    'io.k8s.api.core.v1.Container',
    'env',
    { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-list-map-keys': ['name'] },
  ],
  ['io.k8s.api.core.v1.Container', 'envFrom', { 'x-kubernetes-list-type': 'atomic' }],
  [
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    'finalizers',
    { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' },
  ],
  [
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    'ownerReferences',
    {
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-map-keys': ['uid'],
    },
  ],
  ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'managedFields', { 'x-kubernetes-list-type': 'atomic' }],
  [
    'io.k8s.api.core.v1.ServiceSpec',
    'ports',
    { 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-list-map-keys': ['port', 'protocol'] },
  ],
  [
    'io.k8s.api.apps.v1.DeploymentStatus',
    'conditions',
    { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-list-type': 'map' },
  ],
  [
    'io.k8s.api.core.v1.PodStatus',
    'conditions',
    { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge' },
  ],
  ['io.k8s.api.core.v1.NodeStatus', 'addresses', { 'x-kubernetes-patch-merge-key': 'type' }],
  ['io.k8s.api.core.v1.NodeSpec', 'taints', { 'x-kubernetes-list-type': 'atomic' }],
  ['io.k8s.api.core.v1.EndpointSubset', 'addresses', { 'x-kubernetes-list-type': 'atomic' }],
  [
    'io.k8s.api.batch.v1.JobStatus',
    'conditions',
    { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-list-type': 'atomic' },
  ],
];
for (const [def, field, expected] of extensionCases) {
  test(`${def}.${field} carries its patch/list extensions`, (t) => {
    const p = prop(def, field);
    for (const [k, v] of Object.entries(expected)) t.deepEqual(p[k], v, k);
  });
}

test('wire types map to the apimachinery definitions', (t) => {
  t.deepEqual(
    prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp').$ref,
    '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  );
  t.is(
    prop('io.k8s.api.core.v1.ServicePort', 'targetPort').$ref,
    '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  );
  t.deepEqual(prop('io.k8s.api.core.v1.ResourceRequirements', 'limits').additionalProperties, {
    $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity',
  });
  t.is(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.format, 'int-or-string');
  t.is(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']?.type, 'string');
  t.is(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time']?.format, 'date-time');
  t.is(
    prop('io.k8s.api.apps.v1.ControllerRevision', 'data').$ref,
    '#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension',
  );
  t.is(prop('io.k8s.api.core.v1.ContainerPort', 'containerPort').type, 'integer');
  t.is(prop('io.k8s.api.core.v1.ContainerPort', 'containerPort').format, 'int32');
  t.is(prop('io.k8s.api.core.v1.Pod', 'spec').$ref, '#/definitions/io.k8s.api.core.v1.PodSpec');
  t.is(prop('io.k8s.api.core.v1.PodSpec', 'containers').items?.$ref, '#/definitions/io.k8s.api.core.v1.Container');
});

test('kinds of every registered group carry their group-version-kind', (t) => {
  const cases: Array<[string, string, string, string]> = [
    ['io.k8s.api.core.v1.Pod', '', 'v1', 'Pod'],
    ['io.k8s.api.apps.v1.Deployment', 'apps', 'v1', 'Deployment'],
    ['io.k8s.api.batch.v1.CronJob', 'batch', 'v1', 'CronJob'],
    ['io.k8s.api.autoscaling.v1.Scale', 'autoscaling', 'v1', 'Scale'],
    ['io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler', 'autoscaling', 'v2', 'HorizontalPodAutoscaler'],
    ['io.k8s.api.coordination.v1.Lease', 'coordination.k8s.io', 'v1', 'Lease'],
    ['io.k8s.api.discovery.v1.EndpointSlice', 'discovery.k8s.io', 'v1', 'EndpointSlice'],
    ['io.k8s.api.events.v1.Event', 'events.k8s.io', 'v1', 'Event'],
    ['io.k8s.api.core.v1.Event', '', 'v1', 'Event'],
    ['io.k8s.api.networking.v1.Ingress', 'networking.k8s.io', 'v1', 'Ingress'],
    ['io.k8s.api.storage.v1.StorageClass', 'storage.k8s.io', 'v1', 'StorageClass'],
    ['io.k8s.api.rbac.v1.ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'ClusterRole'],
    ['io.k8s.api.policy.v1.Eviction', 'policy', 'v1', 'Eviction'],
    ['io.k8s.api.scheduling.v1.PriorityClass', 'scheduling.k8s.io', 'v1', 'PriorityClass'],
    [
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
      'apiextensions.k8s.io',
      'v1',
      'CustomResourceDefinition',
    ],
    ['io.k8s.api.authorization.v1.SelfSubjectAccessReview', 'authorization.k8s.io', 'v1', 'SelfSubjectAccessReview'],
    ['io.k8s.api.authentication.v1.TokenRequest', 'authentication.k8s.io', 'v1', 'TokenRequest'],
  ];
  for (const [def, group, version, kind] of cases) {
    t.deepEqual(defs[def]?.['x-kubernetes-group-version-kind'], [{ group, kind, version }], def);
  }
  // Types that merely reference other objects are not kinds.
  t.is(defs['io.k8s.api.core.v1.ObjectReference']?.['x-kubernetes-group-version-kind'], undefined);
  t.is(defs['io.k8s.api.core.v1.PodSpec']?.['x-kubernetes-group-version-kind'], undefined);
});

test('descriptions come from the client-node doc comments, unescaped', (t) => {
  t.true(
    defs['io.k8s.api.core.v1.Pod']?.description?.startsWith(
      'Pod is a collection of containers that can run on a host.',
    ),
  );
  t.regex(prop('io.k8s.api.core.v1.ContainerPort', 'containerPort').description ?? '', /pod's IP address/);
  t.regex(prop('io.k8s.api.core.v1.Pod', 'metadata').description ?? '', /^Standard object's metadata/);
});

test('the generator is deterministic: regenerating reproduces the committed file', (t) => {
  const file = new URL('../../../../../core/apiserver/openapi/generated/definitions.json', import.meta.url);
  const committed = readFileSync(file, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'capstan-openapi-'));
  try {
    const out = join(dir, 'definitions.json');
    const script = new URL('../../../../../scripts/gen-openapi.mjs', import.meta.url).pathname;
    execFileSync(process.execPath, [script, '--out', out], { stdio: 'pipe' });
    t.is(readFileSync(out, 'utf8'), committed);
    t.regex(JSON.parse(committed)._generated, /DO NOT EDIT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
