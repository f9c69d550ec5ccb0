import type { FieldCause } from '../field-cause.js';

/**
 * Formats a value the way Go's `%#v` prints the internal types apimachinery puts in field errors
 * (`map[string]string{"app":"web"}`, `[]string{"10.0.0.1"}`), for the few messages that show a
 * map or a list rather than a scalar. Keys are sorted, as Go's fmt sorts maps.
 */
export function goValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === 'string')) {
      const body = entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        .join(', ');
      return `map[string]string{${body}}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** A string map as Go prints a nil or populated `map[string]string` with `%#v`. */
export function goStringMap(value: Record<string, string> | undefined): string {
  return value === undefined || value === null ? 'map[string]string(nil)' : goValue(value);
}

/** An Invalid cause whose value is shown already formatted (see {@link goValue}). */
export function invalidFormatted(field: string, formatted: string, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${formatted}: ${detail}` };
}
