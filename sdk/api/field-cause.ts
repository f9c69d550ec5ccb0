/**
 * A reason one field of a request is wrong, as it appears in a Kubernetes Status's
 * `details.causes` (the reasons are apimachinery's field.ErrorType values).
 */
export interface FieldCause {
  reason:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate'
    | 'FieldValueForbidden'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueTypeInvalid'
    | 'FieldValueNotFound'
    | 'InternalError';
  /** kube-style text, e.g. `Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must ...`. */
  message: string;
  /** The field path, e.g. `metadata.name` or `spec.containers[0].image`. */
  field: string;
}

/** Builders that produce the exact texts apimachinery's field errors print. */
export const fieldError = {
  required(field: string, detail = ''): FieldCause {
    return { reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' };
  },
  invalid(field: string, value: unknown, detail: string): FieldCause {
    return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${formatValue(value)}: ${detail}` };
  },
  notSupported(field: string, value: unknown, supported: readonly string[]): FieldCause {
    const list = supported.map((s) => JSON.stringify(s)).join(', ');
    return {
      reason: 'FieldValueNotSupported',
      field,
      message: `Unsupported value: ${formatValue(value)}: supported values: ${list}`,
    };
  },
  duplicate(field: string, value: unknown): FieldCause {
    return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${formatValue(value)}` };
  },
  forbidden(field: string, detail: string): FieldCause {
    return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
  },
  tooLong(field: string, max: number): FieldCause {
    return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` };
  },
};

/** Formats a value as apimachinery does in field errors (strings quoted, numbers bare). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return 'null';
  return JSON.stringify(value);
}
