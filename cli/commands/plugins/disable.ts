import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base-command.js';
import { editConfigFile } from '../../../core/config/index.js';
import { knownPlugins, pluginConfigFlags, pluginConfigTarget } from '../../lib/plugin-config-target.js';

/** `capstan plugins disable NAME`: turn a plugin off in the configuration file. */
export default class PluginsDisable extends BaseCommand {
  static override summary = 'Disable a plugin in the configuration file (takes effect on the next start).';
  static override description =
    'Adds NAME to plugins.disable and removes it from plugins.enable. The file is <data-dir>/config.yaml unless --config names another. Plugins that require NAME are then skipped, as capstan plugins list shows.';
  static override examples = ['<%= config.bin %> plugins disable simulated-nodes'];
  static override args = {
    name: Args.string({ description: 'plugin name (see capstan plugins list)', required: true }),
  };
  static override flags = pluginConfigFlags;
  static override enableJsonFlag = true;

  async run(): Promise<{ plugin: string; file: string; changed: boolean }> {
    const { args, flags } = await this.parse(PluginsDisable);
    const { path, config } = pluginConfigTarget(flags);
    if (!(await knownPlugins(config)).some((p) => p.manifest.name === args.name))
      throw new Error(`no plugin named "${args.name}" is known; capstan plugins list shows them`);
    const changed = editConfigFile(path, (e) => {
      e.remove('enable', args.name);
      e.add('disable', args.name);
    });
    if (!this.jsonEnabled())
      this.out(
        changed
          ? `plugin ${args.name} disabled in ${path}; restart capstan to apply`
          : `plugin ${args.name} is already disabled in ${path}`,
      );
    return { plugin: args.name, file: path, changed };
  }
}
