import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, invalidEach, isConfigMapKey, isRecord, jsonEqual } from '../../../sdk/api/validation/index.js';

/** The largest ConfigMap or Secret payload (1 MiB). */
export const maxConfigPayloadBytes = 1024 * 1024;

/** Data and binaryData keys: config keys, no key in both. */
export function validateConfigData(
  obj: KubeObject,
  dataField: 'data' | 'stringData',
  binaryField?: 'binaryData',
): FieldCause[] {
  const causes: FieldCause[] = [];
  const data = isRecord(obj[dataField]) ? (obj[dataField] as Record<string, unknown>) : {};
  const binary = binaryField && isRecord(obj[binaryField]) ? (obj[binaryField] as Record<string, unknown>) : {};
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    causes.push(...invalidEach(`${dataField}[${k}]`, k, isConfigMapKey(k)));
    size += String(v ?? '').length;
  }
  for (const [k, v] of Object.entries(binary)) {
    causes.push(...invalidEach(`${binaryField}[${k}]`, k, isConfigMapKey(k)));
    if (k in data)
      causes.push(fieldError.invalid(`${dataField}[${k}]`, k, `duplicate of key present in ${binaryField}`));
    size += Math.floor((String(v ?? '').length * 3) / 4);
  }
  if (size > maxConfigPayloadBytes) causes.push(fieldError.tooLong('', maxConfigPayloadBytes));
  return causes;
}

/** Once `immutable: true`, the flag and the payload fields may not change. */
export function validateImmutablePayload(obj: KubeObject, old: KubeObject, fields: readonly string[]): FieldCause[] {
  if (old.immutable !== true) return [];
  const causes: FieldCause[] = [];
  const msg = 'field is immutable when `immutable` is set';
  if (obj.immutable !== true) causes.push(fieldError.forbidden('immutable', msg));
  for (const f of fields) if (!jsonEqual(obj[f] ?? {}, old[f] ?? {})) causes.push(fieldError.forbidden(f, msg));
  return causes;
}

/** core/v1 configmaps. */
export const configMapResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  schemaName: 'io.k8s.api.core.v1.ConfigMap',
  strategy: buildStrategy({
    namespaced: true,
    validate: (obj) => validateConfigData(obj, 'data', 'binaryData'),
    validateUpdate: (obj, old) => validateImmutablePayload(obj, old, ['data', 'binaryData']),
  }),
};
