import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base-command.js';
import { editConfigFile } from '../../../core/config/index.js';
import { knownPlugins, pluginConfigFlags, pluginConfigTarget } from '../../lib/plugin-config-target.js';

/** `capstan plugins enable NAME`: turn a plugin on in the configuration file. */
export default class PluginsEnable extends BaseCommand {
  static override summary = 'Enable a plugin in the configuration file (takes effect on the next start).';
  static override description =
    'Removes NAME from plugins.disable and, for a plugin that is off by default, adds it to plugins.enable. The file is <data-dir>/config.yaml unless --config names another; capstan up reads it on its next start.';
  static override examples = [
    '<%= config.bin %> plugins enable simulated-nodes',
    '<%= config.bin %> plugins enable prefer-label --config capstan.yaml',
  ];
  static override args = {
    name: Args.string({ description: 'plugin name (see capstan plugins list)', required: true }),
  };
  static override flags = pluginConfigFlags;
  static override enableJsonFlag = true;

  async run(): Promise<{ plugin: string; file: string; changed: boolean }> {
    const { args, flags } = await this.parse(PluginsEnable);
    const { path, config } = pluginConfigTarget(flags);
    const plugin = (await knownPlugins(config)).find((p) => p.manifest.name === args.name);
    if (!plugin) throw new Error(`no plugin named "${args.name}" is known; capstan plugins list shows them`);
    const offByDefault = plugin.manifest.enabledByDefault === false;
    const changed = editConfigFile(path, (e) => {
      e.remove('disable', args.name);
      if (offByDefault) e.add('enable', args.name);
    });
    if (!this.jsonEnabled())
      this.out(
        changed
          ? `plugin ${args.name} enabled in ${path}; restart capstan to apply`
          : `plugin ${args.name} is already enabled in ${path}`,
      );
    return { plugin: args.name, file: path, changed };
  }
}
