import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CniNetworkConfigList } from '../../sdk/cni/index.js';

/**
 * The conflist the agent writes when the CNI config dir has none: bridge + host-local + portmap.
 * `ipMasq` (default false) makes the bridge plugin masquerade per pod; the agent leaves it off when
 * it manages the node's one masquerade rule itself (see `masqueradeRule`).
 */
export function defaultConflist(opts: {
  bridge: string;
  subnet: string;
  ipamDataDir: string;
  name?: string;
  ipMasq?: boolean;
}): CniNetworkConfigList {
  return {
    cniVersion: '1.0.0',
    name: opts.name ?? 'capstan',
    plugins: [
      {
        type: 'bridge',
        bridge: opts.bridge,
        isGateway: true,
        ipMasq: opts.ipMasq ?? false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: opts.subnet }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: opts.ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
}

/**
 * Writes `10-capstan.conflist` into `confDir` unless the dir already holds a network config.
 * Returns the file written, or undefined when one existed.
 */
export async function ensureConflist(confDir: string, list: CniNetworkConfigList): Promise<string | undefined> {
  await mkdir(confDir, { recursive: true });
  const existing = (await readdir(confDir)).filter((f) => /\.(conflist|conf|json)$/.test(f));
  if (existing.length) return undefined;
  const file = join(confDir, '10-capstan.conflist');
  await writeFile(file, `${JSON.stringify(list, null, 2)}\n`);
  return file;
}
