import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of the package.json nearest above `file`, or undefined. */
export function packageRootOf(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * When the package at `root` is also an oclif plugin (its package.json has `oclif.commands`),
 * registers it as a linked user plugin in `<dataDir>/package.json`, where oclif looks for user
 * plugins (capstan sets oclif's data dir to its own), so that its commands become `capstan`
 * subcommands. Returns the package name when it registered (or had registered) it.
 */
export function linkCommandPlugin(dataDir: string, root: string): string | undefined {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name?: string;
    oclif?: { commands?: unknown };
  };
  if (!pkg.name || pkg.oclif?.commands === undefined) return undefined;
  const userPjson = join(dataDir, 'package.json');
  const current = existsSync(userPjson)
    ? (JSON.parse(readFileSync(userPjson, 'utf8')) as Record<string, any>)
    : { private: true };
  const plugins: Array<{ type: string; name: string; root?: string }> = current.oclif?.plugins ?? [];
  const others = plugins.filter((p) => p.name !== pkg.name);
  current.oclif = { ...(current.oclif ?? {}), schema: 1, plugins: [...others, { type: 'link', name: pkg.name, root }] };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(userPjson, `${JSON.stringify(current, null, 2)}\n`);
  return pkg.name;
}
