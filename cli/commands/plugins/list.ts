import { Command, Flags } from '@oclif/core';
import { emptyConfig, loadConfigFile } from '../../../core/config/index.js';
import { createPluginHost, type ContributionInfo, type PluginInfo } from '../../../core/plugins/index.js';
import { bindControlPlaneServices, inertLeadership } from '../../../core/control-plane/plugin-services.js';

/** `capstan plugins list`: the plugins a control plane with this configuration would load. */
export default class PluginsList extends Command {
  static override summary = 'List the plugins: name, version, where each comes from, its state and contributions.';
  static override description =
    'Loads the built-in plugins and those named in --config, checks names and dependencies, and registers the enabled ones without starting them. STATE is "loaded" for a plugin that would start, "disabled", "failed" (registration threw) or "skipped" (a plugin it requires is not loaded).';
  static override examples = [
    '<%= config.bin %> plugins list',
    '<%= config.bin %> plugins list --config capstan.yaml --json',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    config: Flags.string({
      description: 'configuration file (YAML): plugins to enable, disable, load and configure',
      env: 'CAPSTAN_CONFIG',
    }),
    'builtin-dir': Flags.string({ description: 'folder of the built-in plugins', hidden: true }),
  };

  async run(): Promise<{ plugins: PluginInfo[] }> {
    const { flags } = await this.parse(PluginsList);
    let plugins: PluginInfo[];
    try {
      const config = flags.config === undefined ? emptyConfig() : loadConfigFile(flags.config);
      const host = await createPluginHost({
        config,
        builtinDir: flags['builtin-dir'],
        services: (bind) =>
          bindControlPlaneServices(
            bind,
            () => {
              throw new Error('plugins are not started by plugins list');
            },
            inertLeadership,
          ),
      });
      plugins = host.list();
      await host.stop();
    } catch (e) {
      // Printed whole (oclif's error box wraps long lines), then exit 1.
      this.logToStderr(`Error: ${(e as Error).message}`);
      this.exit(1);
    }
    if (!this.jsonEnabled()) this.log(formatTable(plugins));
    return { plugins };
  }
}

/** The plugins as kubectl-style columns. */
export function formatTable(plugins: readonly PluginInfo[]): string {
  if (plugins.length === 0) return 'No plugins found.';
  const rows = [
    ['NAME', 'VERSION', 'SOURCE', 'STATE', 'CONTRIBUTIONS'],
    ...plugins.map((p) => [
      p.name,
      p.version,
      p.source === 'builtin' ? 'builtin' : `${p.source}:${p.entry ?? p.location}`,
      p.state,
      p.state === 'disabled' || p.state === 'failed' || p.state === 'skipped'
        ? '-'
        : p.contributions.map(contributionText).join(', ') || '<none>',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')).join('\n');
}

function contributionText(c: ContributionInfo): string {
  const count = c.count > 1 ? ` x${c.count}` : '';
  if (c.resources !== undefined) return `${c.token}(${c.resources.join(' ')})`;
  return `${c.token}${count}`;
}
