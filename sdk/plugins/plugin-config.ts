/**
 * Token of a plugin's own configuration: the mapping under `plugins.config.<name>` in the
 * configuration file (an empty object when absent), frozen. The host binds it once per plugin,
 * named after the plugin, so a class reads its own with
 * `@inject(PluginConfig) @named('my-plugin') config: PluginConfig`.
 * `register(ctx)` and `start(ctx)` also receive it as `ctx.config`.
 */
export const PluginConfig = Symbol.for('capstan.dev/PluginConfig');

/** A plugin's configuration mapping, as written in YAML; each plugin validates its own keys. */
export type PluginConfig = Readonly<Record<string, unknown>>;
