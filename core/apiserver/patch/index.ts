export { applyMergePatch, checkMergePatchBody } from './json-merge-patch.js';
export { applyJsonPatch, decodeJsonPatch, MAX_JSON_PATCH_OPERATIONS, type JsonPatchOperation } from './json-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { unprocessablePatch, UNPROCESSABLE_PATCH_MESSAGE } from './patch-errors.js';
export type { FieldValidation, PatchBodyOptions } from './patch-options.js';
export type { JsonObject } from './json-value.js';
