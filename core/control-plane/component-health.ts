import type { ApiServer } from '../apiserver/api-server.js';
import type { PluginHost } from '../plugins/index.js';

/**
 * Adds the control plane's components to /readyz: `plugin-<name>` for every enabled plugin (failed
 * or skipped plugins fail it, with the reason) and `scheduler` (fails when no scheduler runs
 * because no plugin contributes scheduler plugins; absent when the scheduler is turned off).
 * `capstan status` reads them.
 */
export function addComponentHealthChecks(
  api: ApiServer,
  plugins: PluginHost,
  scheduler: 'running' | 'missing' | 'off',
): void {
  for (const p of plugins.list()) {
    if (p.state === 'disabled') continue;
    api.health.add(`plugin-${p.name}`, () => {
      const now = plugins.list().find((q) => q.name === p.name);
      if (!now || now.state === 'running' || now.state === 'loaded') return undefined;
      return `${now.state}${now.error ? `: ${now.error}` : ''}`;
    });
  }
  if (scheduler === 'off') return;
  api.health.add('scheduler', () =>
    scheduler === 'running'
      ? undefined
      : 'not running: no plugin contributes scheduler plugins (is scheduler-defaults disabled?)',
  );
}
