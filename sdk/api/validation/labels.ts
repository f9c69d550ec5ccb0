import { fieldError, type FieldCause } from '../field-cause.js';
import { invalidEach } from './common.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

/** The total size of all annotation keys and values an object may carry (256 KiB). */
export const totalAnnotationSizeLimitBytes = 256 * 1024;

/** One label key (also selector keys, taint keys): each problem on `field`. */
export function validateLabelName(key: string, field: string): FieldCause[] {
  return invalidEach(field, key, isQualifiedName(key));
}

/** metadata.labels: keys are qualified names, values label values; errors name the map's path. */
export function validateLabels(labels: Record<string, unknown> | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    causes.push(...validateLabelName(k, field));
    causes.push(...invalidEach(field, v, isValidLabelValue(String(v ?? ''))));
  }
  return causes;
}

/** metadata.annotations: case-insensitive qualified-name keys, 256 KiB in total. */
export function validateAnnotations(annotations: Record<string, unknown> | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    causes.push(...invalidEach(field, k, isQualifiedName(k.toLowerCase())));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v ?? ''));
  }
  if (size > totalAnnotationSizeLimitBytes) causes.push(fieldError.tooLong(field, totalAnnotationSizeLimitBytes));
  return causes;
}
