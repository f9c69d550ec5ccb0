import { Command, Flags } from '@oclif/core';
import { configPathToRead, loadConfigFile } from '../../core/config/index.js';

/** `capstan agent`: join a cluster as a node. */
export default class Agent extends Command {
  static override summary = 'Join a cluster as a node: run the node agent against a server with a bootstrap token.';
  static override description =
    'Pins the cluster CA by its hash (sent by the server in its TLS chain, checked before any credential is sent), authenticates with the bootstrap token, registers the Node and runs the pods the scheduler binds to it on the local Docker engine with CNI networking. Get the whole command from `capstan token create --print-join-command` on the server. Stops cleanly on Ctrl-C.';
  static override examples = [
    '<%= config.bin %> agent --server https://10.0.0.1:6443 --token abcdef.0123456789abcdef --ca-cert-hash sha256:<hex>',
    '<%= config.bin %> agent --server https://10.0.0.1:6443 --token abcdef.0123456789abcdef --ca-file ca.crt --node-name worker-1',
  ];
  static override flags = {
    server: Flags.string({ description: 'the API server URL', required: true }),
    token: Flags.string({
      description: 'bootstrap token <id>.<secret> (capstan token create)',
      required: true,
      env: 'CAPSTAN_TOKEN',
    }),
    'ca-cert-hash': Flags.string({ description: 'pin of the cluster CA: sha256:<hex of its public key>' }),
    'ca-file': Flags.string({
      description: 'the cluster CA certificate (PEM), instead of a pin',
      exclusive: ['ca-cert-hash'],
    }),
    'node-name': Flags.string({ description: 'name of this Node (default: the host name)' }),
    'data-dir': Flags.string({
      description: 'directory for pod volumes and agent state (default ~/.capstan)',
      env: 'CAPSTAN_DATA_DIR',
    }),
    config: Flags.string({
      description: 'configuration file (YAML): plugins.config.node-agent, cni-runner...',
      env: 'CAPSTAN_CONFIG',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Agent);
    if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(flags.token))
      this.error('--token must look like abcdef.0123456789abcdef (capstan token create)', { exit: 2 });
    if (!flags['ca-cert-hash'] && !flags['ca-file'])
      this.error('give --ca-cert-hash (printed by capstan token create --print-join-command) or --ca-file', {
        exit: 2,
      });
    const { defaultDataDir } = await import('../../core/control-plane/data-dir.js');
    const { startAgent } = await import('../../core/agent/run-agent.js');
    const dataDir = flags['data-dir'] ?? defaultDataDir();
    const configPath = configPathToRead(flags.config, dataDir);
    this.logToStderr(`Joining ${flags.server}...`);
    let agent;
    try {
      agent = await startAgent({
        server: flags.server,
        token: flags.token,
        caCertHash: flags['ca-cert-hash'],
        caFile: flags['ca-file'],
        nodeName: flags['node-name'],
        dataDir,
        config: configPath === undefined ? undefined : loadConfigFile(configPath),
        onProgress: (step) => this.logToStderr(`  ✓ ${step}`),
      });
    } catch (e) {
      this.logToStderr(`Error: ${(e as Error).message}`);
      return this.exit(1);
    }
    this.logToStderr(`Node ${agent.nodeName ?? '(host name)'} joined. Press Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        this.logToStderr(`\n${signal} received, stopping...`);
        void agent.stop().finally(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    process.exit(0);
  }
}
