import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { MaybePromise } from './maybe-promise.js';
import type { PluginConfig } from './plugin-config.js';

/**
 * Contribution point for anything that runs: controllers, agents, the scheduler. A plugin binds
 * one or more, e.g. `bind(Lifecycle).to(MyController).inSingletonScope()`. The host resolves a
 * plugin's Lifecycle contributions when it starts that plugin (after the API server serves and
 * after every plugin it requires has started), so constructors run late and in dependency order.
 */
export const Lifecycle = Symbol.for('capstan.dev/Lifecycle');

/** What the host hands to `start`. */
export interface PluginContext {
  /** The plugin's name, as declared in its manifest. */
  readonly pluginName: string;
  /** The plugin's own configuration (`plugins.config.<name>`), frozen; `{}` when absent. */
  readonly config: PluginConfig;
  /** A logger carrying `component: 'plugin'` and `plugin: <name>`. */
  readonly logger: Logger;
  /** Aborts when the host begins shutdown, before any `stop()` is called. Long-running work ends on it. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
}

/**
 * Start and stop hooks; both are optional. The host runs plugins one at a time in dependency
 * order and the contributions of one plugin in binding order.
 */
export interface Lifecycle {
  /**
   * Called once, when the plugin starts. The host awaits it before starting the next plugin, so it
   * must return once the component is running (spawn loops; do not await them). Throwing (or
   * rejecting) marks the plugin failed: its contributions that already started are stopped, plugins
   * requiring it are skipped, and the others keep running unless the plugin is required.
   */
  start?(ctx: PluginContext): MaybePromise<void>;
  /**
   * Called once on shutdown, in the reverse of start order, only for contributions whose `start`
   * succeeded (or that have none). `ctx.signal` is already aborted. Errors are logged, never
   * rethrown, and do not prevent other plugins from stopping. Should release everything `start`
   * acquired.
   */
  stop?(): MaybePromise<void>;
}
