import { Command, Flags } from '@oclif/core';
import { configFromFlags, controlPlaneFlags } from '../lib/control-plane-flags.js';

/** `capstan server`: the control plane alone, on a chosen store. */
export default class Server extends Command {
  static override summary = 'Run the control plane (no node agent) on a chosen store.';
  static override examples = [
    '<%= config.bin %> server --store sqlite:///var/lib/capstan/state.db',
    '<%= config.bin %> server --store etcd://127.0.0.1:2379 --port 7443',
    '<%= config.bin %> server --store memory://',
    '<%= config.bin %> server --store etcd://127.0.0.1:2379 --port 7444 --data-dir /tmp/capstan-b   # a second server: one of them runs the controllers',
  ];
  static override flags = {
    store: Flags.string({ description: 'store URL: sqlite:///path, etcd://host:port[,host:port], memory://' }),
    ...controlPlaneFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Server);
    const { runControlPlane } = await import('../run-control-plane.js');
    await runControlPlane({
      dataDir: flags['data-dir'],
      storeUrl: flags.store,
      host: flags.host,
      port: flags.port,
      config: configFromFlags(flags),
      say: (l) => this.logToStderr(l),
    });
    // Everything is closed; exit now rather than wait for idle keep-alive sockets to time out.
    process.exit(0);
  }
}
