export * from './store.js';
export { openStore } from './open-store.js';
export { MemoryStore } from './memory-driver.js';
export { SqliteStore } from './sqlite-driver.js';
export { EtcdStore } from './etcd-driver.js';
export { FutureRevisionError } from './revision-check.js';
