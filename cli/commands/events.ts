import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan events`: the events of a namespace or an object, oldest first; -w follows new ones. */
export default class Events extends BaseCommand {
  static override summary = 'List events, oldest first (like kubectl events); -w follows new ones.';
  static override examples = [
    { description: 'Recent events in the current namespace', command: '<%= config.bin %> events' },
    { description: 'Warnings everywhere', command: '<%= config.bin %> events -A --types Warning' },
    { description: 'Events of one object, then follow', command: '<%= config.bin %> events --for deploy/web -w' },
  ];
  static override enableJsonFlag = true;
  static jsonShape = '{apiVersion: "v1", kind: "List", items: Event[]} (core/v1 Events, oldest first)';
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    'all-namespaces': Flags.boolean({ char: 'A', summary: 'Events of every namespace.' }),
    for: Flags.string({ summary: 'Only the events of this object (TYPE/NAME).' }),
    types: Flags.string({ summary: 'Only these event types, comma separated (Normal, Warning).' }),
    watch: Flags.boolean({ char: 'w', summary: 'After listing, print new events as they come.' }),
    'no-headers': Flags.boolean({ summary: 'Do not print the header.' }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Events);
    const { builtin } = await import('../../sdk/builtin-resources.js');
    const { listObjects } = await import('../lib/resource-fetch.js');
    const { eventHeader, eventRow, sortEvents } = await import('../lib/event-rows.js');
    type CoreEvent = import('../lib/event-rows.js').CoreEvent;
    const { alignColumns } = await import('../lib/table-printer.js');
    const { asList } = await import('../lib/object-output.js');
    const { parseResourceArgs } = await import('../lib/resource-args.js');
    const { UsageError } = await import('../lib/cli-errors.js');
    const s = await this.session(flags);
    const res = {
      ...builtin.coreEvents,
      singular: 'event',
      shortNames: [],
      verbs: [],
      categories: [],
      subresources: [],
      preferred: true,
    };
    const selectors: string[] = [];
    if (flags.for) {
      const [req] = parseResourceArgs([flags.for], 'events');
      if (!req?.names.length) throw new UsageError('--for needs TYPE/NAME, e.g. --for deploy/web');
      const target = await s.resolver.resolve(req.type);
      selectors.push(`involvedObject.kind=${target.kind}`, `involvedObject.name=${req.names[0]}`);
    }
    const types = flags.types
      ?.split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    const keep = (e: object) =>
      !types?.length || types.includes(String((e as { type?: string }).type ?? '').toLowerCase());
    const namespace = flags['all-namespaces'] ? undefined : s.namespace;
    const scope = { namespace, fieldSelector: selectors.join(',') || undefined };
    const events = sortEvents(((await listObjects(s.client, res, scope)) as CoreEvent[]).filter(keep));
    if (this.jsonEnabled()) return asList(events);
    const withNs = Boolean(flags['all-namespaces']);
    if (events.length) {
      const lines = events.map((e) => eventRow(e, withNs));
      if (!flags['no-headers']) lines.unshift(eventHeader(withNs));
      process.stdout.write(alignColumns(lines));
    } else if (!flags.watch) this.note(namespace ? `No events found in ${namespace} namespace.` : 'No events found.');
    if (!flags.watch) return undefined;
    const list = await s.client.list(res, { namespace, limit: 1 });
    const ac = new AbortController();
    process.once('SIGINT', () => ac.abort());
    let header = events.length === 0 && !flags['no-headers'];
    for await (const ev of s.client.watch(res, {
      ...scope,
      resourceVersion: list.metadata.resourceVersion,
      signal: ac.signal,
    })) {
      if (ev.type === 'DELETED' || ev.type === 'BOOKMARK' || !keep(ev.object)) continue;
      const lines = [eventRow(ev.object as CoreEvent, withNs)];
      if (header) lines.unshift(eventHeader(withNs));
      header = false;
      process.stdout.write(alignColumns(lines));
    }
    return undefined;
  }
}
