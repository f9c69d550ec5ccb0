/**
 * Token of the whole configuration document, frozen: `plugins`, `scheduler`, `simulatedNodes`
 * and any other top-level section. A plugin that owns a top-level section (the scheduler, the
 * simulated nodes) reads and validates it from here; most plugins read only their PluginConfig.
 */
export const ConfigDocument = Symbol.for('capstan.dev/ConfigDocument');

/** The configuration file's top-level sections, as parsed from YAML (absent sections are undefined). */
export type ConfigDocument = Readonly<Record<string, unknown>>;
