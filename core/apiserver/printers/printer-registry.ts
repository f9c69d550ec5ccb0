import type { TablePrinter } from '../../../sdk/api/resource-type.js';
import { cronJobPrinter, jobPrinter } from './batch-printers.js';
import {
  certificateSigningRequestPrinter,
  clusterRoleBindingPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  runtimeClassPrinter,
  webhookConfigurationPrinter,
} from './cluster-printers.js';
import {
  componentStatusPrinter,
  configMapPrinter,
  endpointSlicePrinter,
  endpointsPrinter,
  namespacePrinter,
  podTemplatePrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core-printers.js';
import { defaultPrinter } from './default-printer.js';
import { eventPrinter } from './event-printer.js';
import { horizontalPodAutoscalerPrinter } from './hpa-printer.js';
import type { KindPrinter } from './kind-printer.js';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking-printers.js';
import { nodePrinter } from './node-printer.js';
import { podPrinter } from './pod-printer.js';
import { servicePrinter } from './service-printer.js';
import {
  csiDriverPrinter,
  csiNodePrinter,
  csiStorageCapacityPrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
} from './storage-printers.js';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workload-printers.js';

export { defaultPrinter };

/** Built-in printers by `group/Kind` ('' for the core group), as kube-apiserver registers them. */
const PRINTERS: ReadonlyMap<string, KindPrinter> = new Map<string, KindPrinter>([
  ['/Pod', podPrinter],
  ['/PodTemplate', podTemplatePrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Node', nodePrinter],
  ['/Event', eventPrinter],
  ['/Namespace', namespacePrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/ComponentStatus', componentStatusPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['storage.k8s.io/CSIDriver', csiDriverPrinter],
  ['storage.k8s.io/CSINode', csiNodePrinter],
  ['storage.k8s.io/CSIStorageCapacity', csiStorageCapacityPrinter],
  ['storage.k8s.io/VolumeAttachment', volumeAttachmentPrinter],
  ['node.k8s.io/RuntimeClass', runtimeClassPrinter],
  ['admissionregistration.k8s.io/MutatingWebhookConfiguration', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/ValidatingWebhookConfiguration', webhookConfigurationPrinter],
  ['certificates.k8s.io/CertificateSigningRequest', certificateSigningRequestPrinter],
]);

/**
 * The built-in printer of a kind, or undefined when kube-apiserver has none for it (Role,
 * ClusterRole, LimitRange, CustomResourceDefinition...: use {@link defaultPrinter}). The version
 * does not matter: printers read the fields every served version shares (autoscaling/v1 HPAs
 * included). Pure; returns shared immutable printers.
 */
export function printerFor(group: string, kind: string): TablePrinter | undefined {
  return PRINTERS.get(`${group}/${kind}`);
}

/** The `group`/`kind` pairs that have a built-in printer, in registration order. */
export function builtInPrinterKinds(): Array<{ group: string; kind: string }> {
  return [...PRINTERS.keys()].map((key) => {
    const slash = key.indexOf('/');
    return { group: key.slice(0, slash), kind: key.slice(slash + 1) };
  });
}
