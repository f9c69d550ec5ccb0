import { apiErrors } from '../status.js';
import { fieldError } from '../../../sdk/api/field-cause.js';
import { cloneJson, goJsonKind, isJsonObject, own, setOwn, type JsonObject } from './json-value.js';
import { strictDecoding, type PatchBodyOptions } from './patch-options.js';

/**
 * Applies an RFC 7386 JSON merge patch (`application/merge-patch+json`) and returns the result.
 *
 * An object patch merges key by key: `null` deletes the key, an object merges recursively into an
 * object, anything else (arrays included) replaces. A non-object patch replaces the whole target.
 * Like the API server (evanphx/json-patch), `null` members of objects the patch inserts (also
 * objects inside inserted arrays) are dropped rather than stored.
 *
 * Pure: neither argument is mutated and the result shares no structure with them (the target is
 * deep-copied once). Never throws; check the request body first with {@link checkMergePatchBody}.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (isJsonObject(patch)) {
    if (!isJsonObject(target)) return pruneNulls(patch);
    const doc = cloneJson(target);
    mergeInto(doc, patch);
    return doc;
  }
  if (Array.isArray(patch)) return pruneNulls(patch);
  return patch;
}

/**
 * Rejects a merge-patch request body the API server would not apply to an object, with the
 * apiserver's status and text. Returns normally when `body` is a JSON object.
 *
 * @throws StatusError 400 BadRequest for `null` and, with strict decoding (`fieldValidation` Warn,
 *   the default, or Strict), for any non-object body; with `Ignore`, 400 for scalars and 422 Invalid
 *   for an array (the patched result would not decode as an object).
 */
export function checkMergePatchBody(body: unknown, options?: PatchBodyOptions): asserts body is JsonObject {
  if (isJsonObject(body)) return;
  if (body === null || body === undefined) throw apiErrors.badRequest('Invalid JSON Patch');
  const why = `json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`;
  if (strictDecoding(options)) throw apiErrors.badRequest(`error decoding patch: ${why}`);
  if (!Array.isArray(body)) throw apiErrors.badRequest('Invalid JSON Patch');
  throw apiErrors.invalid('', '', '', [fieldError.invalid('patch', JSON.stringify(body), why)]);
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = own(doc, key);
    if (current === undefined || current === null || !isJsonObject(current)) {
      setOwn(doc, key, pruneNulls(value));
    } else if (isJsonObject(value)) {
      mergeInto(current, value);
    } else {
      // evanphx: an object replaced by a non-object takes the patch value as is.
      setOwn(doc, key, cloneJson(value));
    }
  }
}

// A fresh copy of a patch value without null object members (null array elements stay).
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? null : pruneNulls(v)));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== null && v !== undefined) setOwn(out, key, pruneNulls(v));
  }
  return out;
}
