import { setMaxListeners } from 'node:events';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import { Container, ContainerModule, type Bind, type ServiceIdentifier } from '../../sdk/di.js';
import { ApiGroup } from '../../sdk/plugins/api-group.js';
import type { PluginRegistrationContext } from '../../sdk/plugins/capstan-plugin.js';
import { Clock, systemClock } from '../../sdk/plugins/clock.js';
import { ConfigDocument } from '../../sdk/plugins/config-document.js';
import { Lifecycle, type PluginContext } from '../../sdk/plugins/lifecycle.js';
import { Logger } from '../../sdk/plugins/logger.js';
import { PluginConfig } from '../../sdk/plugins/plugin-config.js';
import { emptyConfig, type CapstanConfig } from '../config/capstan-config.js';
import { defaultBuiltinPluginDir } from './builtin-plugin-dir.js';
import { collectPlugins } from './collect-plugins.js';
import { noopLogger } from './noop-logger.js';
import { planPlugins, type PlannedPlugin } from './plan-plugins.js';
import { errorText, PluginStartError } from './plugin-errors.js';
import type { ContributionInfo, PluginInfo, PluginState } from './plugin-info.js';
import type { DiscoveredPlugin } from './plugin-source.js';
import { tokenName } from './token-name.js';
import { guardedRebind, guardedUnbind, trackingBind } from './tracking-bind.js';

/** How to build a plugin host. */
export interface PluginHostOptions {
  /** Which plugins are enabled, where more come from, and their settings (default: nothing set). */
  config?: CapstanConfig;
  /** Folder of the built-in plugins (default `dist/plugins`); null loads no built-ins. */
  builtinDir?: string | null;
  /** Plugins given in code (embedding, tests), added after the built-ins and configured plugins. */
  extraPlugins?: readonly DiscoveredPlugin[];
  /** The host's logger; each plugin gets a child with `plugin: <name>` (default: discards). */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Binds services of the core that plugins may inject (a KubeClient, ...), before any plugin registers. */
  services?: (bind: Bind) => void;
}

interface Entry {
  readonly plan: PlannedPlugin;
  readonly name: string;
  state: PluginState;
  error?: string;
  module?: ContainerModule;
  readonly bound: Map<string, number>;
  /** Lifecycle contributions whose start succeeded (or that have none), in start order. */
  started: Lifecycle[];
  logger: Logger;
}

/**
 * Loads the built-in plugins and those named in configuration, checks the set (PluginGraphError),
 * and registers the enabled ones in dependency order. Nothing is started: call `start()` once the
 * API server serves. Throws PluginLoadError or PluginGraphError for a bad set, and PluginStartError
 * when a required plugin fails to register.
 */
export async function createPluginHost(options: PluginHostOptions = {}): Promise<PluginHost> {
  const config = options.config ?? emptyConfig();
  const builtinDir = options.builtinDir === undefined ? defaultBuiltinPluginDir() : options.builtinDir;
  const discovered = [...(await collectPlugins(config, builtinDir)), ...(options.extraPlugins ?? [])];
  const host = new PluginHost(planPlugins(discovered, config.plugins), config, options);
  await host.register();
  return host;
}

/**
 * The plugin host: one inversify container holding every enabled plugin's bindings. Plugins start
 * one at a time in dependency order and stop in reverse.
 */
export class PluginHost {
  /** The container every plugin bound into; core components resolve plugin contributions from it. */
  readonly container = new Container({ defaultScope: 'Singleton' });
  private readonly entries: Entry[];
  private readonly byName = new Map<string, Entry>();
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private readonly clock: Clock;
  private phase: 'new' | 'registered' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';
  private stopping?: Promise<void>;

  /** Prefer `createPluginHost`; `plan` comes from `planPlugins`. */
  constructor(
    plan: readonly PlannedPlugin[],
    private readonly config: CapstanConfig,
    private readonly options: Omit<PluginHostOptions, 'config' | 'builtinDir' | 'extraPlugins'> = {},
  ) {
    // Every plugin's components listen on this one signal.
    setMaxListeners(0, this.abort.signal);
    const base = options.logger ?? noopLogger;
    this.logger = base.child({ component: 'plugins' });
    this.clock = options.clock ?? systemClock;
    this.entries = plan.map((p) => ({
      plan: p,
      name: p.plugin.manifest.name,
      state: p.enabled ? 'loaded' : 'disabled',
      bound: new Map(),
      started: [],
      logger: base.child({ component: 'plugin', plugin: p.plugin.manifest.name }),
    }));
    for (const e of this.entries) this.byName.set(e.name, e);
  }

  /**
   * Binds the host services and calls each enabled plugin's `register` in order. A plugin that
   * throws is unloaded and marked failed; plugins requiring it are skipped. Throws PluginStartError
   * if that plugin is required. Called once, by `createPluginHost`.
   */
  async register(): Promise<void> {
    if (this.phase !== 'new') throw new Error('plugins are already registered');
    this.phase = 'registered';
    const c = this.container;
    c.bind(Logger).toConstantValue(this.logger).whenDefault();
    c.bind(Clock).toConstantValue(this.clock);
    c.bind(ConfigDocument).toConstantValue(
      Object.freeze({
        plugins: this.config.plugins,
        scheduler: this.config.scheduler,
        simulatedNodes: this.config.simulatedNodes,
      }),
    );
    for (const e of this.entries) {
      if (!e.plan.enabled) continue;
      c.bind(Logger).toConstantValue(e.logger).whenNamed(e.name);
      c.bind(PluginConfig).toConstantValue(e.plan.config).whenNamed(e.name);
    }
    this.options.services?.((id) => c.bind(id));
    for (const e of this.entries) {
      if (e.state !== 'loaded') continue;
      const blocker = this.blockingDependency(e, ['loaded']);
      if (blocker !== undefined) {
        e.state = 'skipped';
        e.error = blocker;
        this.logger.warn({ plugin: e.name }, `plugin ${e.name} not registered: ${blocker}`);
        continue;
      }
      const record = (id: ServiceIdentifier) => {
        const n = tokenName(id);
        e.bound.set(n, (e.bound.get(n) ?? 0) + 1);
      };
      const module = new ContainerModule((o) => {
        const ctx: PluginRegistrationContext = {
          bind: trackingBind(o.bind, e.name, record),
          isBound: o.isBound,
          rebind: guardedRebind(o.rebind, e.name),
          unbind: guardedUnbind(o.unbind, e.name),
          onActivation: o.onActivation,
          onDeactivation: o.onDeactivation,
          config: e.plan.config,
          logger: e.logger,
        };
        return e.plan.plugin.manifest.register(ctx);
      });
      try {
        await c.loadAsync(module);
        e.module = module;
      } catch (err) {
        await c.unloadAsync(module).catch(() => undefined);
        e.bound.clear();
        this.fail(e, 'register', err);
        if (e.plan.required) throw new PluginStartError(e.name, 'register', err);
      }
    }
  }

  /**
   * The ApiGroup contributions of the registered plugins, in plugin order. Throws an Error naming
   * the plugin when a contribution cannot be resolved.
   */
  apiGroups(): Array<{ plugin: string; types: readonly ResourceType[] }> {
    const out: Array<{ plugin: string; types: readonly ResourceType[] }> = [];
    for (const e of this.entries) {
      if (e.state !== 'loaded' && e.state !== 'running') continue;
      try {
        const groups = this.container.getAll<ApiGroup>(ApiGroup, { name: e.name, optional: true });
        for (const types of groups) out.push({ plugin: e.name, types });
      } catch (err) {
        throw new Error(`plugin "${e.name}": cannot resolve its ApiGroup contribution: ${errorText(err)}`, {
          cause: err,
        });
      }
    }
    return out;
  }

  /**
   * Starts the registered plugins in dependency order: resolves each one's Lifecycle contributions
   * and awaits their `start`. A plugin that throws is marked failed (its started contributions are
   * stopped) and plugins requiring it are skipped; if it is required, everything started is stopped
   * and PluginStartError is thrown. Call once.
   */
  async start(): Promise<void> {
    if (this.phase !== 'registered') throw new Error(`cannot start plugins: they are ${this.phase}`);
    this.phase = 'starting';
    for (const e of this.entries) {
      if (this.abort.signal.aborted) break;
      if (e.state !== 'loaded') continue;
      const blocker = this.blockingDependency(e, ['running']);
      if (blocker !== undefined) {
        e.state = 'skipped';
        e.error = blocker;
        this.logger.warn({ plugin: e.name }, `plugin ${e.name} not started: ${blocker}`);
        continue;
      }
      try {
        await this.startEntry(e);
        e.state = 'running';
        e.logger.info(`plugin ${e.name} started`);
      } catch (err) {
        await this.stopEntry(e);
        this.fail(e, 'start', err);
        if (e.plan.required) {
          await this.stop();
          throw new PluginStartError(e.name, 'start', err);
        }
      }
    }
    if (this.phase === 'starting') this.phase = 'started';
  }

  /**
   * Aborts the plugins' signal, then stops the running plugins in reverse start order (each one's
   * contributions in reverse), logging errors, and releases the container's singletons.
   * Idempotent; safe to call before or during `start`.
   */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  /** Every plugin, enabled ones in start order, then the disabled ones. */
  list(): PluginInfo[] {
    return this.entries.map((e) => {
      const m = e.plan.plugin.manifest;
      return {
        name: m.name,
        version: m.version,
        ...(m.description === undefined ? {} : { description: m.description }),
        source: e.plan.plugin.source,
        location: e.plan.plugin.location,
        ...(e.plan.plugin.entry === undefined ? {} : { entry: e.plan.plugin.entry }),
        state: e.state,
        required: e.plan.required,
        requires: [...(m.requires ?? [])],
        optional: [...(m.optional ?? [])],
        contributions: this.contributionsOf(e),
        ...(e.error === undefined ? {} : { error: e.error }),
      };
    });
  }

  /** One plugin's state, or undefined for a name not loaded. */
  stateOf(name: string): PluginState | undefined {
    return this.byName.get(name)?.state;
  }

  private async doStop(): Promise<void> {
    const before = this.phase;
    this.phase = 'stopping';
    this.abort.abort(new Error('plugin host is stopping'));
    for (const e of [...this.entries].reverse()) {
      if (e.state !== 'running') continue;
      await this.stopEntry(e);
      e.state = 'stopped';
    }
    if (before !== 'new') {
      try {
        await this.container.unbindAllAsync();
      } catch (err) {
        this.logger.warn({ err }, 'releasing plugin services failed');
      }
    }
    this.phase = 'stopped';
  }

  private async startEntry(e: Entry): Promise<void> {
    const lifecycles = await this.container.getAllAsync<Lifecycle>(Lifecycle, { name: e.name, optional: true });
    const ctx: PluginContext = {
      pluginName: e.name,
      config: e.plan.config,
      logger: e.logger,
      signal: this.abort.signal,
      clock: this.clock,
    };
    for (const lc of lifecycles) {
      await lc.start?.(ctx);
      e.started.push(lc);
    }
  }

  private async stopEntry(e: Entry): Promise<void> {
    for (const lc of e.started.reverse()) {
      try {
        await lc.stop?.();
      } catch (err) {
        e.logger.error({ err }, `plugin ${e.name} failed to stop: ${errorText(err)}`);
      }
    }
    e.started = [];
  }

  private fail(e: Entry, phase: 'register' | 'start', err: unknown): void {
    e.state = 'failed';
    e.error = `failed to ${phase}: ${errorText(err)}`;
    e.logger.error({ err }, `plugin ${e.name} failed to ${phase}: ${errorText(err)}`);
  }

  /** Why `e` cannot proceed: a required plugin not in one of the `ok` states. */
  private blockingDependency(e: Entry, ok: PluginState[]): string | undefined {
    for (const dep of e.plan.plugin.manifest.requires ?? []) {
      const d = this.byName.get(dep);
      if (d !== undefined && !ok.includes(d.state)) return `required plugin "${dep}" is ${d.state}`;
    }
    return undefined;
  }

  private contributionsOf(e: Entry): ContributionInfo[] {
    let resources: string[] | undefined;
    if (e.bound.has('ApiGroup') && (e.state === 'loaded' || e.state === 'running')) {
      try {
        resources = this.container
          .getAll<ApiGroup>(ApiGroup, { name: e.name, optional: true })
          .flat()
          .map((t) => `${t.group === '' ? '' : `${t.group}/`}${t.version}/${t.plural}`);
      } catch {
        resources = undefined;
      }
    }
    return [...e.bound.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([token, count]) => ({
        token,
        count,
        ...(token === 'ApiGroup' && resources !== undefined ? { resources } : {}),
      }));
  }
}
