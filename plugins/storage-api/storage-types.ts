import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  invalidEach,
  isDns1123Subdomain,
  isQualifiedName,
  isRecord,
  jsonEqual,
  specOf,
  validateEnum,
} from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate; provisioner and parameters immutable. */
export const storageClassResourceType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  singular: 'storageclass',
  namespaced: false,
  shortNames: ['sc'],
  schemaName: 'io.k8s.api.storage.v1.StorageClass',
  strategy: buildStrategy({
    namespaced: false,
    defaults: (obj) => {
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
    },
    validate: (obj) => {
      const causes: FieldCause[] = [];
      if (!obj.provisioner) causes.push(fieldError.required('provisioner', ''));
      else
        causes.push(
          ...invalidEach('provisioner', obj.provisioner, isQualifiedName(String(obj.provisioner).toLowerCase())),
        );
      causes.push(...validateEnum(obj.reclaimPolicy, ['Delete', 'Retain'], 'reclaimPolicy'));
      causes.push(...validateEnum(obj.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer'], 'volumeBindingMode'));
      return causes;
    },
    validateUpdate: (obj, old) => {
      const causes: FieldCause[] = [];
      if (!jsonEqual(obj.parameters, old.parameters))
        causes.push(fieldError.forbidden('parameters', 'updates to parameters are forbidden.'));
      if (obj.provisioner !== old.provisioner)
        causes.push(fieldError.forbidden('provisioner', 'updates to provisioner are forbidden.'));
      if (obj.reclaimPolicy !== old.reclaimPolicy)
        causes.push(fieldError.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
      if (obj.volumeBindingMode !== old.volumeBindingMode)
        causes.push(fieldError.invalid('volumeBindingMode', obj.volumeBindingMode, 'field is immutable'));
      return causes;
    },
  }),
};

/** CSIDriver defaults (attachRequired true, podInfoOnMount false, ...); the spec is mostly immutable. */
export function defaultCsiDriver(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.requiresRepublish ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  if (!Array.isArray(spec.volumeLifecycleModes) || spec.volumeLifecycleModes.length === 0)
    spec.volumeLifecycleModes = ['Persistent'];
  spec.seLinuxMount ??= false;
}

export const csiDriverResourceType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSIDriver',
  plural: 'csidrivers',
  singular: 'csidriver',
  namespaced: false,
  schemaName: 'io.k8s.api.storage.v1.CSIDriver',
  strategy: buildStrategy({
    namespaced: false,
    defaults: defaultCsiDriver,
    validate: (obj) => {
      const spec: Json = isRecord(obj.spec) ? obj.spec : {};
      const causes = validateEnum(
        spec.fsGroupPolicy,
        ['File', 'None', 'ReadWriteOnceWithFSType'],
        'spec.fsGroupPolicy',
        false,
      );
      (Array.isArray(spec.volumeLifecycleModes) ? spec.volumeLifecycleModes : []).forEach((m: unknown, i: number) => {
        causes.push(...validateEnum(m, ['Ephemeral', 'Persistent'], `spec.volumeLifecycleModes[${i}]`));
      });
      return causes;
    },
    validateUpdate: (obj, old) => {
      const spec: Json = isRecord(obj.spec) ? obj.spec : {};
      const was: Json = isRecord(old.spec) ? old.spec : {};
      const causes: FieldCause[] = [];
      for (const f of [
        'attachRequired',
        'podInfoOnMount',
        'volumeLifecycleModes',
        'storageCapacity',
        'fsGroupPolicy',
      ]) {
        if (f === 'storageCapacity' || f === 'podInfoOnMount') continue;
        if (!jsonEqual(spec[f], was[f]))
          causes.push(fieldError.invalid(`spec.${f}`, spec[f] ?? '', 'field is immutable'));
      }
      return causes;
    },
  }),
};

/** CSINode: each driver names itself and its node ID, drivers unique. */
export const csiNodeResourceType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSINode',
  plural: 'csinodes',
  singular: 'csinode',
  namespaced: false,
  schemaName: 'io.k8s.api.storage.v1.CSINode',
  strategy: buildStrategy({
    namespaced: false,
    validate: (obj) => {
      const causes: FieldCause[] = [];
      const seen = new Set<string>();
      const drivers: Json[] =
        isRecord(obj.spec) && Array.isArray((obj.spec as Json).drivers) ? (obj.spec as Json).drivers : [];
      drivers.forEach((d, i) => {
        const p = `spec.drivers[${i}]`;
        if (!d.name) causes.push(fieldError.required(`${p}.name`, ''));
        else {
          causes.push(...invalidEach(`${p}.name`, d.name, isDns1123Subdomain(String(d.name).toLowerCase())));
          if (seen.has(d.name)) causes.push(fieldError.duplicate(`${p}.name`, d.name));
          seen.add(d.name);
        }
        if (!d.nodeID) causes.push(fieldError.required(`${p}.nodeID`, ''));
      });
      return causes;
    },
  }),
};

/** VolumeAttachment: attacher, nodeName and exactly one source; the spec is immutable. */
export const volumeAttachmentResourceType: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'VolumeAttachment',
  plural: 'volumeattachments',
  singular: 'volumeattachment',
  namespaced: false,
  statusSubresource: true,
  schemaName: 'io.k8s.api.storage.v1.VolumeAttachment',
  strategy: buildStrategy({
    namespaced: false,
    validate: (obj) => {
      const spec: Json = isRecord(obj.spec) ? obj.spec : {};
      const causes: FieldCause[] = [];
      if (!spec.attacher) causes.push(fieldError.required('spec.attacher', ''));
      if (!spec.nodeName) causes.push(fieldError.required('spec.nodeName', ''));
      const source: Json = isRecord(spec.source) ? spec.source : {};
      const set = ['persistentVolumeName', 'inlineVolumeSpec'].filter(
        (k) => source[k] !== undefined && source[k] !== null,
      );
      if (set.length !== 1)
        causes.push(
          fieldError.required('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'),
        );
      return causes;
    },
    validateUpdate: (obj, old) =>
      jsonEqual(obj.spec, old.spec) ? [] : [fieldError.invalid('spec', obj.spec, 'field is immutable')],
  }),
};
