import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base-command.js';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { editConfigFile } from '../../../core/config/index.js';
import { importPluginModule, isPathEntry, resolvePluginEntry } from '../../../core/plugins/index.js';
import { knownPlugins, pluginConfigFlags, pluginConfigTarget } from '../../lib/plugin-config-target.js';
import { linkCommandPlugin, packageRootOf } from '../../lib/oclif-user-plugins.js';
import { defaultDataDir } from '../../../core/control-plane/data-dir.js';

/** The package name of an npm install spec (`name`, `name@1.2`, `@scope/name@^2`). */
export function packageNameOf(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? spec : spec.slice(0, at);
}

/** `capstan plugins install PATH|PACKAGE`: add a plugin to the configuration file. */
export default class PluginsInstall extends BaseCommand {
  static override summary = 'Install a plugin from a folder or an npm package into the configuration.';
  static override description =
    'A folder (or file) is checked (it must export a plugin manifest) and added to plugins.paths by its absolute path. An npm package is installed with npm next to the configuration file, checked, and added by name. Takes effect on the next start of capstan up; a plugin that is off by default also needs capstan plugins enable. A package that is also an oclif plugin (oclif.commands in its package.json) adds its commands to capstan.';
  static override examples = [
    '<%= config.bin %> plugins install ./dist/examples/webapp-operator/src/plugin.js',
    '<%= config.bin %> plugins install capstan-plugin-foo@1.2.0',
  ];
  static override args = {
    source: Args.string({ description: 'a plugin folder or file, or an npm package spec', required: true }),
  };
  static override flags = pluginConfigFlags;
  static override enableJsonFlag = true;

  async run(): Promise<{
    plugin: string;
    version: string;
    entry: string;
    file: string;
    changed: boolean;
    commands: boolean;
  }> {
    const { args, flags } = await this.parse(PluginsInstall);
    const { path, config } = pluginConfigTarget(flags);
    const local = isPathEntry(args.source) || existsSync(args.source);
    let entry: string;
    if (local) {
      entry = resolve(args.source);
    } else {
      entry = packageNameOf(args.source);
      const dir = dirname(path);
      mkdirSync(dir, { recursive: true });
      if (!this.jsonEnabled()) this.logToStderr(`installing ${args.source} with npm into ${dir} ...`);
      await npmInstall(dir, args.source).catch((e: Error) => {
        throw new Error(`npm could not install ${args.source}: ${e.message}`);
      });
    }
    const { file, source } = resolvePluginEntry(entry, dirname(path));
    const found = await importPluginModule(file, source, entry);
    const { name, version } = found.manifest;
    const offByDefault = found.manifest.enabledByDefault === false;
    const clash = (await knownPlugins(config)).find((p) => p.manifest.name === name && p.entry !== entry);
    if (clash)
      throw new Error(
        `a plugin named "${name}" is already loaded from ${clash.entry ?? clash.location}; disable or remove it first`,
      );
    const changed = editConfigFile(path, (e) => e.add('paths', entry));
    // A package that is also an oclif plugin adds its commands (never capstan's own package).
    const root = packageRootOf(file);
    const commands =
      root === undefined || resolve(root) === resolve(this.config.root)
        ? undefined
        : linkCommandPlugin(flags['data-dir'] ?? defaultDataDir(), root);
    if (!this.jsonEnabled()) {
      this.out(
        changed
          ? `installed plugin ${name} ${version} (${entry}) into ${path}; restart capstan to apply`
          : `plugin ${name} ${version} is already installed in ${path}`,
      );
      if (offByDefault) this.out(`${name} is off by default: run capstan plugins enable ${name}`);
      if (commands) this.out(`its commands are now capstan subcommands (see capstan --help)`);
    }
    return { plugin: name, version, entry, file: path, changed, commands: commands !== undefined };
  }
}

function npmInstall(dir: string, spec: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'npm',
      ['install', '--prefix', dir, '--no-audit', '--no-fund', spec],
      { timeout: 300_000 },
      (err, _stdout, stderr) => {
        if (err) reject(new Error(stderr.trim().split('\n').slice(-3).join(' ') || err.message));
        else resolvePromise();
      },
    );
  });
}
