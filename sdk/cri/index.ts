export * from './pod-sandbox.js';
export * from './container.js';
export * from './streams.js';
export * from './stats.js';
export * from './image.js';
export * from './runtime-event.js';
export * from './container-runtime.js';
export * from './linux-resources.js';
