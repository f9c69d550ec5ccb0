import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan describe`: an object in detail, with its conditions and recent events. */
export default class Describe extends BaseCommand {
  static override summary = 'Show an object in detail: fields, conditions and recent events.';
  static override examples = [
    { description: 'Describe a deployment', command: '<%= config.bin %> describe deploy/web' },
    { description: 'Describe every pod with a label', command: '<%= config.bin %> describe pods -l app=web' },
    { description: 'A node', command: '<%= config.bin %> describe node worker-1' },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '[{object: object, events: Event[]}]';
  static override args = {
    type: Args.string({ description: 'resource type, or TYPE/NAME', required: false }),
    names: Args.string({ description: 'names (default: all, or those matching -l)', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    selector: Flags.string({ char: 'l', summary: 'Describe the objects matching this label selector.' }),
    'all-namespaces': Flags.boolean({ char: 'A', summary: 'Look in every namespace.' }),
    'show-events': Flags.boolean({ summary: 'Show the events of each object.', default: true, allowNo: true }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(Describe);
    const { parseResourceArgs } = await import('../lib/resource-args.js');
    const { listObjects } = await import('../lib/resource-fetch.js');
    const { describeObject } = await import('../lib/describe-printer.js');
    const { builtin } = await import('../../sdk/builtin-resources.js');
    const { apiVersionOf } = await import('../lib/resource-resolver.js');
    type CoreEvent = import('../lib/event-rows.js').CoreEvent;
    type KubeObject = import('../../sdk/api/kube-object.js').KubeObject;
    const s = await this.session(flags);
    const found: KubeObject[] = [];
    let failed = 0;
    for (const r of parseResourceArgs(argv as string[], 'describe')) {
      const res = await s.resolver.resolve(r.type);
      if (r.names.length) {
        for (const name of r.names) {
          try {
            const o = await s.client.get(res, name, res.namespaced ? s.namespace : undefined);
            found.push(Object.assign(o, { apiVersion: apiVersionOf(res), kind: res.kind }));
          } catch (e) {
            failed = this.printError(e);
          }
        }
      } else {
        found.push(
          ...(await listObjects(s.client, res, {
            namespace: flags['all-namespaces'] ? undefined : s.namespace,
            labelSelector: flags.selector,
          })),
        );
      }
    }
    const out: { object: KubeObject; events: CoreEvent[] }[] = [];
    for (const obj of found) {
      let events: CoreEvent[] = [];
      if (flags['show-events']) {
        const sel = [
          `involvedObject.name=${obj.metadata.name}`,
          obj.metadata.namespace ? `involvedObject.namespace=${obj.metadata.namespace}` : '',
          `involvedObject.uid=${obj.metadata.uid}`,
        ].filter(Boolean);
        const list = await s.client.list(builtin.coreEvents, {
          namespace: obj.metadata.namespace || undefined,
          fieldSelector: sel.join(','),
          limit: 500,
        });
        events = list.items as CoreEvent[];
      }
      out.push({ object: obj, events });
    }
    if (!this.jsonEnabled()) process.stdout.write(out.map((d) => describeObject(d.object, d.events)).join('\n\n'));
    if (!found.length && !failed) this.note(`No resources found in ${s.namespace} namespace.`);
    if (failed) this.fail(failed);
    return out;
  }
}
