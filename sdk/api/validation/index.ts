/** Validation and defaulting helpers shared by the core and plugins' API groups. */
export * from './common.js';
export * from './go-format.js';
export * from './names.js';
export * from './labels.js';
export * from './label-selector.js';
export * from './object-meta.js';
export * from './quantity.js';
export * from './pod-spec-defaults.js';
export * from './pod-spec-validation.js';
export * from './pod-qos.js';
export * from './strategy-builder.js';
export * from './int-or-percent.js';
