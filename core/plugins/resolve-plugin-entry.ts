import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginLoadError } from './plugin-errors.js';
import type { PluginSourceKind } from './plugin-source.js';

/** Whether a `plugins.paths` entry is a filesystem path (starts with `.` or `/`) rather than an npm package name. */
export function isPathEntry(entry: string): boolean {
  return entry.startsWith('.') || isAbsolute(entry);
}

/**
 * The module file a `plugins.paths` entry names, and whether it is a path or an npm package.
 * A folder's entry is `capstan.plugin` of its package.json, else its `exports` or `main`, else
 * `index.js`. A package is looked up in the `node_modules` folders above `baseDir`, then above
 * Capstan's own installation. Throws PluginLoadError when nothing is found.
 */
export function resolvePluginEntry(entry: string, baseDir: string): { file: string; source: PluginSourceKind } {
  if (isPathEntry(entry)) {
    const abs = resolve(baseDir, entry);
    if (!existsSync(abs)) throw new PluginLoadError(entry, `plugin path "${entry}" (${abs}) does not exist`);
    return { file: statSync(abs).isDirectory() ? entryFileOfFolder(abs, entry) : abs, source: 'path' };
  }
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(entry))
    throw new PluginLoadError(
      entry,
      `"${entry}" is neither a path (start it with ./ or /) nor a valid npm package name`,
    );
  const ownDir = dirname(fileURLToPath(import.meta.url));
  for (const start of [resolve(baseDir), ownDir]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', entry);
      if (existsSync(join(candidate, 'package.json')))
        return { file: entryFileOfFolder(candidate, entry), source: 'npm' };
      if (dirname(dir) === dir) break;
    }
  }
  throw new PluginLoadError(
    entry,
    `npm package "${entry}" is not installed (looked in node_modules above ${resolve(baseDir)}); install it with npm install ${entry}`,
  );
}

function entryFileOfFolder(dir: string, entry: string): string {
  const pkgFile = join(dir, 'package.json');
  let rel = 'index.js';
  if (existsSync(pkgFile)) {
    let pkg: Record<string, any>;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, any>;
    } catch (e) {
      throw new PluginLoadError(entry, `cannot read ${pkgFile}: ${(e as Error).message}`);
    }
    rel = pickEntry(pkg) ?? rel;
  }
  const file = resolve(dir, rel);
  if (!existsSync(file))
    throw new PluginLoadError(entry, `plugin "${entry}" has no entry module: ${file} does not exist`);
  return file;
}

function pickEntry(pkg: Record<string, any>): string | undefined {
  if (typeof pkg.capstan?.plugin === 'string') return pkg.capstan.plugin;
  const root =
    typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports ? pkg.exports['.'] : pkg.exports;
  if (typeof root === 'string') return root;
  if (typeof root === 'object' && root !== null) {
    for (const cond of ['import', 'node', 'default']) if (typeof root[cond] === 'string') return root[cond];
  }
  if (typeof pkg.main === 'string') return pkg.main;
  return undefined;
}
