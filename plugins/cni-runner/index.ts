export { CniRunner, negotiateVersion, pluginRequest, podIps, supportedCniVersions } from './cni-runner.js';
export type { CniRunnerOptions } from './cni-runner.js';
export { loadNetworkFromDir, parseNetworkConfig } from './conflist-loader.js';
export type { LoadedNetwork } from './conflist-loader.js';
export { execPlugin, findPlugin } from './plugin-exec.js';
export { ResultCache } from './result-cache.js';
export type { CachedAttachment } from './result-cache.js';
export { cniRunnerPlugin, defaultCniBinDirs } from './cni-runner-plugin.js';
export { cniRunnerPlugin as default } from './cni-runner-plugin.js';
