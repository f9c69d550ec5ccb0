import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../lib/base-command.js';

/** `capstan operator run`: runs the operator project in the current folder against a cluster. */
export default class OperatorRun extends BaseCommand {
  static override summary = 'Run the operator project in the current folder against the current kubeconfig.';
  static override description =
    "Imports the project's built operator module (package.json capstan.operator, default ./dist/src/operator.js), installs the CRDs of its crdDirectory unless --no-install-crds, and runs its controllers on an SDK Manager until Ctrl-C. Works against Capstan or any Kubernetes cluster.";
  static override examples = [
    '<%= config.bin %> operator run',
    '<%= config.bin %> operator run --kubeconfig ~/.capstan/kubeconfig.yaml',
    '<%= config.bin %> operator run --dir ./memcached-operator --leader-elect --health-port 8081',
  ];
  static override flags = {
    ...kubeFlags,
    dir: Flags.string({ summary: 'The operator project folder.', default: '.' }),
    'install-crds': Flags.boolean({
      summary: "Install the project's CRDs before starting.",
      default: true,
      allowNo: true,
    }),
    'leader-elect': Flags.boolean({ summary: 'Run only while holding a Lease (for several replicas).' }),
    'leader-elect-namespace': Flags.string({ summary: 'Namespace of the Lease.', default: 'kube-system' }),
    'health-port': Flags.integer({ summary: 'Serve /healthz, /readyz and /metrics on this port.', min: 0 }),
    'log-level': Flags.string({
      summary: 'Log level of the operator (logs go to stderr as JSON).',
      default: 'info',
      options: ['trace', 'debug', 'info', 'warn', 'error', 'silent'],
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(OperatorRun);
    const { resolve } = await import('node:path');
    const { loadOperatorProject } = await import('../../lib/operator-module.js');
    const { pino } = await import('pino');
    const { Manager } = await import('../../../sdk/runtime/manager.js');
    const op = await loadOperatorProject(resolve(flags.dir));
    const s = await this.session(flags);
    const logger = pino({ level: flags['log-level'] }, pino.destination(2)).child({ operator: op.name });
    if (flags['install-crds'] && op.module.crdDirectory) {
      const { installCrds } = await import('../../../sdk/testing/crd-install.js');
      const crds = await installCrds(s.client, [op.module.crdDirectory]);
      this.note(`CRDs ready: ${crds.map((c) => c.metadata.name).join(', ')}`);
    }
    const manager = new Manager({
      client: s.client,
      logger,
      eventSource: op.name,
      healthPort: flags['health-port'],
      leaderElection: flags['leader-elect'] ? { name: op.name, namespace: flags['leader-elect-namespace'] } : undefined,
    });
    await op.module.addControllers(manager);
    await manager.start();
    const health = manager.healthAddress ? `; health on http://127.0.0.1:${manager.healthAddress.port}` : '';
    this.note(`Operator ${op.name} running against ${s.server}${health} (Ctrl-C to stop)`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    this.note(`Stopping ${op.name}...`);
    await manager.stop();
    s.client.close();
    this.note('Stopped.');
  }
}
