import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';

/**
 * Part of `npm run build`: writes `oclif.manifest.json` (every command's flags, args, summary and
 * examples) so that `capstan --help` and command lookup read one JSON file instead of importing
 * every command module and its dependencies. Generated, git-ignored, rebuilt on every build.
 */
const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const target = join(root, 'oclif.manifest.json');
rmSync(target, { force: true });
const config = await Config.load({ root, ignoreManifest: true } as Parameters<typeof Config.load>[0]);
const plugin = config.getPluginsList().find((p) => p.root === config.root) as
  { manifest: { commands: Record<string, unknown> } } | undefined;
if (!plugin) throw new Error(`no root plugin found at ${root}`);
writeFileSync(target, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
process.stdout.write(`wrote ${Object.keys(plugin.manifest.commands).length} commands to oclif.manifest.json\n`);
