/** CustomResourceDefinition serving: the controller, structural schemas, validation, defaulting. */
export { createCrdServing, type CrdServing } from './crd-serving.js';
export {
  CrdController,
  customResourceCleanupFinalizer,
  celNotEnforcedCondition,
  type CrdControllerOptions,
} from './crd-controller.js';
export { CustomResourceSchemas, customResourcePatchTypes } from './custom-resource-schemas.js';
export {
  customResourceVersions,
  customResourceStrategy,
  customResourceDefinitionName,
  type CustomResourceVersion,
} from './custom-resource-version.js';
export { validateValue, validateListSetsAndMaps, jsonTypeName, stableJson } from './schema-validator.js';
export { applySchemaDefaults } from './schema-defaulter.js';
export { checkFormat } from './schema-formats.js';
export { structuralRootNode, isCustomResourceRoot } from './structural-schema-node.js';
export { validateCelRules, celRulesOf } from './cel-validation.js';
export { loadCelEngine, celEngineFromModule, celPackage, type CelEngine } from './cel-engine.js';
export type * from './crd-shapes.js';
