import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  isRecord,
  specOf,
  validateEnum,
  validateNonnegativeQuantity,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

export const supportedAccessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] as const;
const volumeSourceKeys = [
  'hostPath',
  'local',
  'nfs',
  'csi',
  'iscsi',
  'fc',
  'rbd',
  'cephfs',
  'glusterfs',
  'flexVolume',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'photonPersistentDisk',
  'flocker',
  'cinder',
];

function defaultPv(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  if (isRecord(spec.hostPath)) spec.hostPath.type ??= '';
  if (!isRecord(obj.status)) obj.status = {};
  (obj.status as Json).phase ??= 'Pending';
}

/** Access modes: at least one, each a known mode; ReadWriteOncePod only alone. */
export function validateAccessModes(modes: unknown, field: string, requiredDetail = ''): FieldCause[] {
  const list: unknown[] = Array.isArray(modes) ? modes : [];
  if (list.length === 0) return [fieldError.required(field, requiredDetail)];
  const causes: FieldCause[] = [];
  for (const m of list) {
    if (!(supportedAccessModes as readonly unknown[]).includes(m))
      causes.push(fieldError.notSupported(field, m, supportedAccessModes));
  }
  if (list.includes('ReadWriteOncePod') && list.length > 1) {
    causes.push(fieldError.forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  }
  return causes;
}

function validatePv(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  causes.push(...validateAccessModes(spec.accessModes, 'spec.accessModes'));
  const capacity: Json = isRecord(spec.capacity) ? spec.capacity : {};
  if (Object.keys(capacity).length === 0) causes.push(fieldError.required('spec.capacity', ''));
  else if (capacity.storage === undefined || Object.keys(capacity).length > 1) {
    causes.push(
      fieldError.notSupported('spec.capacity', Object.keys(capacity).find((k) => k !== 'storage') ?? '', ['storage']),
    );
  } else causes.push(...validateNonnegativeQuantity(capacity.storage, 'spec.capacity[storage]'));
  causes.push(
    ...validateEnum(
      spec.persistentVolumeReclaimPolicy,
      ['Delete', 'Recycle', 'Retain'],
      'spec.persistentVolumeReclaimPolicy',
    ),
  );
  causes.push(...validateEnum(spec.volumeMode, ['Block', 'Filesystem'], 'spec.volumeMode', false));
  const sources = volumeSourceKeys.filter((k) => spec[k] !== undefined && spec[k] !== null);
  if (sources.length === 0) causes.push(fieldError.required('spec', 'must specify a volume type'));
  else if (sources.length > 1)
    causes.push(fieldError.forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  return causes;
}

/** core/v1 persistentvolumes. */
export const persistentVolumeResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  namespaced: false,
  shortNames: ['pv'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.PersistentVolume',
  strategy: buildStrategy({
    namespaced: false,
    defaults: defaultPv,
    validate: validatePv,
  }),
};
