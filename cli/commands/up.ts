import { Command, Flags } from '@oclif/core';
import { loadConfigFile } from '../../core/config/index.js';

/** `capstan up`: a single-node cluster on the embedded store. */
export default class Up extends Command {
  static override summary = 'Start a single-node cluster on the embedded SQLite store.';
  static override description =
    'Starts the API server (HTTPS, client-certificate auth) with its store under --data-dir and writes an admin kubeconfig there. Stops cleanly on Ctrl-C; starting again reuses the same data.';
  static override examples = ['<%= config.bin %> up', '<%= config.bin %> up --data-dir /tmp/capstan --port 7443'];
  static override flags = {
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
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Up);
    this.logToStderr('Starting Capstan...');
    const { runControlPlane } = await import('../run-control-plane.js');
    await runControlPlane({
      dataDir: flags['data-dir'],
      host: flags.host,
      port: flags.port,
      config: flags.config === undefined ? undefined : loadConfigFile(flags.config),
      say: (l) => this.logToStderr(l),
    });
    // Everything is closed; exit now rather than wait for idle keep-alive sockets to time out.
    process.exit(0);
  }
}
