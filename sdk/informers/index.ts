export * from './shared-informer.js';
export * from './informer-factory.js';
export * from './read-your-writes-client.js';
export * from './object-cache.js';
export * from './label-selector-string.js';
export * from './resource-version.js';
export * from './cache-reader.js';
