import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import {
  fieldImmutableErrorMsg,
  goLabelSelector,
  invalidFormatted,
  isRecord,
  jsonEqual,
  labelSelectorIsEmpty,
  validateLabelSelector,
  type LabelSelector,
} from '../../sdk/api/validation/index.js';

/** spec.selector required, valid, and not empty (the apps kinds). */
export function validateRequiredSelector(selector: unknown, field: string): FieldCause[] {
  if (!isRecord(selector)) return [fieldError.required(field, '')];
  const causes = validateLabelSelector(selector as LabelSelector, field);
  if (labelSelectorIsEmpty(selector as LabelSelector)) {
    causes.push(
      invalidFormatted(field, goLabelSelector(selector as LabelSelector), 'empty selector is invalid for deployment'),
    );
  }
  return causes;
}

/** spec.selector may not change after creation. */
export function validateSelectorImmutable(obj: KubeObject, old: KubeObject): FieldCause[] {
  const next = (obj.spec as Record<string, any> | undefined)?.selector;
  const prev = (old.spec as Record<string, any> | undefined)?.selector;
  return jsonEqual(next, prev)
    ? []
    : [invalidFormatted('spec.selector', goLabelSelector(next), fieldImmutableErrorMsg)];
}
