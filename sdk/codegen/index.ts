/** Codegen of TypeScript types and resource descriptors from CustomResourceDefinitions. */
export {
  generateCrdTypes,
  generatedBanner,
  type CompileSchema,
  type CrdCodegenOptions,
  type GeneratedFile,
} from './crd-codegen.js';
export { toTsJsonSchema, type TsJsonSchema, type ConversionContext } from './json-schema-conversion.js';
export { isCrdDocument, type CrdDocument, type CrdSchema } from './crd-document.js';
export { readCrdDocuments, parseCrdDocuments } from './read-crds.js';
