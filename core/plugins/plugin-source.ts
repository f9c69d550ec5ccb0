import type { CapstanPlugin } from '../../sdk/plugins/capstan-plugin.js';

/** Where a plugin came from: the built-in folder, a path named in configuration, or an npm package. */
export type PluginSourceKind = 'builtin' | 'path' | 'npm';

/** A plugin manifest and where it was loaded from. */
export interface DiscoveredPlugin {
  readonly manifest: CapstanPlugin;
  readonly source: PluginSourceKind;
  /** The module file imported (or, for plugins given in code, a label). */
  readonly location: string;
  /** For `path` and `npm` plugins: the entry as written in `plugins.paths`. */
  readonly entry?: string;
}
