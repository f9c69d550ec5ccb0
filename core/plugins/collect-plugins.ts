import type { CapstanConfig } from '../config/capstan-config.js';
import { discoverBuiltinPlugins } from './discover-builtin-plugins.js';
import { importPluginModule } from './import-plugin-module.js';
import type { DiscoveredPlugin } from './plugin-source.js';
import { resolvePluginEntry } from './resolve-plugin-entry.js';

/**
 * Imports the built-ins from `builtinDir` (none when null), then each entry of
 * `config.plugins.paths` in order. Imports only: nothing is registered or started.
 * Throws PluginLoadError naming the first entry that cannot be loaded.
 */
export async function collectPlugins(config: CapstanConfig, builtinDir: string | null): Promise<DiscoveredPlugin[]> {
  const found = builtinDir === null ? [] : await discoverBuiltinPlugins(builtinDir);
  for (const entry of config.plugins.paths) {
    const { file, source } = resolvePluginEntry(entry, config.baseDir);
    found.push(await importPluginModule(file, source, entry));
  }
  return found;
}
