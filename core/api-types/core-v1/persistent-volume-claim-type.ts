import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  compareQuantities,
  isRecord,
  jsonEqual,
  specOf,
  validateEnum,
  validateLabelSelector,
  validateNonnegativeQuantity,
} from '../../../sdk/api/validation/index.js';
import { validateAccessModes } from './persistent-volume-type.js';

type Json = Record<string, any>;

function defaultPvc(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.volumeMode ??= 'Filesystem';
  if (!isRecord(obj.status)) obj.status = {};
  (obj.status as Json).phase ??= 'Pending';
}

function validatePvc(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required');
  causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const requests: Json = isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests : {};
  if (requests.storage === undefined) causes.push(fieldError.required('spec.resources[storage]', ''));
  else {
    causes.push(...validateNonnegativeQuantity(requests.storage, 'spec.resources[storage]'));
    if (compareQuantities(requests.storage, 0) === 0)
      causes.push(fieldError.invalid('spec.resources[storage]', String(requests.storage), 'must be greater than zero'));
  }
  causes.push(...validateEnum(spec.volumeMode, ['Block', 'Filesystem'], 'spec.volumeMode', false));
  return causes;
}

/** The spec is immutable except storage requests (expansion) and binding a volume name once. */
function validatePvcUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const spec: Json = structuredClone(isRecord(obj.spec) ? obj.spec : {});
  const was: Json = isRecord(old.spec) ? old.spec : {};
  const causes: FieldCause[] = [];
  const newStorage = spec.resources?.requests?.storage;
  const oldStorage = was.resources?.requests?.storage;
  if (newStorage !== undefined && oldStorage !== undefined && (compareQuantities(newStorage, oldStorage) ?? 0) < 0) {
    causes.push(fieldError.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  if (isRecord(spec.resources) && isRecord(spec.resources.requests) && isRecord(was.resources?.requests)) {
    spec.resources.requests.storage = was.resources.requests.storage;
  }
  if (!was.volumeName && spec.volumeName) spec.volumeName = was.volumeName;
  if (spec.volumeName === undefined) delete spec.volumeName;
  spec.volumeAttributesClassName = was.volumeAttributesClassName;
  if (spec.volumeAttributesClassName === undefined) delete spec.volumeAttributesClassName;
  if (!jsonEqual(spec, was)) {
    causes.push(
      fieldError.forbidden(
        'spec',
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  }
  return causes;
}

/** core/v1 persistentvolumeclaims. */
export const persistentVolumeClaimResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  shortNames: ['pvc'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.PersistentVolumeClaim',
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultPvc,
    validate: validatePvc,
    validateUpdate: validatePvcUpdate,
  }),
};
