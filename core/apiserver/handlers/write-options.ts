import type { FieldCause } from '../../../sdk/api/field-cause.js';
import { StatusError, apiErrors } from '../status.js';

/** How unknown fields in a request body are treated (the `fieldValidation` query parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The query parameters every write shares. */
export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  force: boolean;
}

/** Reads and validates dryRun, fieldManager, fieldValidation and force. */
export function parseWriteOptions(
  query: URLSearchParams,
  userAgent: string | undefined,
  isApply: boolean,
): WriteOptions {
  const dry = query.getAll('dryRun');
  for (const d of dry) {
    if (d !== 'All') {
      throw new StatusError(400, 'BadRequest', `Invalid dryRun value: "${d}". Supported values are: All`);
    }
  }
  const fv = query.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw apiErrors.badRequest(
      `fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  const explicit = query.get('fieldManager');
  if (isApply && !explicit) {
    throw invalidOptions([
      { reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' },
    ]);
  }
  const manager = explicit ?? managerFromUserAgent(userAgent);
  if (manager.length > 128) {
    throw invalidOptions([
      { reason: 'FieldValueTooLong', field: 'fieldManager', message: 'Too long: may not be more than 128 bytes' },
    ]);
  }
  const forceText = query.get('force');
  if (forceText !== null && !isApply) {
    throw invalidOptions([
      { reason: 'FieldValueForbidden', field: 'force', message: 'Forbidden: may not be specified for non-apply patch' },
    ]);
  }
  return { dryRun: dry.length > 0, fieldManager: manager, fieldValidation: fv, force: forceText === 'true' };
}

/** The apiserver's default field manager: the User-Agent up to its first `/`. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const ua = (userAgent ?? 'unknown').split('/')[0]!.trim();
  return ua.slice(0, 128) || 'unknown';
}

function invalidOptions(causes: FieldCause[]): StatusError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new StatusError(422, 'Invalid', ` "" is invalid: ${text}`, { causes });
}
