import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CniNetworkConfigList, CniPluginConf } from '../../sdk/cni/index.js';

const configExtensions = ['.conflist', '.conf', '.json'];

/** A configuration list together with the file it came from and its exact bytes. */
export interface LoadedNetwork {
  readonly file: string;
  readonly list: CniNetworkConfigList;
  readonly bytes: Buffer;
}

/**
 * Parses a configuration file: a list (`plugins`), or a single plugin config (older `.conf`
 * form), which becomes a list of one. Throws with the reason when it is not a valid config.
 */
export function parseNetworkConfig(bytes: Buffer | string, file = '<inline>'): CniNetworkConfigList {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString());
  } catch (err) {
    throw new Error(`${file}: invalid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: not a JSON object`);
  const obj = raw as Record<string, unknown>;
  if (typeof obj['name'] !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(obj['name'])) {
    throw new Error(`${file}: missing or invalid network name`);
  }
  if (typeof obj['cniVersion'] !== 'string' && !Array.isArray(obj['cniVersions'])) {
    throw new Error(`${file}: missing cniVersion`);
  }
  if (obj['plugins'] === undefined) {
    if (typeof obj['type'] !== 'string') throw new Error(`${file}: no plugins and no type`);
    const { name, cniVersion, ...plugin } = obj;
    return { name: name as string, cniVersion: cniVersion as string, plugins: [plugin as CniPluginConf] };
  }
  const plugins = obj['plugins'];
  if (!Array.isArray(plugins) || plugins.length === 0) throw new Error(`${file}: "plugins" must be a non-empty array`);
  for (const [i, p] of plugins.entries()) {
    if (typeof p !== 'object' || p === null || typeof (p as { type?: unknown }).type !== 'string') {
      throw new Error(`${file}: plugins[${i}] has no type`);
    }
  }
  return obj as unknown as CniNetworkConfigList;
}

/**
 * Loads the network a runtime uses from a config dir as libcni does: the files ending in
 * `.conflist`, `.conf` or `.json`, in lexical order, and the first one that parses wins.
 * Throws when the directory holds no valid network configuration.
 */
export async function loadNetworkFromDir(confDir: string): Promise<LoadedNetwork> {
  let names: string[];
  try {
    names = await readdir(confDir);
  } catch (err) {
    throw new Error(`no network config found in ${confDir}: ${(err as Error).message}`);
  }
  const candidates = names.filter((n) => configExtensions.some((e) => n.endsWith(e))).sort();
  const problems: string[] = [];
  for (const name of candidates) {
    const file = join(confDir, name);
    try {
      const bytes = await readFile(file);
      return { file, list: parseNetworkConfig(bytes, file), bytes };
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  throw new Error(`no valid network config found in ${confDir}${problems.length ? `: ${problems.join('; ')}` : ''}`);
}
