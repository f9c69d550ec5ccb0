/** The WebApp example operator: its types, reconciler, controller wiring and plugin. */
export * from './generated/apps.capstan.dev/v1alpha1/index.js';
export * from './webapp-children.js';
export * from './webapp-crd.js';
export * from './webapp-directory.js';
export * from './webapp-reconciler.js';
export * from './webapp-status.js';
export * from './webapp-operator.js';
export { default as webAppOperatorPlugin } from './plugin.js';
