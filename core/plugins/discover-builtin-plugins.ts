import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isCapstanPlugin } from '../../sdk/plugins/define-plugin.js';
import { importPluginModule, pluginExportOf } from './import-plugin-module.js';
import { errorText, PluginLoadError } from './plugin-errors.js';
import type { DiscoveredPlugin } from './plugin-source.js';

/**
 * The built-in plugins: every sub-folder of `dir` whose `index.js` default-exports a plugin
 * manifest, in folder-name order. Folders whose index exports no manifest (shared API-type
 * libraries) are not plugins and are passed over. A missing `dir` means no built-ins. Throws
 * PluginLoadError when an index fails to import or exports an invalid manifest.
 */
export async function discoverBuiltinPlugins(dir: string): Promise<DiscoveredPlugin[]> {
  if (!existsSync(dir)) return [];
  const found: DiscoveredPlugin[] = [];
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const folder of folders) {
    const index = join(dir, folder, 'index.js');
    if (!existsSync(index)) continue;
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(index).href)) as Record<string, unknown>;
    } catch (e) {
      throw new PluginLoadError(index, `cannot import built-in plugin folder ${folder} (${index}): ${errorText(e)}`, {
        cause: e,
      });
    }
    if (!isCapstanPlugin(pluginExportOf(mod))) continue;
    found.push(await importPluginModule(index, 'builtin', index));
  }
  return found;
}
