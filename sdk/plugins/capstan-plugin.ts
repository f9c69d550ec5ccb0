import type { Bind, IsBound, OnActivation, OnDeactivation, RebindSync, UnbindSync } from '../di.js';
import type { Logger } from './logger.js';
import type { PluginConfig } from './plugin-config.js';
import type { MaybePromise } from './maybe-promise.js';

/**
 * What `register` receives: the container's binding functions (those of an inversify
 * ContainerModule) and the plugin's configuration. Bindings to `Lifecycle` and `ApiGroup` are
 * recorded as this plugin's contributions; leave their `when…` constraints to the host.
 */
export interface PluginRegistrationContext {
  readonly bind: Bind;
  readonly isBound: IsBound;
  readonly rebind: RebindSync;
  readonly unbind: UnbindSync;
  readonly onActivation: OnActivation;
  readonly onDeactivation: OnDeactivation;
  /** The plugin's own configuration (`plugins.config.<name>`), frozen; `{}` when absent. */
  readonly config: PluginConfig;
  readonly logger: Logger;
}

/**
 * A plugin's manifest: the module a plugin folder or package exports as `default` (or as
 * `plugin`). Importing the module must have no side effects: no I/O, no timers, no reads of
 * `process.env`. All work happens in `Lifecycle.start`.
 */
export interface CapstanPlugin {
  /**
   * Unique name: lower-case letters, digits, '-' and '.', starting and ending with a letter or
   * digit, at most 63 characters. Configuration refers to the plugin by it.
   */
  readonly name: string;
  /** Semantic version of the plugin, e.g. `1.2.0`. */
  readonly version: string;
  /** One line saying what the plugin adds (shown by `capstan plugins list`). */
  readonly description?: string;
  /**
   * Plugins that must be loaded, enabled and started before this one. A missing or disabled one
   * is a configuration error; one that fails to start makes the host skip this plugin.
   */
  readonly requires?: readonly string[];
  /** Plugins to start before this one when they are present; their absence or failure is tolerated. */
  readonly optional?: readonly string[];
  /**
   * When true, a failure to register or start this plugin stops the whole host (the control plane
   * does not come up). Configuration can also mark a plugin required (`plugins.required`).
   */
  readonly required?: boolean;
  /** False for a plugin that runs only when configuration lists it under `plugins.enable` (default true). */
  readonly enabledByDefault?: boolean;
  /**
   * Binds the plugin's contributions to sdk tokens, and its own services. Called once, in
   * dependency order, only when the plugin is enabled. Must only bind: no I/O, no timers. Throwing
   * fails the plugin as a failing start does.
   */
  register(ctx: PluginRegistrationContext): MaybePromise<void>;
}
