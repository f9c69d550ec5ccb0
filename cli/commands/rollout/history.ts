import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../../lib/base-command.js';

/** `capstan rollout history`: the revisions of a Deployment, from its ReplicaSets. */
export default class RolloutHistory extends BaseCommand {
  static override summary = 'List the revisions of a Deployment (or show one with --revision).';
  static override examples = [
    { description: 'List revisions', command: '<%= config.bin %> rollout history deploy/web' },
    {
      description: 'Show the pod template of revision 2',
      command: '<%= config.bin %> rollout history deploy/web --revision 2',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '[{revision: number, changeCause?: string, replicaSet: string}]';
  static override args = {
    type: Args.string({ description: 'TYPE/NAME or TYPE', required: false }),
    name: Args.string({ description: 'name', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    revision: Flags.integer({ summary: 'Show the details of this revision.', min: 1 }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(RolloutHistory);
    const { rolloutTarget, deploymentRevisions } = await import('../../lib/rollout-target.js');
    const { changeCauseAnnotation } = await import('../../lib/rollout-status.js');
    const { alignColumns } = await import('../../lib/table-printer.js');
    const { toYaml } = await import('../../lib/object-output.js');
    const { CliError } = await import('../../lib/cli-errors.js');
    const t = await rolloutTarget(this, flags, argv as string[], ['Deployment']);
    const { revisions } = await deploymentRevisions(t);
    const sorted = [...revisions.keys()].sort((a, b) => a - b);
    const rows = sorted.map((r) => ({
      revision: r,
      changeCause: revisions.get(r)!.metadata.annotations?.[changeCauseAnnotation],
      replicaSet: revisions.get(r)!.metadata.name!,
    }));
    if (flags.revision !== undefined) {
      const rs = revisions.get(flags.revision);
      if (!rs) throw new CliError(`unable to find the specified revision ${flags.revision}`);
      const template = structuredClone(
        (rs.spec as { template?: { metadata?: { labels?: Record<string, string> } } })?.template ?? {},
      );
      delete template.metadata?.labels?.['pod-template-hash'];
      this.out(`deployment.apps/${t.name} with revision #${flags.revision}`);
      this.out('Pod Template:');
      this.out(toYaml(template).replace(/^/gm, '  ').trimEnd());
      return rows.filter((r) => r.revision === flags.revision);
    }
    this.out(`deployment.apps/${t.name} `);
    if (!this.jsonEnabled())
      process.stdout.write(
        alignColumns([
          ['REVISION', 'CHANGE-CAUSE'],
          ...rows.map((r) => [String(r.revision), r.changeCause ?? '<none>']),
        ]) + '\n',
      );
    return rows;
  }
}
