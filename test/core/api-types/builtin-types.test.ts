import test from 'ava';
import { readFileSync } from 'node:fs';
import { allBuiltinResourceTypes } from '../../../core/api-types/index.js';

const definitions = JSON.parse(
  readFileSync(new URL('../../../../core/apiserver/openapi/generated/definitions.json', import.meta.url), 'utf8'),
);
const defs: Record<string, unknown> = definitions.definitions ?? definitions;
const types = allBuiltinResourceTypes();
const find = (group: string, version: string, plural: string) =>
  types.find((t) => t.group === group && t.version === version && t.plural === plural);

// Discovery facts as `kubectl api-resources` prints them for Kubernetes v1.32.
const expected: Array<[string, string, string, string, boolean, string[], string[]]> = [
  // group, version, plural, kind, namespaced, shortNames, categories
  ['', 'v1', 'pods', 'Pod', true, ['po'], ['all']],
  ['', 'v1', 'services', 'Service', true, ['svc'], ['all']],
  ['', 'v1', 'namespaces', 'Namespace', false, ['ns'], []],
  ['', 'v1', 'nodes', 'Node', false, ['no'], []],
  ['', 'v1', 'configmaps', 'ConfigMap', true, ['cm'], []],
  ['', 'v1', 'secrets', 'Secret', true, [], []],
  ['', 'v1', 'endpoints', 'Endpoints', true, ['ep'], []],
  ['', 'v1', 'events', 'Event', true, ['ev'], []],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa'], []],
  ['', 'v1', 'persistentvolumes', 'PersistentVolume', false, ['pv'], []],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc'], []],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true, ['quota'], []],
  ['', 'v1', 'limitranges', 'LimitRange', true, ['limits'], []],
  ['', 'v1', 'replicationcontrollers', 'ReplicationController', true, ['rc'], ['all']],
  ['', 'v1', 'podtemplates', 'PodTemplate', true, [], []],
  ['events.k8s.io', 'v1', 'events', 'Event', true, ['ev'], []],
  ['coordination.k8s.io', 'v1', 'leases', 'Lease', true, [], []],
  ['apps', 'v1', 'deployments', 'Deployment', true, ['deploy'], ['all']],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs'], ['all']],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts'], ['all']],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds'], ['all']],
  ['apps', 'v1', 'controllerrevisions', 'ControllerRevision', true, [], []],
  ['batch', 'v1', 'jobs', 'Job', true, [], ['all']],
  ['batch', 'v1', 'cronjobs', 'CronJob', true, ['cj'], ['all']],
  ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ['all']],
  ['autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ['all']],
  ['discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true, [], []],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, ['ing'], []],
  ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false, [], []],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, ['netpol'], []],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, ['sc'], []],
  ['storage.k8s.io', 'v1', 'csidrivers', 'CSIDriver', false, [], []],
  ['storage.k8s.io', 'v1', 'csinodes', 'CSINode', false, [], []],
  ['storage.k8s.io', 'v1', 'volumeattachments', 'VolumeAttachment', false, [], []],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true, [], []],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true, [], []],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false, [], []],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false, [], []],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], []],
  ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, ['pc'], []],
  [
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
    ['crd', 'crds'],
    ['api-extensions'],
  ],
];

for (const [group, version, plural, kind, namespaced, shortNames, categories] of expected) {
  test(`${plural}.${group || 'core'}/${version} is registered as Kubernetes serves it`, (t) => {
    const type = find(group, version, plural);
    if (!type) return t.fail(`${plural} is not registered`);
    t.is(type.kind, kind);
    t.is(type.namespaced, namespaced);
    t.is(type.singular, kind.toLowerCase());
    t.deepEqual([...(type.shortNames ?? [])], shortNames);
    t.deepEqual([...(type.categories ?? [])], categories);
    t.truthy(type.schemaName && defs[type.schemaName], `schema ${type.schemaName} exists in the OpenAPI definitions`);
    t.truthy(type.strategy?.validateCreate, 'has a create validation');
  });
}

test('no resource is registered twice and scale subresources point at replicas', (t) => {
  const keys = types.map((x) => `${x.group}/${x.version}/${x.plural}`);
  t.is(new Set(keys).size, keys.length);
  for (const plural of ['deployments', 'replicasets', 'statefulsets']) {
    t.deepEqual(find('apps', 'v1', plural)?.scaleSubresource, {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
    });
  }
  t.is(find('', 'v1', 'pods')?.extraSubresources?.find((s) => s.name === 'eviction')?.group, 'policy');
});
