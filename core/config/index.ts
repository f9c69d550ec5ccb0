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
export { defaultConfigPath, configPathToRead } from './config-file-location.js';
export { editConfigFile, type ConfigEdit, type PluginList } from './edit-config-file.js';
