import { fieldError, type FieldCause } from '../field-cause.js';
import { invalidEach, isRecord } from './common.js';
import { validateLabelName, validateLabels } from './labels.js';
import { isValidLabelValue } from './names.js';

/** A metav1.LabelSelector requirement. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** A metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Validates a label selector as metav1 validation does (values strictly checked). */
export function validateLabelSelector(selector: LabelSelector | undefined, field: string): FieldCause[] {
  if (!isRecord(selector)) return [];
  const causes = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const p = `${field}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          causes.push(fieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          causes.push(
            fieldError.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
          );
        break;
      default:
        causes.push(fieldError.invalid(`${p}.operator`, req.operator, 'not a valid selector operator'));
    }
    causes.push(...validateLabelName(req.key ?? '', `${p}.key`));
    values.forEach((v, j) => causes.push(...invalidEach(`${p}.values[${j}]`, v, isValidLabelValue(v))));
  });
  return causes;
}

/** True when the selector selects nothing in particular (no labels, no expressions). */
export function labelSelectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  );
}

/** Whether a label set satisfies a selector (an absent selector matches nothing, an empty one everything). */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(l[req.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
