import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { bool, obj, objects, str, stringMap, strings } from './field-access.js';
import { translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';
import { formatQuantity } from './quantity-format.js';

const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/** `RWO,ROX,RWX,RWOP` in that fixed order, duplicates dropped (GetAccessModesAsString). */
export function accessModesText(modes: unknown): string {
  const set = new Set(strings(modes));
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The storage class: the beta annotation when present, else spec.storageClassName. */
function storageClassOf(annotations: unknown, spec: Record<string, unknown>): string {
  const a = stringMap(annotations);
  if (BETA_STORAGE_CLASS_ANNOTATION in a) return a[BETA_STORAGE_CLASS_ANNOTATION]!;
  return str(spec.storageClassName);
}

function isDeleting(o: { metadata: { deletionTimestamp?: string } }): boolean {
  return typeof o.metadata.deletionTimestamp === 'string' && o.metadata.deletionTimestamp !== '';
}

/** PersistentVolumes: Name, Capacity, Access Modes, Reclaim Policy, Status, Claim, StorageClass, VolumeAttributesClass, Reason, Age, [VolumeMode]. */
export const persistentVolumePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Capacity',
      'string',
      "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity",
    ),
    column(
      'Access Modes',
      'string',
      'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes',
    ),
    column(
      'Reclaim Policy',
      'string',
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming',
    ),
    column(
      'Status',
      'string',
      'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase',
    ),
    column(
      'Claim',
      'string',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding',
    ),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column(
      'Reason',
      'string',
      'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
    ),
    ageColumn(),
    column(
      'VolumeMode',
      'string',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.',
      1,
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const claimRef = spec.claimRef === undefined || spec.claimRef === null ? undefined : obj(spec.claimRef);
    return [
      o.metadata.name ?? '',
      formatQuantity(obj(spec.capacity).storage),
      accessModesText(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      isDeleting(o) ? 'Terminating' : str(status.phase),
      claimRef ? `${str(claimRef.namespace)}/${str(claimRef.name)}` : '',
      storageClassOf(o.metadata.annotations, spec),
      typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>',
      str(status.reason),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      typeof spec.volumeMode === 'string' ? spec.volumeMode : '<unset>',
    ];
  },
};

/** PersistentVolumeClaims: Name, Status, Volume, Capacity, Access Modes, StorageClass, VolumeAttributesClass, Age, [VolumeMode]. */
export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column(
      'Access Modes',
      'string',
      'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1',
    ),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column(
      'VolumeMode',
      'string',
      'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
      1,
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const volumeName = str(spec.volumeName);
    const bound = volumeName !== '';
    return [
      o.metadata.name ?? '',
      isDeleting(o) ? 'Terminating' : str(status.phase),
      volumeName,
      bound ? formatQuantity(obj(status.capacity).storage) : '',
      bound ? accessModesText(status.accessModes) : '',
      storageClassOf(o.metadata.annotations, spec),
      typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>',
      translateTimestampSince(o.metadata.creationTimestamp, now),
      typeof spec.volumeMode === 'string' ? spec.volumeMode : '<unset>',
    ];
  },
};

/** StorageClasses: Name (`standard (default)`), Provisioner, ReclaimPolicy, VolumeBindingMode, AllowVolumeExpansion, Age. */
export const storageClassPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    column(
      'ReclaimPolicy',
      'string',
      'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.',
    ),
    column(
      'VolumeBindingMode',
      'string',
      'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.',
    ),
    column(
      'AllowVolumeExpansion',
      'string',
      'allowVolumeExpansion shows whether the storage class allow volume expand.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    const annotations = stringMap(o.metadata.annotations);
    const isDefault =
      annotations[DEFAULT_CLASS_ANNOTATION] === 'true' || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
    return [
      isDefault ? `${o.metadata.name ?? ''} (default)` : (o.metadata.name ?? ''),
      str(o.provisioner),
      typeof o.reclaimPolicy === 'string' ? o.reclaimPolicy : 'Delete',
      typeof o.volumeBindingMode === 'string' ? o.volumeBindingMode : 'Immediate',
      bool(o.allowVolumeExpansion),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** CSIDrivers: Name, AttachRequired, PodInfoOnMount, StorageCapacity, TokenRequests, RequiresRepublish, Modes, Age. */
export const csiDriverPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'AttachRequired',
      'boolean',
      'attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting. The CSI external-attacher coordinates with CSI volume driver and updates the volumeattachment status when the attach operation is complete. If the value is specified to false, the attach operation will be skipped. Otherwise the attach operation will be called.\n\nThis field is immutable.',
    ),
    column(
      'PodInfoOnMount',
      'boolean',
      'podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true. If set to false, pod information will not be passed on mount. Default is false.',
    ),
    column(
      'StorageCapacity',
      'boolean',
      'storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true.',
    ),
    column(
      'TokenRequests',
      'string',
      "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication. Kubelet will pass the tokens in VolumeContext in the CSI NodePublishVolume calls.",
    ),
    column(
      'RequiresRepublish',
      'boolean',
      'requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume. This field defaults to false.',
    ),
    column(
      'Modes',
      'string',
      'volumeLifecycleModes defines what kind of volumes this CSI volume driver supports. The default if the list is empty is "Persistent", which is the usage defined by the CSI specification and implemented in Kubernetes via the usual PV/PVC mechanism.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const modes = strings(spec.volumeLifecycleModes).join(',');
    const tokenRequests = Array.isArray(spec.tokenRequests)
      ? objects(spec.tokenRequests)
          .map((t) => str(t.audience))
          .join(',')
      : '<unset>';
    return [
      o.metadata.name ?? '',
      bool(spec.attachRequired, true),
      bool(spec.podInfoOnMount),
      bool(spec.storageCapacity),
      tokenRequests,
      bool(spec.requiresRepublish),
      modes === '' ? '<none>' : modes,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** CSINodes: Name, Drivers (count), Age. */
export const csiNodePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      objects(obj(o.spec).drivers).length,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** VolumeAttachments: Name, Attacher, PV, Node, Attached, Age. */
export const volumeAttachmentPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Attacher',
      'string',
      'attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().',
      0,
      'name',
    ),
    column('PV', 'string', 'persistentVolumeName represents the name of the persistent volume to attach.'),
    column('Node', 'string', 'nodeName represents the node that the volume should be attached to.'),
    column(
      'Attached',
      'boolean',
      'attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    return [
      o.metadata.name ?? '',
      str(spec.attacher),
      str(obj(spec.source).persistentVolumeName),
      str(spec.nodeName),
      bool(obj(o.status).attached),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** CSIStorageCapacities: Name, StorageClassName, Capacity. */
export const csiStorageCapacityPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'StorageClassName',
      'string',
      'storageClassName represents the name of the StorageClass that the reported capacity applies to. It must meet the same requirements as the name of a StorageClass object (non-empty, DNS subdomain). If that object no longer exists, the CSIStorageCapacity object is obsolete and should be removed by its creator. This field is immutable.',
    ),
    column(
      'Capacity',
      'string',
      'capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields.\n\nThe semantic is currently (CSI spec 1.2) defined as: The available capacity, in bytes, of the storage that can be used to provision volumes. If not set, that information is currently unavailable.',
    ),
  ],
  cells(o) {
    return [
      o.metadata.name ?? '',
      str(o.storageClassName),
      o.capacity === undefined || o.capacity === null ? '<unset>' : formatQuantity(o.capacity),
    ];
  },
};
