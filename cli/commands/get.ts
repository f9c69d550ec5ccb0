import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan get`: lists or reads objects with the server's own table columns, like kubectl get. */
export default class Get extends BaseCommand {
  static override summary = 'Display one or many resources (server-side tables, like kubectl get).';
  static override description =
    'Prints the table the API server renders for each resource (the same columns as kubectl). Resource types are the names kubectl accepts: plural, singular, short names (po, deploy, svc), Kind, or name.group. -o yaml|json|name|jsonpath=... prints the objects instead; -w keeps printing changes.';
  static override examples = [
    { description: 'List pods in the current namespace', command: '<%= config.bin %> get pods' },
    {
      description: 'List deployments in every namespace, with more columns',
      command: '<%= config.bin %> get deploy -A -o wide',
    },
    { description: 'One pod as YAML', command: '<%= config.bin %> get pod web-0 -o yaml' },
    { description: 'Names only, selected by label', command: '<%= config.bin %> get pods -l app=web -o name' },
    {
      description: 'Extract fields with JSONPath',
      command: `<%= config.bin %> get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`,
    },
    { description: 'Watch pods as they change', command: '<%= config.bin %> get pods -w' },
    { description: 'Several kinds at once', command: '<%= config.bin %> get deploy,svc' },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = 'a List ({apiVersion: "v1", kind: "List", items: object[]}) or, for one named object, the object';
  static override args = {
    type: Args.string({ description: 'resource type (pods, deploy, ...), TYPE/NAME, or TYPE1,TYPE2', required: false }),
    names: Args.string({ description: 'names of objects to get (default: all)', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    'all-namespaces': Flags.boolean({ char: 'A', summary: 'List across all namespaces.' }),
    selector: Flags.string({ char: 'l', summary: 'Label selector, e.g. app=web,tier!=db.' }),
    'field-selector': Flags.string({ summary: 'Field selector, e.g. metadata.name=web,status.phase=Running.' }),
    output: Flags.string({ char: 'o', summary: 'Output format: wide, yaml, json, name, jsonpath=TEMPLATE.' }),
    watch: Flags.boolean({ char: 'w', summary: 'After listing, watch for changes and print them.' }),
    'watch-only': Flags.boolean({ summary: 'Watch for changes without listing first.' }),
    'show-labels': Flags.boolean({ summary: 'Show all labels as the last column.' }),
    'no-headers': Flags.boolean({ summary: 'Do not print column headers.' }),
    'show-managed-fields': Flags.boolean({ summary: 'Keep metadata.managedFields in yaml/json output.' }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(Get);
    const { runGet } = await import('../lib/get-runner.js');
    return runGet(this, flags, argv as string[], this.jsonEnabled());
  }
}
