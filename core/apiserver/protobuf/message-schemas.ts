/**
 * Field-number tables for the Kubernetes protobuf messages that kubectl's `create` generators and
 * `auth` commands send, written from the `generated.proto` files of k8s.io/api and
 * k8s.io/apimachinery (v1.32). Field names are the JSON names (the proto names equal them).
 *
 * Emission rules mirror what Go's `encoding/json` would print for the decoded Go struct, since the
 * real API server decodes protobuf into the same structs it would decode JSON into:
 * - a scalar without a flag is `omitempty`: a zero value (`""`, `0`, `false`) is left out (gogo
 *   writes every non-pointer scalar, so zero values are on the wire all the time);
 * - `ptr` marks a pointer field (`*int32`, `*string`, `*bool`, `*IntOrString`): present means set,
 *   so a present zero appears in JSON (`replicas: 0`);
 * - `keep` marks a field without `omitempty`: it always appears, with its zero value when absent
 *   (`null` for absent lists, maps and times);
 * - message fields appear whenever they are on the wire (an empty struct prints as `{}`);
 * - `inline` merges an embedded struct's fields into the parent object (Go `json:",inline"`).
 */

/** Scalar wire values and how they print in JSON. `bytes` prints as base64. */
export type ScalarType = 'string' | 'bool' | 'int32' | 'int64' | 'bytes';

/**
 * Messages that print as a JSON scalar or array: metav1.Time (RFC 3339, seconds), metav1.MicroTime
 * (RFC 3339, microseconds), resource.Quantity (string), intstr.IntOrString (number or string),
 * metav1.FieldsV1 (embedded JSON), runtime.RawExtension (embedded JSON), authorization and
 * authentication ExtraValue (array of strings).
 */
export type SpecialType =
  'time' | 'microTime' | 'quantity' | 'intOrString' | 'fieldsV1' | 'rawExtension' | 'extraValue';

/** The type of a field's value (or of a map's values). */
export type ValueType = ScalarType | SpecialType | { readonly message: string };

/** One field of a message table. */
export interface FieldSchema {
  /** The JSON (and proto) field name. */
  readonly json: string;
  /** The value type; `{ map }` is a `map<string, V>` (proto entries `{1: key, 2: value}`). */
  readonly type: ValueType | { readonly map: ValueType };
  /** A repeated field (JSON array). */
  readonly repeated?: boolean;
  /** A Go pointer: a present zero value is printed. */
  readonly ptr?: boolean;
  /** A Go field without `omitempty`: always printed, zero value when absent. */
  readonly keep?: boolean;
  /** An embedded struct whose fields are printed in the parent (`json:",inline"`). */
  readonly inline?: boolean;
}

/** A message: field number to field schema. Numbers not listed are skipped when decoding. */
export type MessageSchema = Readonly<Record<number, FieldSchema>>;

type Opts = Pick<FieldSchema, 'ptr' | 'keep' | 'inline'>;

const str = (json: string, o?: Opts): FieldSchema => ({ json, type: 'string', ...o });
const strs = (json: string, o?: Opts): FieldSchema => ({ json, type: 'string', repeated: true, ...o });
const i32 = (json: string, o?: Opts): FieldSchema => ({ json, type: 'int32', ...o });
const i64 = (json: string, o?: Opts): FieldSchema => ({ json, type: 'int64', ...o });
const bool = (json: string, o?: Opts): FieldSchema => ({ json, type: 'bool', ...o });
const time = (json: string, o?: Opts): FieldSchema => ({ json, type: 'time', ...o });
const quantity = (json: string, o?: Opts): FieldSchema => ({ json, type: 'quantity', ...o });
const intOrString = (json: string, o?: Opts): FieldSchema => ({ json, type: 'intOrString', ...o });
const msg = (json: string, message: string, o?: Opts): FieldSchema => ({ json, type: { message }, ...o });
const msgs = (json: string, message: string, o?: Opts): FieldSchema => ({
  json,
  type: { message },
  repeated: true,
  ...o,
});
const map = (json: string, value: ValueType, o?: Opts): FieldSchema => ({ json, type: { map: value }, ...o });

const ptr: Opts = { ptr: true };
const keep: Opts = { keep: true };
const inline: Opts = { inline: true };

/** Every message table, by a short qualified name (`meta.ObjectMeta`, `core.PodSpec`, ...). */
export const messageSchemas: Readonly<Record<string, MessageSchema>> = {
  // --- k8s.io/apimachinery/pkg/apis/meta/v1 ---
  'meta.ObjectMeta': {
    1: str('name'),
    2: str('generateName'),
    3: str('namespace'),
    4: str('selfLink'),
    5: str('uid'),
    6: str('resourceVersion'),
    7: i64('generation'),
    8: time('creationTimestamp', keep),
    9: time('deletionTimestamp', ptr),
    10: i64('deletionGracePeriodSeconds', ptr),
    11: map('labels', 'string'),
    12: map('annotations', 'string'),
    13: msgs('ownerReferences', 'meta.OwnerReference'),
    14: strs('finalizers'),
    17: msgs('managedFields', 'meta.ManagedFieldsEntry'),
  },
  'meta.OwnerReference': {
    5: str('apiVersion', keep),
    1: str('kind', keep),
    3: str('name', keep),
    4: str('uid', keep),
    6: bool('controller', ptr),
    7: bool('blockOwnerDeletion', ptr),
  },
  'meta.ManagedFieldsEntry': {
    1: str('manager'),
    2: str('operation'),
    3: str('apiVersion'),
    4: time('time', ptr),
    6: str('fieldsType'),
    7: { json: 'fieldsV1', type: 'fieldsV1', ptr: true },
    8: str('subresource'),
  },
  'meta.LabelSelector': {
    1: map('matchLabels', 'string'),
    2: msgs('matchExpressions', 'meta.LabelSelectorRequirement'),
  },
  'meta.LabelSelectorRequirement': {
    1: str('key', keep),
    2: str('operator', keep),
    3: strs('values'),
  },
  'meta.Condition': {
    1: str('type', keep),
    2: str('status', keep),
    3: i64('observedGeneration'),
    4: time('lastTransitionTime', keep),
    5: str('reason', keep),
    6: str('message', keep),
  },

  // --- k8s.io/api/core/v1: objects ---
  'core.Namespace': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.NamespaceSpec'),
    3: msg('status', 'core.NamespaceStatus'),
  },
  'core.NamespaceSpec': { 1: strs('finalizers') },
  'core.NamespaceStatus': {
    1: str('phase'),
    2: msgs('conditions', 'core.NamespaceCondition'),
  },
  'core.NamespaceCondition': {
    1: str('type', keep),
    2: str('status', keep),
    4: time('lastTransitionTime'),
    5: str('reason'),
    6: str('message'),
  },
  'core.ConfigMap': {
    1: msg('metadata', 'meta.ObjectMeta'),
    4: bool('immutable', ptr),
    2: map('data', 'string'),
    3: map('binaryData', 'bytes'),
  },
  'core.Secret': {
    1: msg('metadata', 'meta.ObjectMeta'),
    5: bool('immutable', ptr),
    2: map('data', 'bytes'),
    4: map('stringData', 'string'),
    3: str('type'),
  },
  'core.ServiceAccount': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('secrets', 'core.ObjectReference'),
    3: msgs('imagePullSecrets', 'core.LocalObjectReference'),
    4: bool('automountServiceAccountToken', ptr),
  },
  'core.ObjectReference': {
    1: str('kind'),
    2: str('namespace'),
    3: str('name'),
    4: str('uid'),
    5: str('apiVersion'),
    6: str('resourceVersion'),
    7: str('fieldPath'),
  },
  'core.LocalObjectReference': { 1: str('name') },
  'core.TypedLocalObjectReference': {
    1: str('apiGroup', ptr),
    2: str('kind', keep),
    3: str('name', keep),
  },
  'core.ResourceQuota': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.ResourceQuotaSpec'),
    3: msg('status', 'core.ResourceQuotaStatus'),
  },
  'core.ResourceQuotaSpec': {
    1: map('hard', 'quantity'),
    2: strs('scopes'),
    3: msg('scopeSelector', 'core.ScopeSelector'),
  },
  'core.ScopeSelector': { 1: msgs('matchExpressions', 'core.ScopedResourceSelectorRequirement') },
  'core.ScopedResourceSelectorRequirement': {
    1: str('scopeName', keep),
    2: str('operator', keep),
    3: strs('values'),
  },
  'core.ResourceQuotaStatus': {
    1: map('hard', 'quantity'),
    2: map('used', 'quantity'),
  },

  // --- core/v1 Service ---
  'core.Service': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.ServiceSpec'),
    3: msg('status', 'core.ServiceStatus'),
  },
  'core.ServiceSpec': {
    1: msgs('ports', 'core.ServicePort'),
    2: map('selector', 'string'),
    3: str('clusterIP'),
    18: strs('clusterIPs'),
    4: str('type'),
    5: strs('externalIPs'),
    7: str('sessionAffinity'),
    8: str('loadBalancerIP'),
    9: strs('loadBalancerSourceRanges'),
    10: str('externalName'),
    11: str('externalTrafficPolicy'),
    12: i32('healthCheckNodePort'),
    13: bool('publishNotReadyAddresses'),
    14: msg('sessionAffinityConfig', 'core.SessionAffinityConfig'),
    19: strs('ipFamilies'),
    17: str('ipFamilyPolicy', ptr),
    20: bool('allocateLoadBalancerNodePorts', ptr),
    21: str('loadBalancerClass', ptr),
    22: str('internalTrafficPolicy', ptr),
    23: str('trafficDistribution', ptr),
  },
  'core.ServicePort': {
    1: str('name'),
    2: str('protocol'),
    6: str('appProtocol', ptr),
    3: i32('port', keep),
    4: intOrString('targetPort'),
    5: i32('nodePort'),
  },
  'core.SessionAffinityConfig': { 1: msg('clientIP', 'core.ClientIPConfig') },
  'core.ClientIPConfig': { 1: i32('timeoutSeconds', ptr) },
  'core.ServiceStatus': {
    1: msg('loadBalancer', 'core.LoadBalancerStatus'),
    2: msgs('conditions', 'meta.Condition'),
  },
  'core.LoadBalancerStatus': { 1: msgs('ingress', 'core.LoadBalancerIngress') },
  'core.LoadBalancerIngress': {
    1: str('ip'),
    2: str('hostname'),
    3: str('ipMode', ptr),
    4: msgs('ports', 'core.PortStatus'),
  },
  'core.PortStatus': {
    1: i32('port', keep),
    2: str('protocol', keep),
    3: str('error', ptr),
  },

  // --- core/v1 Pod, PodSpec, Container ---
  'core.Pod': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.PodSpec'),
    3: msg('status', 'core.PodStatus'),
  },
  'core.PodStatus': {
    1: str('phase'),
    3: str('message'),
    4: str('reason'),
    11: str('nominatedNodeName'),
    5: str('hostIP'),
    6: str('podIP'),
    9: str('qosClass'),
  },
  'core.PodTemplateSpec': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.PodSpec'),
  },
  'core.PodSpec': {
    1: msgs('volumes', 'core.Volume'),
    20: msgs('initContainers', 'core.Container'),
    2: msgs('containers', 'core.Container', keep),
    3: str('restartPolicy'),
    4: i64('terminationGracePeriodSeconds', ptr),
    5: i64('activeDeadlineSeconds', ptr),
    6: str('dnsPolicy'),
    7: map('nodeSelector', 'string'),
    8: str('serviceAccountName'),
    9: str('serviceAccount'),
    21: bool('automountServiceAccountToken', ptr),
    10: str('nodeName'),
    11: bool('hostNetwork'),
    12: bool('hostPID'),
    13: bool('hostIPC'),
    27: bool('shareProcessNamespace', ptr),
    14: msg('securityContext', 'core.PodSecurityContext'),
    15: msgs('imagePullSecrets', 'core.LocalObjectReference'),
    16: str('hostname'),
    17: str('subdomain'),
    19: str('schedulerName'),
    22: msgs('tolerations', 'core.Toleration'),
    24: str('priorityClassName'),
    25: i32('priority', ptr),
    29: str('runtimeClassName', ptr),
    30: bool('enableServiceLinks', ptr),
    31: str('preemptionPolicy', ptr),
    32: map('overhead', 'quantity'),
    35: bool('setHostnameAsFQDN', ptr),
    37: bool('hostUsers', ptr),
  },
  'core.Container': {
    1: str('name', keep),
    2: str('image'),
    3: strs('command'),
    4: strs('args'),
    5: str('workingDir'),
    6: msgs('ports', 'core.ContainerPort'),
    19: msgs('envFrom', 'core.EnvFromSource'),
    7: msgs('env', 'core.EnvVar'),
    8: msg('resources', 'core.ResourceRequirements'),
    24: str('restartPolicy', ptr),
    9: msgs('volumeMounts', 'core.VolumeMount'),
    10: msg('livenessProbe', 'core.Probe'),
    11: msg('readinessProbe', 'core.Probe'),
    22: msg('startupProbe', 'core.Probe'),
    13: str('terminationMessagePath'),
    20: str('terminationMessagePolicy'),
    14: str('imagePullPolicy'),
    15: msg('securityContext', 'core.SecurityContext'),
    16: bool('stdin'),
    17: bool('stdinOnce'),
    18: bool('tty'),
  },
  'core.ContainerPort': {
    1: str('name'),
    2: i32('hostPort'),
    3: i32('containerPort', keep),
    4: str('protocol'),
    5: str('hostIP'),
  },
  'core.EnvVar': {
    1: str('name', keep),
    2: str('value'),
    3: msg('valueFrom', 'core.EnvVarSource'),
  },
  'core.EnvVarSource': {
    1: msg('fieldRef', 'core.ObjectFieldSelector'),
    2: msg('resourceFieldRef', 'core.ResourceFieldSelector'),
    3: msg('configMapKeyRef', 'core.ConfigMapKeySelector'),
    4: msg('secretKeyRef', 'core.SecretKeySelector'),
  },
  'core.ObjectFieldSelector': {
    1: str('apiVersion'),
    2: str('fieldPath', keep),
  },
  'core.ResourceFieldSelector': {
    1: str('containerName'),
    2: str('resource', keep),
    3: quantity('divisor'),
  },
  'core.ConfigMapKeySelector': {
    1: msg('localObjectReference', 'core.LocalObjectReference', inline),
    2: str('key', keep),
    3: bool('optional', ptr),
  },
  'core.SecretKeySelector': {
    1: msg('localObjectReference', 'core.LocalObjectReference', inline),
    2: str('key', keep),
    3: bool('optional', ptr),
  },
  'core.EnvFromSource': {
    1: str('prefix'),
    2: msg('configMapRef', 'core.ConfigMapEnvSource'),
    3: msg('secretRef', 'core.SecretEnvSource'),
  },
  'core.ConfigMapEnvSource': {
    1: msg('localObjectReference', 'core.LocalObjectReference', inline),
    2: bool('optional', ptr),
  },
  'core.SecretEnvSource': {
    1: msg('localObjectReference', 'core.LocalObjectReference', inline),
    2: bool('optional', ptr),
  },
  'core.ResourceRequirements': {
    1: map('limits', 'quantity'),
    2: map('requests', 'quantity'),
    3: msgs('claims', 'core.ResourceClaim'),
  },
  'core.ResourceClaim': {
    1: str('name', keep),
    2: str('request'),
  },
  'core.VolumeMount': {
    1: str('name', keep),
    2: bool('readOnly'),
    7: str('recursiveReadOnly', ptr),
    3: str('mountPath', keep),
    4: str('subPath'),
    5: str('mountPropagation', ptr),
    6: str('subPathExpr'),
  },
  'core.Probe': {
    1: msg('handler', 'core.ProbeHandler', inline),
    2: i32('initialDelaySeconds'),
    3: i32('timeoutSeconds'),
    4: i32('periodSeconds'),
    5: i32('successThreshold'),
    6: i32('failureThreshold'),
    7: i64('terminationGracePeriodSeconds', ptr),
  },
  'core.ProbeHandler': {
    1: msg('exec', 'core.ExecAction'),
    2: msg('httpGet', 'core.HTTPGetAction'),
    3: msg('tcpSocket', 'core.TCPSocketAction'),
    4: msg('grpc', 'core.GRPCAction'),
  },
  'core.ExecAction': { 1: strs('command') },
  'core.HTTPGetAction': {
    1: str('path'),
    2: intOrString('port', keep),
    3: str('host'),
    4: str('scheme'),
    5: msgs('httpHeaders', 'core.HTTPHeader'),
  },
  'core.HTTPHeader': {
    1: str('name', keep),
    2: str('value', keep),
  },
  'core.TCPSocketAction': {
    1: intOrString('port', keep),
    2: str('host'),
  },
  'core.GRPCAction': {
    1: i32('port', keep),
    2: str('service', { ptr: true }),
  },
  'core.SecurityContext': {
    1: msg('capabilities', 'core.Capabilities'),
    2: bool('privileged', ptr),
    4: i64('runAsUser', ptr),
    8: i64('runAsGroup', ptr),
    5: bool('runAsNonRoot', ptr),
    6: bool('readOnlyRootFilesystem', ptr),
    7: bool('allowPrivilegeEscalation', ptr),
    9: str('procMount', ptr),
    11: msg('seccompProfile', 'core.SeccompProfile'),
  },
  'core.Capabilities': {
    1: strs('add'),
    2: strs('drop'),
  },
  'core.SeccompProfile': {
    1: str('type', keep),
    2: str('localhostProfile', ptr),
  },
  'core.PodSecurityContext': {
    2: i64('runAsUser', ptr),
    6: i64('runAsGroup', ptr),
    3: bool('runAsNonRoot', ptr),
    4: { json: 'supplementalGroups', type: 'int64', repeated: true },
    5: i64('fsGroup', ptr),
    9: str('fsGroupChangePolicy', ptr),
    10: msg('seccompProfile', 'core.SeccompProfile'),
  },
  'core.Toleration': {
    1: str('key'),
    2: str('operator'),
    3: str('value'),
    4: str('effect'),
    5: i64('tolerationSeconds', ptr),
  },
  'core.Volume': {
    1: str('name', keep),
    2: msg('volumeSource', 'core.VolumeSource', inline),
  },
  'core.VolumeSource': {
    1: msg('hostPath', 'core.HostPathVolumeSource'),
    2: msg('emptyDir', 'core.EmptyDirVolumeSource'),
    6: msg('secret', 'core.SecretVolumeSource'),
    10: msg('persistentVolumeClaim', 'core.PersistentVolumeClaimVolumeSource'),
    19: msg('configMap', 'core.ConfigMapVolumeSource'),
  },
  'core.HostPathVolumeSource': {
    1: str('path', keep),
    2: str('type', ptr),
  },
  'core.EmptyDirVolumeSource': {
    1: str('medium'),
    2: quantity('sizeLimit', ptr),
  },
  'core.SecretVolumeSource': {
    1: str('secretName'),
    2: msgs('items', 'core.KeyToPath'),
    3: i32('defaultMode', ptr),
    4: bool('optional', ptr),
  },
  'core.ConfigMapVolumeSource': {
    1: msg('localObjectReference', 'core.LocalObjectReference', inline),
    2: msgs('items', 'core.KeyToPath'),
    3: i32('defaultMode', ptr),
    4: bool('optional', ptr),
  },
  'core.KeyToPath': {
    1: str('key', keep),
    2: str('path', keep),
    3: i32('mode', ptr),
  },
  'core.PersistentVolumeClaimVolumeSource': {
    1: str('claimName', keep),
    2: bool('readOnly'),
  },

  // --- apps/v1 ---
  'apps.Deployment': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'apps.DeploymentSpec'),
    3: msg('status', 'apps.DeploymentStatus'),
  },
  'apps.DeploymentSpec': {
    1: i32('replicas', ptr),
    2: msg('selector', 'meta.LabelSelector'),
    3: msg('template', 'core.PodTemplateSpec', keep),
    4: msg('strategy', 'apps.DeploymentStrategy'),
    5: i32('minReadySeconds'),
    6: i32('revisionHistoryLimit', ptr),
    7: bool('paused'),
    9: i32('progressDeadlineSeconds', ptr),
  },
  'apps.DeploymentStrategy': {
    1: str('type'),
    2: msg('rollingUpdate', 'apps.RollingUpdateDeployment'),
  },
  'apps.RollingUpdateDeployment': {
    1: intOrString('maxUnavailable', ptr),
    2: intOrString('maxSurge', ptr),
  },
  'apps.DeploymentStatus': {
    1: i64('observedGeneration'),
    2: i32('replicas'),
    3: i32('updatedReplicas'),
    7: i32('readyReplicas'),
    4: i32('availableReplicas'),
    5: i32('unavailableReplicas'),
    6: msgs('conditions', 'apps.DeploymentCondition'),
    8: i32('collisionCount', ptr),
  },
  'apps.DeploymentCondition': {
    1: str('type', keep),
    2: str('status', keep),
    6: time('lastUpdateTime'),
    7: time('lastTransitionTime'),
    4: str('reason'),
    5: str('message'),
  },

  // --- batch/v1 ---
  'batch.Job': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'batch.JobSpec'),
    3: msg('status', 'batch.JobStatus'),
  },
  'batch.JobSpec': {
    1: i32('parallelism', ptr),
    2: i32('completions', ptr),
    3: i64('activeDeadlineSeconds', ptr),
    7: i32('backoffLimit', ptr),
    12: i32('backoffLimitPerIndex', ptr),
    13: i32('maxFailedIndexes', ptr),
    4: msg('selector', 'meta.LabelSelector'),
    5: bool('manualSelector', ptr),
    6: msg('template', 'core.PodTemplateSpec', keep),
    8: i32('ttlSecondsAfterFinished', ptr),
    9: str('completionMode', ptr),
    10: bool('suspend', ptr),
    14: str('podReplacementPolicy', ptr),
    15: str('managedBy', ptr),
  },
  'batch.JobStatus': {
    1: msgs('conditions', 'batch.JobCondition'),
    2: time('startTime', ptr),
    3: time('completionTime', ptr),
    4: i32('active'),
    5: i32('succeeded'),
    6: i32('failed'),
    11: i32('terminating', ptr),
    7: str('completedIndexes'),
    10: str('failedIndexes', ptr),
    9: i32('ready', ptr),
  },
  'batch.JobCondition': {
    1: str('type', keep),
    2: str('status', keep),
    3: time('lastProbeTime'),
    4: time('lastTransitionTime'),
    5: str('reason'),
    6: str('message'),
  },
  'batch.CronJob': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'batch.CronJobSpec'),
    3: msg('status', 'batch.CronJobStatus'),
  },
  'batch.CronJobSpec': {
    1: str('schedule', keep),
    8: str('timeZone', ptr),
    2: i64('startingDeadlineSeconds', ptr),
    3: str('concurrencyPolicy'),
    4: bool('suspend', ptr),
    5: msg('jobTemplate', 'batch.JobTemplateSpec', keep),
    6: i32('successfulJobsHistoryLimit', ptr),
    7: i32('failedJobsHistoryLimit', ptr),
  },
  'batch.JobTemplateSpec': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'batch.JobSpec'),
  },
  'batch.CronJobStatus': {
    1: msgs('active', 'core.ObjectReference'),
    4: time('lastScheduleTime', ptr),
    5: time('lastSuccessfulTime', ptr),
  },

  // --- rbac.authorization.k8s.io/v1 ---
  'rbac.Role': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('rules', 'rbac.PolicyRule', keep),
  },
  'rbac.ClusterRole': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('rules', 'rbac.PolicyRule', keep),
    3: msg('aggregationRule', 'rbac.AggregationRule'),
  },
  'rbac.PolicyRule': {
    1: strs('verbs', keep),
    2: strs('apiGroups'),
    3: strs('resources'),
    4: strs('resourceNames'),
    5: strs('nonResourceURLs'),
  },
  'rbac.AggregationRule': { 1: msgs('clusterRoleSelectors', 'meta.LabelSelector') },
  'rbac.RoleBinding': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('subjects', 'rbac.Subject'),
    3: msg('roleRef', 'rbac.RoleRef', keep),
  },
  'rbac.ClusterRoleBinding': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('subjects', 'rbac.Subject'),
    3: msg('roleRef', 'rbac.RoleRef', keep),
  },
  'rbac.Subject': {
    1: str('kind', keep),
    2: str('apiGroup'),
    3: str('name', keep),
    4: str('namespace'),
  },
  'rbac.RoleRef': {
    1: str('apiGroup', keep),
    2: str('kind', keep),
    3: str('name', keep),
  },

  // --- policy/v1 ---
  'policy.PodDisruptionBudget': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'policy.PodDisruptionBudgetSpec'),
    3: msg('status', 'policy.PodDisruptionBudgetStatus'),
  },
  'policy.PodDisruptionBudgetSpec': {
    1: intOrString('minAvailable', ptr),
    2: msg('selector', 'meta.LabelSelector'),
    3: intOrString('maxUnavailable', ptr),
    4: str('unhealthyPodEvictionPolicy', ptr),
  },
  'policy.PodDisruptionBudgetStatus': {
    1: i64('observedGeneration'),
    2: map('disruptedPods', 'time'),
    3: i32('disruptionsAllowed', keep),
    4: i32('currentHealthy', keep),
    5: i32('desiredHealthy', keep),
    6: i32('expectedPods', keep),
    7: msgs('conditions', 'meta.Condition'),
  },

  // --- scheduling.k8s.io/v1 ---
  'scheduling.PriorityClass': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: i32('value', keep),
    3: bool('globalDefault'),
    4: str('description'),
    5: str('preemptionPolicy', ptr),
  },

  // --- networking.k8s.io/v1 ---
  'networking.Ingress': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'networking.IngressSpec'),
    3: msg('status', 'networking.IngressStatus'),
  },
  'networking.IngressSpec': {
    4: str('ingressClassName', ptr),
    1: msg('defaultBackend', 'networking.IngressBackend'),
    2: msgs('tls', 'networking.IngressTLS'),
    3: msgs('rules', 'networking.IngressRule'),
  },
  'networking.IngressBackend': {
    4: msg('service', 'networking.IngressServiceBackend'),
    3: msg('resource', 'core.TypedLocalObjectReference'),
  },
  'networking.IngressServiceBackend': {
    1: str('name', keep),
    2: msg('port', 'networking.ServiceBackendPort'),
  },
  'networking.ServiceBackendPort': {
    1: str('name'),
    2: i32('number'),
  },
  'networking.IngressTLS': {
    1: strs('hosts'),
    2: str('secretName'),
  },
  'networking.IngressRule': {
    1: str('host'),
    2: msg('ingressRuleValue', 'networking.IngressRuleValue', inline),
  },
  'networking.IngressRuleValue': { 1: msg('http', 'networking.HTTPIngressRuleValue') },
  'networking.HTTPIngressRuleValue': { 1: msgs('paths', 'networking.HTTPIngressPath', keep) },
  'networking.HTTPIngressPath': {
    1: str('path'),
    3: str('pathType', ptr),
    2: msg('backend', 'networking.IngressBackend', keep),
  },
  'networking.IngressStatus': { 1: msg('loadBalancer', 'networking.IngressLoadBalancerStatus') },
  'networking.IngressLoadBalancerStatus': { 1: msgs('ingress', 'networking.IngressLoadBalancerIngress') },
  'networking.IngressLoadBalancerIngress': {
    1: str('ip'),
    2: str('hostname'),
    4: msgs('ports', 'networking.IngressPortStatus'),
  },
  'networking.IngressPortStatus': {
    1: i32('port', keep),
    2: str('protocol', keep),
    3: str('error', ptr),
  },

  // --- authorization.k8s.io/v1 ---
  'authorization.SelfSubjectAccessReview': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'authorization.SelfSubjectAccessReviewSpec'),
    3: msg('status', 'authorization.SubjectAccessReviewStatus'),
  },
  'authorization.SelfSubjectAccessReviewSpec': {
    1: msg('resourceAttributes', 'authorization.ResourceAttributes'),
    2: msg('nonResourceAttributes', 'authorization.NonResourceAttributes'),
  },
  'authorization.SubjectAccessReview': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'authorization.SubjectAccessReviewSpec'),
    3: msg('status', 'authorization.SubjectAccessReviewStatus'),
  },
  'authorization.SubjectAccessReviewSpec': {
    1: msg('resourceAttributes', 'authorization.ResourceAttributes'),
    2: msg('nonResourceAttributes', 'authorization.NonResourceAttributes'),
    3: str('user'),
    4: strs('groups'),
    5: map('extra', 'extraValue'),
    6: str('uid'),
  },
  'authorization.ResourceAttributes': {
    1: str('namespace'),
    2: str('verb'),
    3: str('group'),
    4: str('version'),
    5: str('resource'),
    6: str('subresource'),
    7: str('name'),
    8: msg('fieldSelector', 'authorization.FieldSelectorAttributes'),
    9: msg('labelSelector', 'authorization.LabelSelectorAttributes'),
  },
  'authorization.FieldSelectorAttributes': {
    1: str('rawSelector'),
    2: msgs('requirements', 'authorization.FieldSelectorRequirement'),
  },
  'authorization.FieldSelectorRequirement': {
    1: str('key', keep),
    2: str('operator', keep),
    3: strs('values'),
  },
  'authorization.LabelSelectorAttributes': {
    1: str('rawSelector'),
    2: msgs('requirements', 'meta.LabelSelectorRequirement'),
  },
  'authorization.NonResourceAttributes': {
    1: str('path'),
    2: str('verb'),
  },
  'authorization.SubjectAccessReviewStatus': {
    1: bool('allowed', keep),
    4: bool('denied'),
    2: str('reason'),
    3: str('evaluationError'),
  },
  'authorization.SelfSubjectRulesReview': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'authorization.SelfSubjectRulesReviewSpec'),
    3: msg('status', 'authorization.SubjectRulesReviewStatus'),
  },
  'authorization.SelfSubjectRulesReviewSpec': { 1: str('namespace') },
  'authorization.SubjectRulesReviewStatus': {
    1: msgs('resourceRules', 'authorization.ResourceRule', keep),
    2: msgs('nonResourceRules', 'authorization.NonResourceRule', keep),
    3: bool('incomplete', keep),
    4: str('evaluationError'),
  },
  'authorization.ResourceRule': {
    1: strs('verbs', keep),
    2: strs('apiGroups'),
    3: strs('resources'),
    4: strs('resourceNames'),
  },
  'authorization.NonResourceRule': {
    1: strs('verbs', keep),
    2: strs('nonResourceURLs'),
  },

  // --- authentication.k8s.io/v1 ---
  'authentication.SelfSubjectReview': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('status', 'authentication.SelfSubjectReviewStatus'),
  },
  'authentication.SelfSubjectReviewStatus': { 1: msg('userInfo', 'authentication.UserInfo') },
  'authentication.UserInfo': {
    1: str('username'),
    2: str('uid'),
    3: strs('groups'),
    4: map('extra', 'extraValue'),
  },
  'authentication.TokenRequest': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'authentication.TokenRequestSpec', keep),
    3: msg('status', 'authentication.TokenRequestStatus'),
  },
  'authentication.TokenRequestSpec': {
    1: strs('audiences', keep),
    4: i64('expirationSeconds', ptr),
    3: msg('boundObjectRef', 'authentication.BoundObjectReference'),
  },
  'authentication.BoundObjectReference': {
    1: str('kind'),
    2: str('apiVersion'),
    3: str('name'),
    4: str('uid'),
  },
  'authentication.TokenRequestStatus': {
    1: str('token', keep),
    2: time('expirationTimestamp', keep),
  },
  'authentication.TokenReview': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'authentication.TokenReviewSpec', keep),
    3: msg('status', 'authentication.TokenReviewStatus'),
  },
  'authentication.TokenReviewSpec': {
    1: str('token'),
    2: strs('audiences'),
  },
  'authentication.TokenReviewStatus': {
    1: bool('authenticated'),
    2: msg('user', 'authentication.UserInfo'),
    3: strs('audiences'),
    4: str('error'),
  },
};

/**
 * The top-level message of each kind that can arrive as a protobuf body, keyed by
 * `apiVersion + "/" + kind` as it appears in the envelope's TypeMeta (`v1/Secret`,
 * `apps/v1/Deployment`).
 */
export const kindMessages: Readonly<Record<string, string>> = {
  'v1/Namespace': 'core.Namespace',
  'v1/ConfigMap': 'core.ConfigMap',
  'v1/Secret': 'core.Secret',
  'v1/Service': 'core.Service',
  'v1/ServiceAccount': 'core.ServiceAccount',
  'v1/ResourceQuota': 'core.ResourceQuota',
  'v1/Pod': 'core.Pod',
  'apps/v1/Deployment': 'apps.Deployment',
  'batch/v1/Job': 'batch.Job',
  'batch/v1/CronJob': 'batch.CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'rbac.Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac.ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac.ClusterRoleBinding',
  'policy/v1/PodDisruptionBudget': 'policy.PodDisruptionBudget',
  'scheduling.k8s.io/v1/PriorityClass': 'scheduling.PriorityClass',
  'networking.k8s.io/v1/Ingress': 'networking.Ingress',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'authorization.SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'authorization.SelfSubjectRulesReview',
  'authorization.k8s.io/v1/SubjectAccessReview': 'authorization.SubjectAccessReview',
  'authorization.k8s.io/v1/LocalSubjectAccessReview': 'authorization.SubjectAccessReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'authentication.SelfSubjectReview',
  'authentication.k8s.io/v1/TokenRequest': 'authentication.TokenRequest',
  'authentication.k8s.io/v1/TokenReview': 'authentication.TokenReview',
};
