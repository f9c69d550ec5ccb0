import type { CapstanPlugin } from './capstan-plugin.js';

/**
 * Declares a plugin; returns its manifest frozen, typed as `CapstanPlugin`. The usual plugin entry
 * module is `export default definePlugin({ name, version, register({ bind }) { ... } })`.
 */
export function definePlugin(plugin: CapstanPlugin): CapstanPlugin {
  return Object.freeze({ ...plugin });
}

/** Whether a module export looks like a plugin manifest (a name, a version and a register function). */
export function isCapstanPlugin(value: unknown): value is CapstanPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.version === 'string' && typeof v.register === 'function';
}
