import { pathToFileURL } from 'node:url';
import { isCapstanPlugin } from '../../sdk/plugins/define-plugin.js';
import { errorText, PluginLoadError } from './plugin-errors.js';
import type { DiscoveredPlugin, PluginSourceKind } from './plugin-source.js';
import { manifestProblems } from './validate-manifest.js';

/** What a module exports, when it is a plugin. */
export function pluginExportOf(mod: Record<string, unknown>): unknown {
  return mod.default ?? mod.plugin;
}

/**
 * Imports a plugin's entry module and checks its manifest (the `default` export, or `plugin`).
 * Throws PluginLoadError when the import fails, nothing plugin-like is exported, or the manifest
 * is invalid.
 */
export async function importPluginModule(
  file: string,
  source: PluginSourceKind,
  entry: string,
): Promise<DiscoveredPlugin> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new PluginLoadError(entry, `cannot import plugin ${describe(entry, file)}: ${errorText(e)}`, { cause: e });
  }
  const manifest = pluginExportOf(mod);
  if (!isCapstanPlugin(manifest))
    throw new PluginLoadError(
      entry,
      `${describe(entry, file)} does not export a plugin: expected \`export default definePlugin({ name, version, register })\``,
    );
  const problems = manifestProblems(manifest);
  if (problems.length > 0)
    throw new PluginLoadError(entry, `plugin ${describe(entry, file)} has an invalid manifest: ${problems.join('; ')}`);
  return { manifest, source, location: file, ...(source === 'builtin' ? {} : { entry }) };
}

function describe(entry: string, file: string): string {
  return entry === file ? file : `"${entry}" (${file})`;
}
