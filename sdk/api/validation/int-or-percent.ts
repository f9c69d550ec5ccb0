import { fieldError, type FieldCause } from '../field-cause.js';
import type { LabelSelector } from './label-selector.js';

/**
 * Checks an IntOrString that holds a count or a percentage (`maxSurge`, `maxUnavailable`,
 * `minAvailable`): a percent string like `25%`, or a non-negative integer.
 */
export function validatePositiveIntOrPercent(value: unknown, field: string): FieldCause[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value))
      return [fieldError.invalid(field, value, "must be an integer or percentage (e.g '5%')")];
    return [];
  }
  if (typeof value === 'number' && value < 0)
    return [fieldError.invalid(field, value, 'must be greater than or equal to 0')];
  return [];
}

/** `must not be greater than 100%` for percentages above 100. */
export function validateNotMoreThan100Percent(value: unknown, field: string): FieldCause[] {
  if (typeof value !== 'string' || !/^[0-9]+%$/.test(value)) return [];
  return Number(value.slice(0, -1)) > 100 ? [fieldError.invalid(field, value, 'must not be greater than 100%')] : [];
}

/** The numeric part of an int-or-percent (0 when unset). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number.parseInt(value, 10) || 0;
  return 0;
}

/**
 * Formats a *metav1.LabelSelector as Go's `%#v` does in "field is immutable" messages, e.g.
 * `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
export function goLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return 'null';
  const labels = selector.matchLabels;
  const ml =
    labels === undefined
      ? 'map[string]string(nil)'
      : `map[string]string{${Object.keys(labels)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`)
          .join(', ')}}`;
  const exprs = selector.matchExpressions;
  const me =
    exprs === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${
                e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'
              }}`,
          )
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}
