/** The public SDK: API object types, the typed client, informers and the controller runtime. */
export * from './api/kube-object.js';
export * from './api/field-cause.js';
export * from './api/resource-type.js';
export * from './client/index.js';
export * from './builtin-resources.js';
export * from './informers/index.js';
export * from './runtime/index.js';
