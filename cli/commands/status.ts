import { BaseCommand, kubeFlags } from '../lib/base-command.js';

/** `capstan status`: the cluster at a glance (server, health checks, nodes, namespaces, API groups). */
export default class Status extends BaseCommand {
  static override summary = 'Show the cluster at a glance: server, version, health checks, nodes and API groups.';
  static override examples = [
    { description: 'The current cluster', command: '<%= config.bin %> status' },
    { description: 'For scripts: exits 1 when the cluster is not healthy', command: '<%= config.bin %> status --json' },
  ];
  static override enableJsonFlag = true;
  static jsonShape =
    '{server, version, healthy: boolean, checks: [{name, ok}], nodes: [{name, ready}], namespaces: number, apiGroups: string[]}';
  static override flags = { ...kubeFlags };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Status);
    const { builtin } = await import('../../sdk/builtin-resources.js');
    const { painter } = await import('../lib/colour.js');
    const { alignColumns } = await import('../lib/table-printer.js');
    const s = await this.session(flags);
    const version = await s.client.request<{ gitVersion?: string }>('GET', '/version');
    let readyz = '';
    try {
      const { streamLines } = await import('../lib/raw-stream.js');
      for await (const line of streamLines(s.transport, '/readyz?verbose', { Accept: 'text/plain' }))
        readyz += `${line}\n`;
    } catch (e) {
      readyz = String((e as Error).message);
    }
    const checks = [...readyz.matchAll(/^\[([+-])\](\S+) (.*)$/gm)].map((m) => ({ name: m[2]!, ok: m[1] === '+' }));
    const healthy = checks.length > 0 && checks.every((c) => c.ok);
    const nodes = (await s.client.list(builtin.nodes, {})).items.map((n) => {
      const ready = (
        (n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []
      ).find((c) => c.type === 'Ready');
      return { name: n.metadata.name!, ready: ready?.status === 'True' };
    });
    const namespaces = (await s.client.list(builtin.namespaces, {})).items.length;
    const apiGroups = [
      ...new Set((await s.resolver.all()).map((r) => (r.group ? `${r.group}/${r.version}` : r.version))),
    ];
    const result = {
      server: s.server,
      version: version.gitVersion ?? '',
      healthy,
      checks,
      nodes,
      namespaces,
      apiGroups,
    };
    if (!this.jsonEnabled()) {
      const p = painter();
      const mark = (ok: boolean) => (ok ? p.green('ok') : p.red('failing'));
      const rows = [
        ['Server', `${s.server} (${result.version})`],
        [
          'Health',
          `${mark(healthy)} (${checks.map((c) => `${c.name} ${c.ok ? 'ok' : 'failed'}`).join(', ') || 'no checks'})`,
        ],
        [
          'Nodes',
          nodes.length
            ? `${nodes.filter((n) => n.ready).length}/${nodes.length} ready (${nodes.map((n) => `${n.name}${n.ready ? '' : ' NotReady'}`).join(', ')})`
            : 'none registered (join one: capstan token create --print-join-command)',
        ],
        ['Namespaces', String(namespaces)],
        ['API groups', `${apiGroups.length} (${apiGroups.join(', ')})`],
      ];
      process.stdout.write(
        alignColumns(
          rows.map(([k, v]) => [`${k}:`, v!]),
          2,
        ),
      );
    }
    if (!healthy) {
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      this.fail(1);
    }
    return result;
  }
}
