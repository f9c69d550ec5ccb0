import type { KubeObject } from './api/kube-object.js';
import { defineResource, type ResourceDescriptor } from './client/resource-descriptor.js';

const r = (group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceDescriptor =>
  defineResource<KubeObject>({ group, version, plural, kind, namespaced });

/** coordination.k8s.io/v1 Lease (leader election, node heartbeats). */
export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    /** MicroTime, e.g. `2024-01-02T03:04:05.123456Z`. */
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** An ObjectReference as events and bindings use it. */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** events.k8s.io/v1 Event. */
export interface EventV1 extends KubeObject {
  eventTime: string;
  series?: { count: number; lastObservedTime: string };
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: ObjectReference;
  related?: ObjectReference;
  note?: string;
  type?: 'Normal' | 'Warning';
}

/**
 * Descriptors of the built-in kinds of Kubernetes v1.32 (the preferred version of each group),
 * for the typed client, informers and controllers.
 */
export const builtin = {
  // core/v1
  pods: r('', 'v1', 'pods', 'Pod', true),
  services: r('', 'v1', 'services', 'Service', true),
  endpoints: r('', 'v1', 'endpoints', 'Endpoints', true),
  configMaps: r('', 'v1', 'configmaps', 'ConfigMap', true),
  secrets: r('', 'v1', 'secrets', 'Secret', true),
  serviceAccounts: r('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  namespaces: r('', 'v1', 'namespaces', 'Namespace', false),
  nodes: r('', 'v1', 'nodes', 'Node', false),
  persistentVolumes: r('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  persistentVolumeClaims: r('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true),
  podTemplates: r('', 'v1', 'podtemplates', 'PodTemplate', true),
  replicationControllers: r('', 'v1', 'replicationcontrollers', 'ReplicationController', true),
  resourceQuotas: r('', 'v1', 'resourcequotas', 'ResourceQuota', true),
  limitRanges: r('', 'v1', 'limitranges', 'LimitRange', true),
  coreEvents: r('', 'v1', 'events', 'Event', true),
  // apps/v1
  deployments: r('apps', 'v1', 'deployments', 'Deployment', true),
  replicaSets: r('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  statefulSets: r('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  daemonSets: r('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  controllerRevisions: r('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  // batch/v1
  jobs: r('batch', 'v1', 'jobs', 'Job', true),
  cronJobs: r('batch', 'v1', 'cronjobs', 'CronJob', true),
  // autoscaling/v2
  horizontalPodAutoscalers: r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true),
  // coordination.k8s.io/v1
  leases: defineResource<Lease>({
    group: 'coordination.k8s.io',
    version: 'v1',
    plural: 'leases',
    kind: 'Lease',
    namespaced: true,
  }),
  // events.k8s.io/v1
  events: defineResource<EventV1>({
    group: 'events.k8s.io',
    version: 'v1',
    plural: 'events',
    kind: 'Event',
    namespaced: true,
  }),
  // discovery.k8s.io/v1
  endpointSlices: r('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  // networking.k8s.io/v1
  ingresses: r('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true),
  ingressClasses: r('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  networkPolicies: r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true),
  // policy/v1
  podDisruptionBudgets: r('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true),
  // rbac.authorization.k8s.io/v1
  roles: r('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  roleBindings: r('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  clusterRoles: r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  clusterRoleBindings: r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  // storage.k8s.io/v1
  storageClasses: r('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false),
  csiDrivers: r('storage.k8s.io', 'v1', 'csidrivers', 'CSIDriver', false),
  csiNodes: r('storage.k8s.io', 'v1', 'csinodes', 'CSINode', false),
  volumeAttachments: r('storage.k8s.io', 'v1', 'volumeattachments', 'VolumeAttachment', false),
  // scheduling.k8s.io/v1
  priorityClasses: r('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false),
  // apiextensions.k8s.io/v1
  customResourceDefinitions: r(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
  ),
} as const;
