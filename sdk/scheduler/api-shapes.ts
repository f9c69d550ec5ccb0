import type { KubeObject } from '../api/kube-object.js';
import type { LabelSelector } from '../api/validation/label-selector.js';

/**
 * Typed views of the core/v1 fields the scheduler reads. They describe plain JSON objects as the
 * API returns them; every field is optional because the scheduler must cope with whatever is stored.
 */

/** A quantity map such as `resources.requests` or `status.allocatable`. */
export type ResourceList = Record<string, string | number>;

/** core/v1 ContainerPort. */
export interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

/** core/v1 Container (the fields scheduling uses). */
export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  resources?: { requests?: ResourceList; limits?: ResourceList };
  restartPolicy?: string;
}

/** core/v1 Toleration. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  tolerationSeconds?: number;
}

/** core/v1 Taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  timeAdded?: string;
}

/** core/v1 NodeSelectorRequirement (operators In, NotIn, Exists, DoesNotExist, Gt, Lt). */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** core/v1 NodeSelectorTerm: requirements ANDed; terms of a NodeSelector are ORed. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** core/v1 NodeSelector. */
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

/** core/v1 PreferredSchedulingTerm. */
export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

/** core/v1 PodAffinityTerm. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

/** core/v1 WeightedPodAffinityTerm. */
export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

/** core/v1 Affinity. */
export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
  };
  podAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
  };
  podAntiAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
  };
}

/** core/v1 TopologySpreadConstraint. */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' | string;
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

/** core/v1 PodCondition. */
export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** core/v1 PodSpec (the fields scheduling uses). */
export interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  priorityClassName?: string;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  containers?: Container[];
  initContainers?: Container[];
  overhead?: ResourceList;
  schedulingGates?: { name: string }[];
  hostNetwork?: boolean;
  [extra: string]: unknown;
}

/** core/v1 Pod. */
export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    nominatedNodeName?: string;
    startTime?: string;
    [extra: string]: unknown;
  };
}

/** core/v1 NodeCondition. */
export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** core/v1 Node. */
export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; providerID?: string; [extra: string]: unknown };
  status?: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    conditions?: NodeCondition[];
    images?: { names?: string[]; sizeBytes?: number }[];
    [extra: string]: unknown;
  };
}

/** policy/v1 PodDisruptionBudget (the fields preemption uses). */
export interface PodDisruptionBudget extends KubeObject {
  spec?: { selector?: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string>; [extra: string]: unknown };
}

/** scheduling.k8s.io/v1 PriorityClass. */
export interface PriorityClass extends KubeObject {
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
}

/** `namespace/name` of an object: the key the scheduler's maps use. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

/** The pod's priority (`spec.priority`, 0 when unset, as the scheduler's corev1helpers.PodPriority). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
