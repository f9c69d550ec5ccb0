import { fieldError, type FieldCause } from '../field-cause.js';

/** apimachinery's text for a changed immutable field. */
export const fieldImmutableErrorMsg = 'field is immutable';

/** A plain JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values (key order ignored, undefined members ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** `must be greater than or equal to 0` when `value` is negative (ValidateNonnegativeField). */
export function validateNonnegative(value: unknown, field: string): FieldCause[] {
  return typeof value === 'number' && value < 0
    ? [fieldError.invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** `must be greater than 0` unless positive (ValidatePositiveField on optional fields). */
export function validatePositive(value: unknown, field: string): FieldCause[] {
  return typeof value === 'number' && value <= 0 ? [fieldError.invalid(field, value, 'must be greater than 0')] : [];
}

/** `field is immutable` when a value changed (ValidateImmutableField). */
export function validateImmutable(next: unknown, old: unknown, field: string): FieldCause[] {
  return jsonEqual(next, old) ? [] : [fieldError.invalid(field, next ?? '', fieldImmutableErrorMsg)];
}

/** Required when absent or empty, NotSupported when outside `supported`. */
export function validateEnum(
  value: unknown,
  supported: readonly string[],
  field: string,
  required = true,
): FieldCause[] {
  if (value === undefined || value === null || value === '') return required ? [fieldError.required(field, '')] : [];
  return supported.includes(value as string) ? [] : [fieldError.notSupported(field, value, supported)];
}

/** Wraps each problem text of a name or identifier check in an Invalid cause. */
export function invalidEach(field: string, value: unknown, problems: readonly string[]): FieldCause[] {
  return problems.map((p) => fieldError.invalid(field, value, p));
}

/** `path[i]` */
export function indexPath(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path.child` (or `child` when path is empty). */
export function childPath(path: string, child: string): string {
  return path ? `${path}.${child}` : child;
}
