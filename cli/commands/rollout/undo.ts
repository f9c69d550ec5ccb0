import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../../lib/base-command.js';

/** `capstan rollout undo`: rolls a Deployment back to an earlier revision's pod template. */
export default class RolloutUndo extends BaseCommand {
  static override summary = 'Roll a Deployment back to the previous (or a given) revision.';
  static override examples = [
    { description: 'Back to the previous revision', command: '<%= config.bin %> rollout undo deploy/web' },
    { description: 'Back to revision 3', command: '<%= config.bin %> rollout undo deploy/web --to-revision 3' },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '{name: string, revision: number, rolledBack: boolean}';
  static override args = {
    type: Args.string({ description: 'TYPE/NAME or TYPE', required: false }),
    name: Args.string({ description: 'name', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    'to-revision': Flags.integer({
      summary: 'The revision to roll back to (default: the previous one).',
      min: 0,
      default: 0,
    }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(RolloutUndo);
    const { rolloutTarget, deploymentRevisions } = await import('../../lib/rollout-target.js');
    const { revisionAnnotation } = await import('../../lib/rollout-status.js');
    const { CliError } = await import('../../lib/cli-errors.js');
    const t = await rolloutTarget(this, flags, argv as string[], ['Deployment']);
    const { deployment, revisions } = await deploymentRevisions(t);
    const current = Number(deployment.metadata.annotations?.[revisionAnnotation] ?? 0);
    let target = flags['to-revision'];
    if (target === 0) {
      const older = [...revisions.keys()].filter((r) => r !== current).sort((a, b) => b - a);
      if (!older.length) throw new CliError('no rollout history found for deployment "' + t.name + '"');
      target = older[0]!;
    }
    const rs = revisions.get(target);
    if (!rs) throw new CliError(`unable to find specified revision ${target} in history`);
    const template = structuredClone(
      (rs.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template ?? {},
    );
    delete template.metadata?.labels?.['pod-template-hash'];
    const live = (deployment.spec as { template?: unknown }).template;
    if (JSON.stringify(sorted(live)) === JSON.stringify(sorted(template))) {
      this.out(`deployment.apps/${t.name} skipped rollback (current template already matches revision ${target})`);
      return { name: t.name, revision: target, rolledBack: false };
    }
    const annotations = { ...(deployment.metadata.annotations ?? {}) };
    annotations[revisionAnnotation] ??= String(current);
    await t.s.client.patch(
      t.res,
      t.name,
      [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ],
      'json',
      { namespace: t.namespace },
    );
    this.out(`deployment.apps/${t.name} rolled back`);
    return { name: t.name, revision: target, rolledBack: true };
  }
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}
