export { builtinDefinitions, refName, definitionRefPrefix, type Definitions, type RawSchema } from './definitions.js';
export {
  SchemaGraph,
  builtinSchemaGraph,
  schemaFor,
  definitionNameOf,
  isQuantity,
  quantityDefinition,
} from './schema-graph.js';
export {
  findUnknownFields,
  pruneUnknownFields,
  findTypeErrors,
  goTypeName,
  decodeErrorMessage,
  strictDecodingDetail,
  strictDecodingError,
  typeMismatchError,
  fieldValidationWarnings,
} from './field-validation.js';
export {
  OpenApiDocuments,
  groupVersionPath,
  reachableDefinitions,
  type OpenApiDocumentsOptions,
  type OpenApiV3Document,
} from './openapi-documents.js';
export { createOpenApiProvider, type InvalidatableOpenApiProvider } from './openapi-provider.js';
export { findDuplicateFields } from './duplicate-fields.js';
