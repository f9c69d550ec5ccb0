import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan apply -f`: server-side apply with a created/configured/unchanged summary. */
export default class Apply extends BaseCommand {
  static override summary = 'Apply manifests with server-side apply (files, directories or stdin).';
  static override description =
    'Reads YAML or JSON manifests (several documents per file, List objects, every .yaml/.yml/.json file of a directory) and applies each object with server-side apply, in order. Prints one line per object (created, configured or unchanged) and a summary. Objects without a namespace go to -n or the context namespace. A field owned by another manager is a conflict: --force-conflicts takes it over.';
  static override examples = [
    { description: 'Apply one file', command: '<%= config.bin %> apply -f deployment.yaml' },
    { description: 'Apply every manifest of a directory tree', command: '<%= config.bin %> apply -f ./manifests -R' },
    { description: 'Apply from stdin', command: 'cat app.yaml | <%= config.bin %> apply -f -' },
    {
      description: 'Validate on the server without saving',
      command: '<%= config.bin %> apply -f app.yaml --dry-run=server',
    },
    {
      description: 'Take over fields another manager owns',
      command: '<%= config.bin %> apply -f app.yaml --force-conflicts',
    },
  ];
  static override enableJsonFlag = true;
  static jsonShape =
    '[{apiVersion, kind, namespace?, name, action: "created"|"configured"|"unchanged"|"failed", error?}]';
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    filename: Flags.string({
      char: 'f',
      summary: 'A manifest file, a directory of manifests, or - for stdin (repeatable).',
      multiple: true,
    }),
    recursive: Flags.boolean({ char: 'R', summary: 'Also read the subdirectories of -f directories.' }),
    'field-manager': Flags.string({
      summary: 'Name of the field manager that owns the applied fields.',
      default: 'capstan',
    }),
    'force-conflicts': Flags.boolean({ summary: 'Take ownership of fields that another manager owns.' }),
    'dry-run': Flags.string({
      summary: 'server: validate and show the result without saving it; none (default).',
      options: ['none', 'server'],
    }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Apply);
    const { runApply } = await import('../lib/apply-runner.js');
    return runApply(this, flags, this.jsonEnabled());
  }
}
