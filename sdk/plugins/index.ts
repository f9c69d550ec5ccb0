/**
 * The plugin contract. A plugin is a module whose default export is a manifest:
 *
 * ```ts
 * import { inject, injectable, named } from 'capstan/sdk/di';   // never from 'inversify'
 * import { Lifecycle, Logger, PluginConfig, definePlugin, type PluginContext } from 'capstan/sdk/plugins';
 *
 * @injectable()
 * class Greeter implements Lifecycle {
 *   constructor(@inject(PluginConfig) @named('greeter') private readonly config: PluginConfig) {}
 *   start(ctx: PluginContext) { ctx.logger.info({ whom: this.config.whom }, 'hello'); }
 * }
 *
 * export default definePlugin({
 *   name: 'greeter',
 *   version: '1.0.0',
 *   requires: [],
 *   register({ bind }) { bind(Lifecycle).to(Greeter); },  // bind only: no I/O at import or register time
 * });
 * ```
 *
 * Built-ins live in `plugins/<folder>/index.ts`; others are named in the configuration file under
 * `plugins.paths` (a folder, or an npm package whose package.json may point at the module with
 * `"capstan": { "plugin": "./dist/plugin.js" }`). Contribution points: `Lifecycle` (start/stop),
 * `ApiGroup` (resource types to serve); services: `Logger`, `Clock`, `PluginConfig`, `ConfigDocument`, `KubeClientService` (the control plane's client)
 * and `Leadership` (leader-elected work).
 */
export { ApiGroup } from './api-group.js';
export type { CapstanPlugin, PluginRegistrationContext } from './capstan-plugin.js';
export { Clock, systemClock, sleepOn, type Timer } from './clock.js';
export { ConfigDocument } from './config-document.js';
export { definePlugin, isCapstanPlugin } from './define-plugin.js';
export { FakeClock } from './fake-clock.js';
export { KubeClientService } from './kube-client-service.js';
export { Leadership } from './leadership.js';
export { leadComponent, type LedComponent, type StoppableComponent } from './lead-component.js';
export { bindLedLifecycle, type LedLifecycle } from './bind-led-lifecycle.js';
export { Lifecycle, type PluginContext } from './lifecycle.js';
export { Logger, type LogFn } from './logger.js';
export type { MaybePromise } from './maybe-promise.js';
export { PluginConfig } from './plugin-config.js';
