import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../../lib/base-command.js';

/** `capstan rollout restart`: restarts the pods of a workload by stamping its pod template. */
export default class RolloutRestart extends BaseCommand {
  static override summary = 'Restart the pods of a Deployment, DaemonSet or StatefulSet (a new rollout).';
  static override examples = [
    { description: 'Restart a deployment', command: '<%= config.bin %> rollout restart deploy/web' },
    {
      description: 'Restart and wait',
      command: '<%= config.bin %> rollout restart deploy/web && <%= config.bin %> rollout status deploy/web',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '{name: string, restartedAt: string}';
  static override args = {
    type: Args.string({ description: 'TYPE/NAME or TYPE', required: false }),
    name: Args.string({ description: 'name', required: false }),
  };
  static override flags = { ...kubeFlags, ...namespaceFlag };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(RolloutRestart);
    const { rolloutTarget } = await import('../../lib/rollout-target.js');
    const { typeName } = await import('../../lib/resource-resolver.js');
    const t = await rolloutTarget(this, flags, argv as string[]);
    const restartedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await t.s.client.patch(
      t.res,
      t.name,
      { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } },
      'strategic',
      { namespace: t.namespace, fieldManager: 'capstan-rollout' },
    );
    this.out(`${typeName(t.res)}/${t.name} restarted`);
    return { name: t.name, restartedAt };
  }
}
