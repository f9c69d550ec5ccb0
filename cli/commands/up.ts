import { Command } from '@oclif/core';
import { request } from 'node:http';
import { configFromFlags, controlPlaneFlags, withNodeAgent } from '../lib/control-plane-flags.js';

/** Whether a Docker engine answers `/_ping` on its socket within a few seconds. */
function dockerAnswers(
  socketPath = process.env.DOCKER_HOST?.replace(/^unix:\/\//, '') || '/var/run/docker.sock',
): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** `capstan up`: a single-node cluster on the embedded store. */
export default class Up extends Command {
  static override summary = 'Start a single-node cluster on the embedded SQLite store.';
  static override description =
    'Starts the API server (HTTPS, client-certificate auth) with its store under --data-dir, the scheduler, the controllers, the node agent (real containers on the local Docker engine, pod networking through CNI) and the other built-in plugins, and writes an admin kubeconfig there. Stops cleanly on Ctrl-C; starting again reuses the same data and adopts the pods still running.';
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
    const { defaultDataDir } = await import('../../core/control-plane/control-plane.js');
    const base = configFromFlags(flags);
    const config = withNodeAgent(base, flags['data-dir'] ?? defaultDataDir());
    if (config.plugins.enable.includes('node-agent') && !(await dockerAnswers())) {
      this.logToStderr(
        [
          '  ! No container runtime found: the Docker engine does not answer on its socket.',
          '    The control plane starts without a node, so pods stay Pending.',
          '    To run real containers: sudo scripts/setup-host.sh (installs and starts Docker and the CNI plugins), then run capstan up again.',
        ].join('\n'),
      );
    }
    await runControlPlane({
      dataDir: flags['data-dir'],
      host: flags.host,
      port: flags.port,
      config,
      say: (l) => this.logToStderr(l),
    });
    // Everything is closed; exit now rather than wait for idle keep-alive sockets to time out.
    process.exit(0);
  }
}
