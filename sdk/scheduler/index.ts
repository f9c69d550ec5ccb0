/** The scheduler framework contract: plugin interfaces, Status, CycleState, NodeInfo, configuration. */
export * from './api-shapes.js';
export * from './status.js';
export * from './cycle-state.js';
export * from './resource.js';
export * from './node-info.js';
export * from './cluster-event.js';
export * from './clock.js';
export * from './plugin.js';
export * from './framework-handle.js';
export * from './scheduler-config.js';
export * from './plugin-registry.js';
export * from './node-selection.js';
