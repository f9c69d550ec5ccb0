/**
 * Server-side apply and managedFields tracking (structured-merge-diff semantics) as pure functions
 * over JSON objects and a SchemaNode.
 */
export {
  apply,
  updateManagedFields,
  conflictStatusMessage,
  conflictCauses,
  conflictStatusError,
  describeManager,
  type ApplyRequest,
  type ApplyResult,
  type ApplyConflict,
  type UpdateRequest,
  type UpdateResult,
} from './server-side-apply.js';
export { computeFieldSet, type FieldSetOptions } from './field-set.js';
export { compareObjects, type Comparison } from './compare-objects.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  formatTime,
  isResetManagedFields,
  capUpdateManagers,
  MAX_UPDATE_MANAGERS,
  ANCIENT_CHANGES_MANAGER,
  type ManagerRecord,
  type ManagedState,
} from './managed-fields.js';
export {
  encodeFieldsV1,
  decodeFieldsV1,
  union,
  difference,
  recursiveDifference,
  intersection,
  isEmpty,
  fieldSetEquals,
  emptyFieldSet,
  insertPath,
  hasPath,
  listPaths,
  pathToString,
  fieldElement,
  keyElement,
  valueElement,
  indexElement,
  FieldsV1Error,
  type FieldSet,
  type FieldsV1,
  type FieldPath,
  type PathElementKey,
} from './fields-v1.js';
export { listSemantics, ListItemError, type ListSemantics } from './schema-walk.js';
