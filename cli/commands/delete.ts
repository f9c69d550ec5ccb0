import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan delete`: deletes objects by name, selector or manifest, and waits until they are gone. */
export default class Delete extends BaseCommand {
  static override summary = 'Delete resources by name, label selector or manifest.';
  static override description =
    'Deletes the named objects (TYPE NAME..., TYPE/NAME, -f FILE, or TYPE with -l SELECTOR or --all) and, unless --wait=false, waits until they are gone (finalizers done). --cascade chooses what happens to dependents: background (default, the garbage collector deletes them), foreground (dependents first), orphan (they stay).';
  static override examples = [
    { description: 'Delete one pod', command: '<%= config.bin %> delete pod web-0' },
    { description: 'Delete what a manifest created', command: '<%= config.bin %> delete -f app.yaml' },
    {
      description: 'Delete by label, dependents first',
      command: '<%= config.bin %> delete deploy -l app=web --cascade=foreground',
    },
    {
      description: 'Keep the pods of a deleted ReplicaSet',
      command: '<%= config.bin %> delete rs web-5d4f --cascade=orphan',
    },
    { description: 'Do not wait for finalizers', command: '<%= config.bin %> delete ns scratch --wait=false' },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '[{kind, namespace?, name, deleted: true}]';
  static override args = {
    type: Args.string({ description: 'resource type, or TYPE/NAME', required: false }),
    names: Args.string({ description: 'names of the objects', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    filename: Flags.string({
      char: 'f',
      summary: 'Delete the objects of a manifest file, directory, or - (stdin).',
      multiple: true,
    }),
    selector: Flags.string({ char: 'l', summary: 'Delete the objects matching this label selector.' }),
    'field-selector': Flags.string({ summary: 'Delete the objects matching this field selector.' }),
    all: Flags.boolean({ summary: 'Delete every object of the type in the namespace.' }),
    'all-namespaces': Flags.boolean({ char: 'A', summary: 'With -l or --all: in every namespace.' }),
    cascade: Flags.string({
      summary: 'background, foreground or orphan: how dependents are deleted.',
      default: 'background',
    }),
    wait: Flags.boolean({ summary: 'Wait until the objects are gone.', default: true, allowNo: true }),
    timeout: Flags.integer({ summary: 'Seconds to wait for the deletion (0: no limit).', default: 0, min: 0 }),
    'grace-period': Flags.integer({ summary: 'Seconds a pod gets to stop (-1: its own default).', default: -1 }),
    'ignore-not-found': Flags.boolean({ summary: 'Treat objects that do not exist as deleted.' }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(Delete);
    const { runDelete } = await import('../lib/delete-runner.js');
    return runDelete(this, flags, argv as string[], this.jsonEnabled());
  }
}
