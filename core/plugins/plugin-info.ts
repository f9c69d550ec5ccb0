import type { PluginSourceKind } from './plugin-source.js';

/**
 * Where a plugin is in its life:
 * - `disabled`: configuration (or its manifest's `enabledByDefault: false`) leaves it off;
 * - `loaded`: registered, not started yet;
 * - `running`: started;
 * - `failed`: registering or starting threw (`error` says why);
 * - `skipped`: not started because a plugin it requires is not running;
 * - `stopped`: stopped on shutdown.
 */
export type PluginState = 'disabled' | 'loaded' | 'running' | 'failed' | 'skipped' | 'stopped';

/** What a plugin bound to one token. */
export interface ContributionInfo {
  /** The token's short name (`Lifecycle`, `ApiGroup`, or the symbol's description for other tokens). */
  readonly token: string;
  /** How many bindings the plugin made to it. */
  readonly count: number;
  /** For ApiGroup: the resources served, as `group/version/plural` (`v1/plural` for the core group). */
  readonly resources?: readonly string[];
}

/** One plugin as the host sees it (`capstan plugins list` prints these). */
export interface PluginInfo {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly source: PluginSourceKind;
  /** The module file loaded. */
  readonly location: string;
  /** The `plugins.paths` entry, for path and npm plugins. */
  readonly entry?: string;
  readonly state: PluginState;
  readonly required: boolean;
  readonly requires: readonly string[];
  readonly optional: readonly string[];
  readonly contributions: readonly ContributionInfo[];
  /** Why the plugin failed or was skipped. */
  readonly error?: string;
}
