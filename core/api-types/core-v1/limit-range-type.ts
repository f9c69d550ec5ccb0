import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  compareQuantities,
  isRecord,
  validateEnum,
  validateNonnegativeQuantity,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** Container limits default their request to the default limit when only a limit is given (SetDefaults_LimitRangeItem). */
function defaultLimitRange(obj: KubeObject): void {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  for (const item of Array.isArray(spec.limits) ? spec.limits : []) {
    if (!isRecord(item) || item.type !== 'Container') continue;
    if (isRecord(item.max)) item.default = { ...item.max, ...(isRecord(item.default) ? item.default : {}) };
    if (isRecord(item.default))
      item.defaultRequest = { ...item.default, ...(isRecord(item.defaultRequest) ? item.defaultRequest : {}) };
    if (isRecord(item.min))
      item.defaultRequest = { ...item.min, ...(isRecord(item.defaultRequest) ? item.defaultRequest : {}) };
  }
}

function validateLimitRange(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  (Array.isArray(spec.limits) ? spec.limits : []).forEach((item: Json, i: number) => {
    const idx = `spec.limits[${i}]`;
    causes.push(...validateEnum(item.type, ['Container', 'PersistentVolumeClaim', 'Pod'], `${idx}.type`));
    for (const part of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      for (const [k, v] of Object.entries(isRecord(item[part]) ? item[part] : {}))
        causes.push(...validateNonnegativeQuantity(v, `${idx}.${part}[${k}]`));
    }
    const min: Json = isRecord(item.min) ? item.min : {};
    const max: Json = isRecord(item.max) ? item.max : {};
    for (const [k, v] of Object.entries(min)) {
      if (max[k] !== undefined && (compareQuantities(v, max[k]) ?? 0) > 0) {
        causes.push(
          fieldError.invalid(
            `${idx}.min[${k}]`,
            String(v),
            `min value ${String(v)} is greater than max value ${String(max[k])}`,
          ),
        );
      }
    }
  });
  return causes;
}

/** core/v1 limitranges. */
export const limitRangeResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  singular: 'limitrange',
  namespaced: true,
  shortNames: ['limits'],
  schemaName: 'io.k8s.api.core.v1.LimitRange',
  strategy: buildStrategy({ namespaced: true, defaults: defaultLimitRange, validate: validateLimitRange }),
};
