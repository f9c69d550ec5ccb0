import { Command } from '@oclif/core';
import { configFromFlags, controlPlaneFlags } from '../lib/control-plane-flags.js';

/** `capstan up`: a single-node cluster on the embedded store. */
export default class Up extends Command {
  static override summary = 'Start a single-node cluster on the embedded SQLite store.';
  static override description =
    'Starts the API server (HTTPS, client-certificate auth) with its store under --data-dir, the scheduler, the controllers and the other built-in plugins, and writes an admin kubeconfig there. Stops cleanly on Ctrl-C; starting again reuses the same data.';
  static override examples = [
    '<%= config.bin %> up',
    '<%= config.bin %> up --data-dir /tmp/capstan --port 7443',
    '<%= config.bin %> up --simulated-nodes 3',
  ];
  static override flags = controlPlaneFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Up);
    this.logToStderr('Starting Capstan...');
    const { runControlPlane } = await import('../run-control-plane.js');
    await runControlPlane({
      dataDir: flags['data-dir'],
      host: flags.host,
      port: flags.port,
      config: configFromFlags(flags),
      say: (l) => this.logToStderr(l),
    });
    // Everything is closed; exit now rather than wait for idle keep-alive sockets to time out.
    process.exit(0);
  }
}
