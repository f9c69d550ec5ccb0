/** The API object shapes: KubeObject and ObjectMeta, resource types with their strategies, field causes. */
export * from './kube-object.js';
export * from './field-cause.js';
export * from './resource-type.js';
