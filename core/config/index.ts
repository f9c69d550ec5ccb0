export {
  configApiVersion,
  configKind,
  emptyConfig,
  pluginsKeys,
  topLevelKeys,
  type CapstanConfig,
  type PluginsConfig,
} from './capstan-config.js';
export { ConfigError } from './config-error.js';
export { loadConfigFile } from './load-config-file.js';
export { parseConfig, type ParseConfigOptions } from './parse-config.js';
