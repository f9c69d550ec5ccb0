import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { configPathToRead, emptyConfig, loadConfigFile } from '../../core/config/index.js';
import { defaultDataDir } from '../../core/control-plane/data-dir.js';
import type { CapstanConfig } from '../../core/config/capstan-config.js';

/** The flags `capstan up` and `capstan server` share. */
export const controlPlaneFlags = {
  'data-dir': Flags.string({
    description: 'directory for the store, certificates and kubeconfig (default ~/.capstan)',
    env: 'CAPSTAN_DATA_DIR',
  }),
  host: Flags.string({ description: 'address to listen on', default: '127.0.0.1' }),
  port: Flags.integer({ description: 'HTTPS port of the API server', default: 6443, min: 0, max: 65535 }),
  config: Flags.string({
    description:
      'configuration file (YAML): plugins to enable, disable, load and configure (default <data-dir>/config.yaml when it exists)',
    env: 'CAPSTAN_CONFIG',
  }),
  'simulated-nodes': Flags.integer({
    description: 'add N simulated (kwok-like) nodes; overrides simulatedNodes in --config',
    min: 0,
    max: 100_000,
  }),
};

/**
 * The configuration the flags describe: the --config file (else the data dir's config.yaml when it
 * exists, as `capstan plugins enable|disable|install` write it), with --simulated-nodes applied.
 */
export function configFromFlags(flags: {
  config?: string;
  'data-dir'?: string;
  'simulated-nodes'?: number;
}): CapstanConfig | undefined {
  const path = configPathToRead(flags.config, flags['data-dir'] ?? defaultDataDir());
  const base = path === undefined ? undefined : loadConfigFile(path);
  const count = flags['simulated-nodes'];
  if (count === undefined) return base;
  const config = base ?? emptyConfig();
  const current = config.simulatedNodes;
  const simulatedNodes =
    current !== null && typeof current === 'object' && !Array.isArray(current) ? { ...current, count } : count;
  return { ...config, simulatedNodes };
}

/**
 * `capstan up`'s configuration: the node agent enabled (unless the configuration disables it or
 * the Docker runtime), with its state under `<dataDir>/agent` and a capstan-owned CNI config dir
 * `<dataDir>/cni/net.d` (where it writes its bridge conflist) unless the configuration sets them.
 */
export function withNodeAgent(config: CapstanConfig | undefined, dataDir: string): CapstanConfig {
  const c = config ?? emptyConfig();
  const off = c.plugins.disable;
  if (off.includes('node-agent') || off.includes('docker-runtime')) return c;
  const enable = c.plugins.enable.includes('node-agent') ? c.plugins.enable : [...c.plugins.enable, 'node-agent'];
  const given = c.plugins.config;
  const cni = {
    confDir: join(dataDir, 'cni', 'net.d'),
    cacheDir: join(dataDir, 'cni', 'cache'),
    ...given['cni-runner'],
  };
  const agent = { dataDir: join(dataDir, 'agent'), cniConfDir: cni.confDir, ...given['node-agent'] };
  return { ...c, plugins: { ...c.plugins, enable, config: { ...given, 'cni-runner': cni, 'node-agent': agent } } };
}
