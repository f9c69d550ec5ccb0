#!/usr/bin/env node
/**
 * Generates core/apiserver/openapi/generated/definitions.json: the OpenAPI (swagger 2 style) definitions of the
 * built-in Kubernetes kinds, built from the models of the installed @kubernetes/client-node.
 *
 * Reproduce with (no npm needed, only node and the installed node_modules):
 *
 *     node scripts/gen-openapi.mjs
 *
 * Add `--report` to print how each model class was mapped to a group (for reviewing the mapping tables), and
 * `--out FILE` to write elsewhere (the determinism test compares such a copy with the committed file).
 *
 * Inputs:
 * - node_modules/@kubernetes/client-node/dist/gen/models/*.js: `attributeTypeMap` (JSON names, types, formats);
 * - the matching .d.ts files: doc comments (descriptions) and `?` on optional properties (the rest are required);
 * - node_modules/@kubernetes/client-node/dist/gen/apis/<Group>V<n>Api.d.ts: the models each API group uses, from
 *   which the group of every model class is derived (with the overrides below);
 * - the hand-written tables below: strategic-merge-patch and list-type extensions, Quantity fields and free-form
 *   fields, all with the values Kubernetes v1.32 publishes in its OpenAPI.
 *
 * The output is deterministic: keys are sorted and nothing depends on time or file system order.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = join(root, 'node_modules/@kubernetes/client-node');
const modelsDir = join(clientDir, 'dist/gen/models');
const apisDir = join(clientDir, 'dist/gen/apis');
const outArg = process.argv.indexOf('--out');
const outFile = outArg > 0 ? process.argv[outArg + 1] : join(root, 'core/apiserver/openapi/generated/definitions.json');

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const FIELDS_V1 = `${META}.FieldsV1`;
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

/** API client file -> API group, in the order used to assign shared model classes to groups. */
const API_GROUPS = [
  ['CoreV1Api', '', 'v1'],
  ['AppsV1Api', 'apps', 'v1'],
  ['BatchV1Api', 'batch', 'v1'],
  ['AutoscalingV1Api', 'autoscaling', 'v1'],
  ['AutoscalingV2Api', 'autoscaling', 'v2'],
  ['CoordinationV1Api', 'coordination.k8s.io', 'v1'],
  ['DiscoveryV1Api', 'discovery.k8s.io', 'v1'],
  ['EventsV1Api', 'events.k8s.io', 'v1'],
  ['NetworkingV1Api', 'networking.k8s.io', 'v1'],
  ['StorageV1Api', 'storage.k8s.io', 'v1'],
  ['RbacAuthorizationV1Api', 'rbac.authorization.k8s.io', 'v1'],
  ['PolicyV1Api', 'policy', 'v1'],
  ['SchedulingV1Api', 'scheduling.k8s.io', 'v1'],
  ['ApiextensionsV1Api', 'apiextensions.k8s.io', 'v1'],
  ['AuthorizationV1Api', 'authorization.k8s.io', 'v1'],
  ['AuthenticationV1Api', 'authentication.k8s.io', 'v1'],
  ['AdmissionregistrationV1Api', 'admissionregistration.k8s.io', 'v1'],
  ['CertificatesV1Api', 'certificates.k8s.io', 'v1'],
  ['NodeV1Api', 'node.k8s.io', 'v1'],
  ['FlowcontrolApiserverV1Api', 'flowcontrol.apiserver.k8s.io', 'v1'],
  ['ApiregistrationV1Api', 'apiregistration.k8s.io', 'v1'],
];

/** API group -> the Go package part of its OpenAPI definition names. */
const GROUP_PACKAGES = {
  '': 'io.k8s.api.core',
  apps: 'io.k8s.api.apps',
  batch: 'io.k8s.api.batch',
  autoscaling: 'io.k8s.api.autoscaling',
  'coordination.k8s.io': 'io.k8s.api.coordination',
  'discovery.k8s.io': 'io.k8s.api.discovery',
  'events.k8s.io': 'io.k8s.api.events',
  'networking.k8s.io': 'io.k8s.api.networking',
  'storage.k8s.io': 'io.k8s.api.storage',
  'rbac.authorization.k8s.io': 'io.k8s.api.rbac',
  policy: 'io.k8s.api.policy',
  'scheduling.k8s.io': 'io.k8s.api.scheduling',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'authorization.k8s.io': 'io.k8s.api.authorization',
  'authentication.k8s.io': 'io.k8s.api.authentication',
  'admissionregistration.k8s.io': 'io.k8s.api.admissionregistration',
  'certificates.k8s.io': 'io.k8s.api.certificates',
  'node.k8s.io': 'io.k8s.api.node',
  'flowcontrol.apiserver.k8s.io': 'io.k8s.api.flowcontrol',
  'apiregistration.k8s.io': 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
  'meta.k8s.io': 'io.k8s.apimachinery.pkg.apis.meta',
};

/** client-node class-name prefixes that name the group (used where two groups have a kind of the same name). */
const CLASS_PREFIX_GROUPS = {
  Core: '',
  Events: 'events.k8s.io',
  Discovery: 'discovery.k8s.io',
  Storage: 'storage.k8s.io',
  Rbac: 'rbac.authorization.k8s.io',
  Authentication: 'authentication.k8s.io',
  Apiextensions: 'apiextensions.k8s.io',
  Admissionregistration: 'admissionregistration.k8s.io',
  Apiregistration: 'apiregistration.k8s.io',
  Flowcontrol: 'flowcontrol.apiserver.k8s.io',
};

/** The meta/v1 types (k8s.io/apimachinery/pkg/apis/meta/v1). */
const META_CLASSES = [
  'V1APIGroup',
  'V1APIGroupList',
  'V1APIResource',
  'V1APIResourceList',
  'V1APIVersions',
  'V1Condition',
  'V1DeleteOptions',
  'V1FieldSelectorRequirement',
  'V1GroupVersionForDiscovery',
  'V1LabelSelector',
  'V1LabelSelectorRequirement',
  'V1ListMeta',
  'V1ManagedFieldsEntry',
  'V1ObjectMeta',
  'V1OwnerReference',
  'V1Preconditions',
  'V1ServerAddressByClientCIDR',
  'V1Status',
  'V1StatusCause',
  'V1StatusDetails',
  'V1WatchEvent',
];

/**
 * Classes whose group the walk from the API files gets wrong (they are first reached from another group's API,
 * e.g. pods/eviction in CoreV1Api returns policy/v1 Eviction).
 */
const GROUP_OVERRIDES = {
  V1Eviction: 'policy',
  V1Scale: 'autoscaling',
  V1ScaleSpec: 'autoscaling',
  V1ScaleStatus: 'autoscaling',
  V1TokenRequestSpec: 'authentication.k8s.io',
  V1TokenRequestStatus: 'authentication.k8s.io',
  V1BoundObjectReference: 'authentication.k8s.io',
  V1TopologySelectorTerm: '',
  V1TopologySelectorLabelRequirement: '',
  V1ServiceReference: 'apiregistration.k8s.io',
};

/** Fields that are resource.Quantity (client-node types them as plain strings or string maps). */
const QUANTITY_FIELDS = {
  'io.k8s.api.core.v1.ResourceRequirements': ['limits', 'requests'],
  'io.k8s.api.core.v1.VolumeResourceRequirements': ['limits', 'requests'],
  'io.k8s.api.core.v1.ResourceQuotaSpec': ['hard'],
  'io.k8s.api.core.v1.ResourceQuotaStatus': ['hard', 'used'],
  'io.k8s.api.core.v1.NodeStatus': ['capacity', 'allocatable'],
  'io.k8s.api.core.v1.LimitRangeItem': ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'],
  'io.k8s.api.core.v1.PersistentVolumeSpec': ['capacity'],
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': ['capacity', 'allocatedResources'],
  'io.k8s.api.core.v1.PodSpec': ['overhead'],
  'io.k8s.api.core.v1.PodStatus': [],
  'io.k8s.api.core.v1.ContainerStatus': ['allocatedResources'],
  'io.k8s.api.core.v1.EmptyDirVolumeSource': ['sizeLimit'],
  'io.k8s.api.core.v1.ResourceFieldSelector': ['divisor'],
  'io.k8s.api.node.v1.Overhead': ['podFixed'],
  'io.k8s.api.storage.v1.CSIStorageCapacity': ['capacity', 'maximumVolumeSize'],
  'io.k8s.api.autoscaling.v2.MetricTarget': ['value', 'averageValue'],
  'io.k8s.api.autoscaling.v2.MetricValueStatus': ['value', 'averageValue'],
};

/** Free-form (`any`) fields and what upstream declares them as. */
const ANY_FIELDS = {
  'io.k8s.api.apps.v1.ControllerRevision.data': { $ref: `#/definitions/${RAW_EXTENSION}` },
  [`${META}.WatchEvent.object`]: { $ref: `#/definitions/${RAW_EXTENSION}` },
  [`${META}.ManagedFieldsEntry.fieldsV1`]: { $ref: `#/definitions/${FIELDS_V1}` },
  [`${APIEXT}.CustomResourceSubresources.status`]: { $ref: `#/definitions/${APIEXT}.CustomResourceSubresourceStatus` },
  [`${APIEXT}.JSONSchemaProps.additionalItems`]: { $ref: `#/definitions/${APIEXT}.JSONSchemaPropsOrBool` },
  [`${APIEXT}.JSONSchemaProps.additionalProperties`]: { $ref: `#/definitions/${APIEXT}.JSONSchemaPropsOrBool` },
  [`${APIEXT}.JSONSchemaProps.default`]: { $ref: `#/definitions/${APIEXT}.JSON` },
  [`${APIEXT}.JSONSchemaProps.example`]: { $ref: `#/definitions/${APIEXT}.JSON` },
  [`${APIEXT}.JSONSchemaProps.items`]: { $ref: `#/definitions/${APIEXT}.JSONSchemaPropsOrArray` },
  [`${APIEXT}.JSONSchemaProps.enum`]: { type: 'array', items: { $ref: `#/definitions/${APIEXT}.JSON` } },
  [`${APIEXT}.JSONSchemaProps.dependencies`]: {
    type: 'object',
    additionalProperties: { $ref: `#/definitions/${APIEXT}.JSONSchemaPropsOrStringArray` },
  },
};

/** Definitions that have no client-node model of their own (wire-level special types). */
const SPECIAL_DEFINITIONS = {
  [TIME]: {
    description:
      'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  [MICRO_TIME]: {
    description: 'MicroTime is version of Time with microsecond level precision.',
    type: 'string',
    format: 'date-time',
  },
  [QUANTITY]: {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) will be as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don\'t use it at all.)\n\nThis format is intended to make it difficult to use these numbers without having to think too much. Make sure you have a fixed-point precise representation of ints, and round it up to whole numbers (no fractional parts).',
    type: 'string',
  },
  [INT_OR_STRING]: {
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    type: 'string',
    format: 'int-or-string',
  },
  [RAW_EXTENSION]: {
    description:
      'RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external versioned struct, and Object in your internal struct. You also need to register your various plugin types.',
    type: 'object',
  },
  [FIELDS_V1]: {
    description:
      "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a atomic list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that represents is the field itself, and will always map to an empty set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
    type: 'object',
  },
  [`${META}.Patch`]: {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
  [`${APIEXT}.JSON`]: {
    description:
      'JSON represents any valid JSON value. These types are supported: bool, int64, float64, string, []interface{}, map[string]interface{} and nil.',
  },
  [`${APIEXT}.JSONSchemaPropsOrArray`]: {
    description:
      'JSONSchemaPropsOrArray represents a value that can either be a JSONSchemaProps or an array of JSONSchemaProps. Mainly here for serialization purposes.',
  },
  [`${APIEXT}.JSONSchemaPropsOrBool`]: {
    description:
      'JSONSchemaPropsOrBool represents JSONSchemaProps or a boolean value. Defaults to true for the boolean property.',
  },
  [`${APIEXT}.JSONSchemaPropsOrStringArray`]: {
    description: 'JSONSchemaPropsOrStringArray represents a JSONSchemaProps or a string array.',
  },
  [`${APIEXT}.CustomResourceSubresourceStatus`]: {
    description:
      'CustomResourceSubresourceStatus defines how to serve the status subresource for CustomResources. Status is represented by the `.status` JSON path inside of a CustomResource. When set, * exposes a /status subresource for the custom resource * PUT requests to the /status subresource take a custom resource object, and ignore changes to anything except the status stanza * PATCH requests to the /status subresource take a custom resource object, and ignore changes to anything except the status stanza',
    type: 'object',
  },
};

// Shorthands for the extension table.
const mergeByKey = (key, ...mapKeys) => ({
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-patch-strategy': 'merge',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': mapKeys.length ? mapKeys : [key],
});
const mergeRetainByName = () => ({ ...mergeByKey('name'), 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
const atomic = { 'x-kubernetes-list-type': 'atomic' };
const set = { 'x-kubernetes-list-type': 'set' };
const mergeSet = { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' };
const atomicMap = { 'x-kubernetes-map-type': 'atomic' };
const conditionsByType = mergeByKey('type');

/**
 * Strategic-merge-patch and server-side-apply extensions, keyed by definition then field, as Kubernetes v1.32
 * declares them (`+patchMergeKey`, `+patchStrategy`, `+listType`, `+listMapKeys`, `+mapType` markers). Every
 * `conditions` list whose items have a `type` also gets merge-by-type unless listed here with other values.
 * The `''` key of a definition holds extensions of the definition itself (`+structType=atomic`).
 */
const EXTENSIONS = {
  [`${META}.ObjectMeta`]: { finalizers: mergeSet, ownerReferences: mergeByKey('uid'), managedFields: atomic },
  [`${META}.LabelSelector`]: { '': atomicMap, matchExpressions: atomic },
  [`${META}.LabelSelectorRequirement`]: { values: atomic },
  [`${META}.APIResource`]: { verbs: atomic, shortNames: atomic, categories: atomic },
  [`${META}.Status`]: {},
  [`${META}.StatusDetails`]: { causes: atomic },
  [`${META}.ManagedFieldsEntry`]: {},
  'io.k8s.api.core.v1.PodSpec': {
    volumes: mergeRetainByName(),
    initContainers: mergeByKey('name'),
    containers: mergeByKey('name'),
    ephemeralContainers: mergeByKey('name'),
    imagePullSecrets: mergeByKey('name'),
    hostAliases: mergeByKey('ip'),
    tolerations: atomic,
    readinessGates: atomic,
    topologySpreadConstraints: mergeByKey('topologyKey', 'topologyKey', 'whenUnsatisfiable'),
    resourceClaims: mergeRetainByName(),
    schedulingGates: mergeByKey('name'),
    nodeSelector: atomicMap,
  },
  'io.k8s.api.core.v1.Container': {
    ports: mergeByKey('containerPort', 'containerPort', 'protocol'),
    env: mergeByKey('name'),
    envFrom: atomic,
    volumeMounts: mergeByKey('mountPath'),
    volumeDevices: mergeByKey('devicePath'),
    resizePolicy: atomic,
    command: atomic,
    args: atomic,
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    ports: mergeByKey('containerPort', 'containerPort', 'protocol'),
    env: mergeByKey('name'),
    envFrom: atomic,
    volumeMounts: mergeByKey('mountPath'),
    volumeDevices: mergeByKey('devicePath'),
    resizePolicy: atomic,
    command: atomic,
    args: atomic,
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: conditionsByType,
    podIPs: mergeByKey('ip'),
    hostIPs: { 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-patch-strategy': 'merge', ...atomic },
    initContainerStatuses: atomic,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    resourceClaimStatuses: mergeRetainByName(),
  },
  'io.k8s.api.core.v1.ContainerStatus': {
    volumeMounts: mergeByKey('mountPath'),
    allocatedResourcesStatus: mergeByKey('name'),
  },
  'io.k8s.api.core.v1.ResourceStatus': {
    resources: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['resourceID'] },
  },
  'io.k8s.api.core.v1.ResourceRequirements': {
    claims: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
  },
  'io.k8s.api.core.v1.PodSecurityContext': { supplementalGroups: atomic, sysctls: atomic },
  'io.k8s.api.core.v1.PodDNSConfig': { nameservers: atomic, searches: atomic, options: atomic },
  'io.k8s.api.core.v1.HostAlias': { hostnames: atomic },
  'io.k8s.api.core.v1.Capabilities': { add: atomic, drop: atomic },
  'io.k8s.api.core.v1.ExecAction': { command: atomic },
  'io.k8s.api.core.v1.HTTPGetAction': { httpHeaders: atomic },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.SecretVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.ConfigMapProjection': { items: atomic },
  'io.k8s.api.core.v1.SecretProjection': { items: atomic },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': { items: atomic },
  'io.k8s.api.core.v1.DownwardAPIProjection': { items: atomic },
  'io.k8s.api.core.v1.ProjectedVolumeSource': { sources: atomic },
  'io.k8s.api.core.v1.TopologySpreadConstraint': { matchLabelKeys: atomic },
  'io.k8s.api.core.v1.Affinity': {},
  'io.k8s.api.core.v1.NodeAffinity': { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  'io.k8s.api.core.v1.NodeSelector': { '': atomicMap, nodeSelectorTerms: atomic },
  'io.k8s.api.core.v1.NodeSelectorTerm': { '': atomicMap, matchExpressions: atomic, matchFields: atomic },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.PodAffinity': {
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  'io.k8s.api.core.v1.PodAntiAffinity': {
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  'io.k8s.api.core.v1.PodAffinityTerm': { namespaces: atomic, matchLabelKeys: atomic, mismatchLabelKeys: atomic },
  'io.k8s.api.core.v1.LocalObjectReference': { '': atomicMap },
  'io.k8s.api.core.v1.ObjectReference': { '': atomicMap },
  'io.k8s.api.core.v1.TypedLocalObjectReference': { '': atomicMap },
  'io.k8s.api.core.v1.ConfigMapKeySelector': { '': atomicMap },
  'io.k8s.api.core.v1.SecretKeySelector': { '': atomicMap },
  'io.k8s.api.core.v1.ObjectFieldSelector': { '': atomicMap },
  'io.k8s.api.core.v1.ResourceFieldSelector': { '': atomicMap },
  'io.k8s.api.core.v1.SecretReference': { '': atomicMap },
  'io.k8s.api.core.v1.ScopeSelector': { '': atomicMap, matchExpressions: atomic },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': { values: atomic },
  'io.k8s.api.core.v1.TopologySelectorTerm': { '': atomicMap, matchLabelExpressions: atomic },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': { values: atomic },
  'io.k8s.api.core.v1.NodeSpec': {
    podCIDRs: mergeSet,
    taints: atomic,
  },
  'io.k8s.api.core.v1.NodeStatus': {
    conditions: conditionsByType,
    addresses: mergeByKey('type'),
    images: atomic,
    volumesInUse: atomic,
    volumesAttached: atomic,
  },
  'io.k8s.api.core.v1.ContainerImage': { names: atomic },
  'io.k8s.api.core.v1.ServiceSpec': {
    ports: mergeByKey('port', 'port', 'protocol'),
    selector: atomicMap,
    clusterIPs: atomic,
    externalIPs: atomic,
    loadBalancerSourceRanges: atomic,
    ipFamilies: atomic,
  },
  'io.k8s.api.core.v1.LoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.core.v1.LoadBalancerIngress': { ports: atomic },
  'io.k8s.api.core.v1.Endpoints': { subsets: atomic },
  'io.k8s.api.core.v1.EndpointSubset': { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  'io.k8s.api.core.v1.EndpointAddress': { '': atomicMap },
  'io.k8s.api.core.v1.ServiceAccount': { secrets: mergeByKey('name'), imagePullSecrets: atomic },
  'io.k8s.api.core.v1.NamespaceSpec': { finalizers: atomic },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: atomic },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': { accessModes: atomic },
  'io.k8s.api.core.v1.PersistentVolumeSpec': { accessModes: atomic, mountOptions: atomic },
  'io.k8s.api.core.v1.ReplicationControllerSpec': { selector: atomicMap },
  'io.k8s.api.core.v1.LimitRangeSpec': { limits: atomic },
  'io.k8s.api.core.v1.ResourceQuotaSpec': { scopes: atomic },
  'io.k8s.api.core.v1.EventSeries': {},
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: atomic },
  'io.k8s.api.batch.v1.JobStatus': {
    conditions: { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge', ...atomic },
  },
  'io.k8s.api.batch.v1.CronJobStatus': { active: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicy': { rules: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { onPodConditions: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: set },
  'io.k8s.api.batch.v1.SuccessPolicy': { rules: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': { metrics: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { currentMetrics: atomic },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { policies: atomic },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { ingress: atomic, egress: atomic, policyTypes: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': { ports: atomic, from: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': { ports: atomic, to: atomic },
  'io.k8s.api.networking.v1.IPBlock': { except: atomic },
  'io.k8s.api.networking.v1.IngressSpec': { rules: atomic, tls: atomic },
  'io.k8s.api.networking.v1.IngressTLS': { hosts: atomic },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { paths: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': { ports: atomic },
  'io.k8s.api.rbac.v1.Role': { rules: atomic },
  'io.k8s.api.rbac.v1.ClusterRole': { rules: atomic },
  'io.k8s.api.rbac.v1.PolicyRule': {
    verbs: atomic,
    apiGroups: atomic,
    resources: atomic,
    resourceNames: atomic,
    nonResourceURLs: atomic,
  },
  'io.k8s.api.rbac.v1.RoleBinding': { subjects: atomic },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { subjects: atomic },
  'io.k8s.api.rbac.v1.AggregationRule': { clusterRoleSelectors: atomic },
  'io.k8s.api.discovery.v1.EndpointSlice': { endpoints: atomic, ports: atomic },
  'io.k8s.api.discovery.v1.Endpoint': { addresses: set },
  'io.k8s.api.discovery.v1.EndpointHints': { forZones: atomic },
  'io.k8s.api.storage.v1.StorageClass': { mountOptions: atomic, allowedTopologies: atomic },
  'io.k8s.api.storage.v1.CSIDriverSpec': { tokenRequests: atomic, volumeLifecycleModes: set },
  'io.k8s.api.storage.v1.CSINodeSpec': { drivers: mergeByKey('name') },
  'io.k8s.api.storage.v1.CSINodeDriver': { topologyKeys: atomic },
  [`${APIEXT}.CustomResourceDefinitionSpec`]: { versions: atomic },
  [`${APIEXT}.CustomResourceDefinitionNames`]: { shortNames: atomic, categories: atomic },
  [`${APIEXT}.CustomResourceDefinitionStatus`]: {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
    storedVersions: atomic,
  },
  [`${APIEXT}.CustomResourceDefinitionVersion`]: { additionalPrinterColumns: atomic },
  [`${APIEXT}.CustomResourceConversion`]: {},
  [`${APIEXT}.WebhookConversion`]: { conversionReviewVersions: atomic },
  [`${APIEXT}.JSONSchemaProps`]: { 'x-kubernetes-validations': mergeByKey('rule') },
};

// ---------------------------------------------------------------------------------------------------------------

/** One parsed client-node model class. */
function parseModel(className) {
  const js = readFileSync(join(modelsDir, `${className}.js`), 'utf8');
  const m = /attributeTypeMap = (\[[\s\S]*?\]);/.exec(js);
  if (!m) return undefined;
  const attrs = JSON.parse(m[1]);
  const dts = readFileSync(join(modelsDir, `${className}.d.ts`), 'utf8');
  const classAt = dts.indexOf(`export declare class ${className}`);
  const docStart = dts.lastIndexOf('/**', classAt);
  const classDoc = docStart >= 0 ? /^\/\*\*\n([\s\S]*?)\*\/\s*$/.exec(dts.slice(docStart, classAt)) : null;
  const props = new Map();
  const propRe = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\n\s*)?'([^']+)'(\??):/g;
  const body = dts.slice(dts.indexOf(`export declare class ${className}`));
  for (const pm of body.matchAll(propRe))
    props.set(pm[2], { doc: pm[1] ? cleanDoc(pm[1]) : undefined, optional: pm[3] === '?' });
  return { className, attrs, description: classDoc ? cleanDoc(classDoc[1]) : undefined, props };
}

function cleanDoc(raw) {
  const text = raw
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .trim()
    .replace(/\\(['"\\])/g, '$1');
  return text || undefined;
}

/** Splits a client-node class name into its group prefix (if any), version and kind. */
function splitClassName(className) {
  const m = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(className);
  if (!m) return undefined;
  return { prefix: m[1], version: m[2].toLowerCase(), kind: m[3] };
}

/** Class names a type expression mentions. */
function referencedClasses(type) {
  return [...type.matchAll(/\b((?:[A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?[A-Z]\w*)\b/g)].map((m) => m[1]);
}

const models = new Map();
function model(className) {
  if (!models.has(className)) {
    let parsed;
    try {
      parsed = parseModel(className);
    } catch {
      parsed = undefined;
    }
    models.set(className, parsed);
  }
  return models.get(className);
}

// Assign every reachable class to a group.
const groupOf = new Map();
for (const c of META_CLASSES) groupOf.set(c, 'meta.k8s.io');
for (const [c, g] of Object.entries(GROUP_OVERRIDES)) groupOf.set(c, g);
const reportLines = [];
for (const [api, group, version] of API_GROUPS) {
  const text = readFileSync(join(apisDir, `${api}.d.ts`), 'utf8');
  const roots = [...text.matchAll(/from '\.\.\/models\/(\w+)\.js'/g)].map((m) => m[1]).sort();
  const queue = [...roots];
  const seen = new Set();
  while (queue.length) {
    const c = queue.shift();
    if (seen.has(c)) continue;
    seen.add(c);
    const parts = splitClassName(c);
    const md = model(c);
    if (!parts || !md) continue;
    if (!groupOf.has(c)) {
      if (parts.prefix && CLASS_PREFIX_GROUPS[parts.prefix] !== undefined)
        groupOf.set(c, CLASS_PREFIX_GROUPS[parts.prefix]);
      else if (parts.version === version) {
        groupOf.set(c, group);
        reportLines.push(`${c} -> ${group || 'core'}/${version} (via ${api})`);
      } else continue;
    }
    for (const a of md.attrs) for (const r of referencedClasses(a.type)) queue.push(r);
  }
}

function definitionName(className) {
  if (className === 'VersionInfo') return 'io.k8s.apimachinery.pkg.version.Info';
  const parts = splitClassName(className);
  const group = groupOf.get(className);
  if (!parts || group === undefined) return undefined;
  return `${GROUP_PACKAGES[group]}.${parts.version}.${parts.kind}`;
}

const ref = (name) => ({ $ref: `#/definitions/${name}` });

/** The schema of one attribute type expression. */
function schemaOfType(type, format, missing) {
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: schemaOfType(m[1], format, missing) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    return { type: 'object', additionalProperties: schemaOfType(m[1], format, missing) };
  }
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'Date':
      return ref(TIME);
    case 'V1MicroTime':
      return ref(MICRO_TIME);
    case 'IntOrString':
      return ref(INT_OR_STRING);
    case 'any':
      return { type: 'object' };
  }
  const name = definitionName(type);
  if (!name) {
    missing.add(type);
    return { type: 'object' };
  }
  return ref(name);
}

/** Applies a property's description to a schema as upstream places it. */
function describe(schema, description) {
  return description ? { ...schema, description } : schema;
}

function buildDefinition(className, name) {
  const md = model(className);
  const parts = splitClassName(className);
  const missing = new Set();
  const properties = {};
  const required = [];
  const ext = EXTENSIONS[name] ?? {};
  const quantities = new Set(QUANTITY_FIELDS[name] ?? []);
  for (const a of md.attrs) {
    const p = md.props.get(a.name) ?? md.props.get(a.baseName) ?? { optional: true };
    let schema;
    const anyOverride = ANY_FIELDS[`${name}.${a.baseName}`];
    if (anyOverride) schema = structuredClone(anyOverride);
    else if (quantities.has(a.baseName)) {
      schema = a.type.startsWith('{') ? { type: 'object', additionalProperties: ref(QUANTITY) } : ref(QUANTITY);
    } else schema = schemaOfType(a.type, a.format, missing);
    let description = p.doc;
    if (!description && a.baseName === 'metadata') {
      description =
        schema.$ref === ref(`${META}.ListMeta`).$ref
          ? 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'
          : "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    }
    if (!description && schema.$ref) {
      // client-node drops the description of a field whose type is another definition; use that type's own.
      const target = referencedClasses(a.type)[0];
      description = target ? model(target)?.description : undefined;
    }
    schema = describe(schema, description);
    let fieldExt = ext[a.baseName];
    if (!fieldExt && a.baseName === 'conditions' && schema.type === 'array') {
      const itemClass = referencedClasses(a.type)[0];
      if (itemClass && model(itemClass)?.attrs.some((x) => x.baseName === 'type')) fieldExt = conditionsByType;
    }
    if (fieldExt) Object.assign(schema, structuredClone(fieldExt));
    properties[a.baseName] = schema;
    if (!p.optional) required.push(a.baseName);
  }
  const def = {};
  if (md.description) def.description = md.description;
  def.type = 'object';
  def.properties = properties;
  if (required.length) def.required = required.sort();
  if (ext['']) Object.assign(def, ext['']);
  const group = groupOf.get(className);
  if (parts && properties.apiVersion && properties.kind && properties.metadata && group !== 'meta.k8s.io') {
    def['x-kubernetes-group-version-kind'] = [{ group, kind: parts.kind, version: parts.version }];
  } else if (name === `${META}.Status`) {
    def['x-kubernetes-group-version-kind'] = [{ group: '', kind: 'Status', version: 'v1' }];
  }
  return { def, missing };
}

/** Recursively sorts object keys so the JSON text is stable. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

const definitions = { ...SPECIAL_DEFINITIONS };
const allMissing = new Set();
const classes = [...groupOf.keys(), 'VersionInfo'].filter((c) => model(c)).sort();
for (const c of classes) {
  const name = definitionName(c);
  if (!name) continue;
  const { def, missing } = buildDefinition(c, name);
  for (const x of missing) allMissing.add(`${x} (from ${c})`);
  // Status (Core) of the policy group's Eviction etc. never clash; a clash means the mapping tables are wrong.
  if (definitions[name]) throw new Error(`two classes map to ${name}`);
  definitions[name] = def;
}
const unknownExtensionTargets = Object.keys(EXTENSIONS).filter((d) => !definitions[d]);
for (const d of Object.keys(QUANTITY_FIELDS)) if (!definitions[d]) unknownExtensionTargets.push(d);
if (unknownExtensionTargets.length)
  throw new Error(`extension table names unknown definitions: ${unknownExtensionTargets.join(', ')}`);
for (const [d, fields] of Object.entries(EXTENSIONS)) {
  for (const f of Object.keys(fields)) {
    if (f !== '' && !definitions[d].properties?.[f]) throw new Error(`extension table names unknown field ${d}.${f}`);
  }
}

const pkg = JSON.parse(readFileSync(join(clientDir, 'package.json'), 'utf8'));
const output = {
  _generated:
    'DO NOT EDIT. Generated by scripts/gen-openapi.mjs from the @kubernetes/client-node models; regenerate with `node scripts/gen-openapi.mjs`.',
  source: `@kubernetes/client-node ${pkg.version}`,
  definitions: sortKeys(definitions),
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(output, null, 1) + '\n');

if (process.argv.includes('--report')) {
  process.stdout.write(reportLines.sort().join('\n') + '\n');
  if (allMissing.size) process.stdout.write(`unresolved types:\n  ${[...allMissing].sort().join('\n  ')}\n`);
}
process.stdout.write(`wrote ${Object.keys(definitions).length} definitions to ${outFile}\n`);
