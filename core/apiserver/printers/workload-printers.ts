import {
  ageColumn,
  column,
  containersColumn,
  imagesColumn,
  nameColumn,
  selectorColumn,
} from './column-descriptions.js';
import { containerCells } from './container-cells.js';
import { num, obj, objects, str } from './field-access.js';
import { translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';
import { formatLabelSelector, formatLabels, labelSelectorString } from './label-format.js';

const READY_DESCRIPTION = 'Number of the pod with ready state';

function templateSpec(spec: Record<string, unknown>): Record<string, unknown> {
  return obj(obj(spec.template).spec);
}

/** Deployments: Name, Ready (`ready/desired`), Up-to-date, Available, Age, [Containers, Images, Selector]. */
export const deploymentPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', READY_DESCRIPTION),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [names, images] = containerCells(templateSpec(spec));
    const selector = labelSelectorString(spec.selector);
    return [
      o.metadata.name ?? '',
      `${num(status.readyReplicas)}/${num(spec.replicas, 1)}`,
      num(status.updatedReplicas),
      num(status.availableReplicas),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      selector === undefined ? '<invalid>' : selector,
    ];
  },
};

/** ReplicaSets: Name, Desired, Current, Ready, Age, [Containers, Images, Selector]. */
export const replicaSetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Desired',
      'integer',
      'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
    ),
    column(
      'Current',
      'integer',
      'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
    ),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(
      'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [names, images] = containerCells(templateSpec(spec));
    return [
      o.metadata.name ?? '',
      num(spec.replicas, 1),
      num(status.replicas),
      num(status.readyReplicas),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ];
  },
};

/** ReplicationControllers: Name, Desired, Current, Ready, Age, [Containers, Images, Selector]. */
export const replicationControllerPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Desired',
      'integer',
      'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
    ),
    column(
      'Current',
      'integer',
      'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
    ),
    column('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(
      'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels#label-selectors',
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [names, images] = containerCells(templateSpec(spec));
    return [
      o.metadata.name ?? '',
      num(spec.replicas, 1),
      num(status.replicas),
      num(status.readyReplicas),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      formatLabels(spec.selector),
    ];
  },
};

/** StatefulSets: Name, Ready (`ready/desired`), Age, [Containers, Images]. */
export const statefulSetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', READY_DESCRIPTION),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [names, images] = containerCells(templateSpec(spec));
    return [
      o.metadata.name ?? '',
      `${num(status.readyReplicas)}/${num(spec.replicas, 1)}`,
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
    ];
  },
};

/** DaemonSets: Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age, [Containers, Images, Selector]. */
export const daemonSetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
    ),
    column(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
    ),
    column(
      'Node Selector',
      'string',
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
    ),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(
      'A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const podSpec = templateSpec(spec);
    const [names, images] = containerCells(podSpec);
    return [
      o.metadata.name ?? '',
      num(status.desiredNumberScheduled),
      num(status.currentNumberScheduled),
      num(status.numberReady),
      num(status.updatedNumberScheduled),
      num(status.numberAvailable),
      formatLabels(podSpec.nodeSelector),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ];
  },
};

/** `statefulset.apps/web`: the lower-cased GroupKind and the name of a controller reference. */
function controllerName(ownerReferences: unknown): string {
  const ref = objects(ownerReferences).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref.kind);
  if (kind === '' && group === '') return str(ref.name);
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return `${groupKind.toLowerCase()}/${str(ref.name)}`;
}

/** ControllerRevisions: Name, Controller, Revision, Age. */
export const controllerRevisionPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      controllerName(o.metadata.ownerReferences),
      num(o.revision),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};
