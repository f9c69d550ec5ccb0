import { Command, Flags } from '@oclif/core';
import { loadConfigFile } from '../../core/config/index.js';

/** `capstan server`: the control plane alone, on a chosen store. */
export default class Server extends Command {
  static override summary = 'Run the control plane (no node agent) on a chosen store.';
  static override examples = [
    '<%= config.bin %> server --store sqlite:///var/lib/capstan/state.db',
    '<%= config.bin %> server --store etcd://127.0.0.1:2379 --port 7443',
    '<%= config.bin %> server --store memory://',
  ];
  static override flags = {
    store: Flags.string({ description: 'store URL: sqlite:///path, etcd://host:port[,host:port], memory://' }),
    'data-dir': Flags.string({
      description: 'directory for certificates, kubeconfig and the default SQLite store',
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
    const { flags } = await this.parse(Server);
    const { runControlPlane } = await import('../run-control-plane.js');
    await runControlPlane({
      dataDir: flags['data-dir'],
      storeUrl: flags.store,
      host: flags.host,
      port: flags.port,
      config: flags.config === undefined ? undefined : loadConfigFile(flags.config),
      say: (l) => this.logToStderr(l),
    });
    // Everything is closed; exit now rather than wait for idle keep-alive sockets to time out.
    process.exit(0);
  }
}
