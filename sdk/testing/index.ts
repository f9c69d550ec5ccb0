/**
 * The test harness: an in-process Capstan control plane with its controllers (garbage collection
 * included) and simulated nodes, for tests of operators and controllers.
 *
 * ```ts
 * import test from 'ava';
 * import { startTestCluster, eventually } from 'capstan/sdk/testing';
 *
 * const cluster = await startTestCluster({ crds: ['config/crd/widgets.yaml'] });
 * try {
 *   await cluster.client.create(widgetResource, { ... });
 * } finally {
 *   await cluster.stop();
 * }
 * ```
 */
export { startTestCluster, type TestCluster, type TestClusterOptions } from './test-cluster.js';
export { installCrds, resolveCrdSources, type CrdSource } from './crd-install.js';
export { eventually, type EventuallyOptions } from './eventually.js';
export { testPkiCacheDir } from './test-pki-cache.js';
