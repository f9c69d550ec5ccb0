import { Flags } from '@oclif/core';
import { emptyConfig, loadConfigFile } from '../../core/config/index.js';
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
    description: 'configuration file (YAML): plugins to enable, disable, load and configure',
    env: 'CAPSTAN_CONFIG',
  }),
  'simulated-nodes': Flags.integer({
    description: 'add N simulated (kwok-like) nodes; overrides simulatedNodes in --config',
    min: 0,
    max: 100_000,
  }),
};

/** The configuration the flags describe: the --config file, with --simulated-nodes applied. */
export function configFromFlags(flags: { config?: string; 'simulated-nodes'?: number }): CapstanConfig | undefined {
  const base = flags.config === undefined ? undefined : loadConfigFile(flags.config);
  const count = flags['simulated-nodes'];
  if (count === undefined) return base;
  const config = base ?? emptyConfig();
  const current = config.simulatedNodes;
  const simulatedNodes =
    current !== null && typeof current === 'object' && !Array.isArray(current) ? { ...current, count } : count;
  return { ...config, simulatedNodes };
}
