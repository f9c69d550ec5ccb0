import { Flags } from '@oclif/core';
import { defaultConfigPath, emptyConfig, loadConfigFile, type CapstanConfig } from '../../core/config/index.js';
import { defaultDataDir } from '../../core/control-plane/data-dir.js';
import { collectPlugins, defaultBuiltinPluginDir, type DiscoveredPlugin } from '../../core/plugins/index.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Flags of the commands that edit the plugin configuration. */
export const pluginConfigFlags = {
  config: Flags.string({
    description: 'configuration file to edit (default <data-dir>/config.yaml, created when missing)',
    env: 'CAPSTAN_CONFIG',
  }),
  'data-dir': Flags.string({
    description: 'data directory whose config.yaml capstan up reads (default ~/.capstan)',
    env: 'CAPSTAN_DATA_DIR',
  }),
};

/** The file to edit and its current content (empty when it does not exist yet). */
export function pluginConfigTarget(flags: { config?: string; 'data-dir'?: string }): {
  path: string;
  config: CapstanConfig;
} {
  const path = resolve(flags.config ?? defaultConfigPath(flags['data-dir'] ?? defaultDataDir()));
  return { path, config: existsSync(path) ? loadConfigFile(path) : emptyConfig() };
}

/** Every plugin the configuration can see (built-ins and its paths), with manifests. */
export async function knownPlugins(config: CapstanConfig): Promise<DiscoveredPlugin[]> {
  return collectPlugins(config, defaultBuiltinPluginDir());
}
