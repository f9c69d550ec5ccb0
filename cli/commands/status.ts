import { BaseCommand, kubeFlags } from '../lib/base-command.js';

/** `capstan status`: the cluster at a glance (server, health checks, nodes, namespaces, API groups). */
export default class Status extends BaseCommand {
  static override summary =
    'Show the cluster at a glance: server, store, health checks, components and plugins, leaders, nodes and API groups.';
  static override examples = [
    { description: 'The current cluster', command: '<%= config.bin %> status' },
    { description: 'For scripts: exits 1 when the cluster is not healthy', command: '<%= config.bin %> status --json' },
  ];
  static override enableJsonFlag = true;
  static jsonShape =
    '{server, version, store, healthy: boolean, checks: [{name, ok, reason?}], components: [{name, ok, reason?}], leaders: [{lease, holder}], nodes: [{name, ready}], namespaces: number, apiGroups: string[]}';
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
    const all = [...readyz.matchAll(/^\[([+-])\](\S+) (?:ok|failed: (.*))$/gm)].map((m) => ({
      name: m[2]!,
      ok: m[1] === '+',
      ...(m[3] ? { reason: m[3] } : {}),
    }));
    const isComponent = (name: string) => name === 'scheduler' || name.startsWith('plugin-');
    const checks = all.filter((c) => !isComponent(c.name));
    const components = all.filter((c) => isComponent(c.name));
    const healthy = all.length > 0 && all.every((c) => c.ok);
    let metrics = '';
    try {
      metrics = await s.client.request<string>('GET', '/metrics', undefined, { Accept: 'text/plain' });
    } catch {
      // older servers, or no permission: the store stays unknown
    }
    const store = /^capstan_store_info\{driver="([^"]+)"\}/m.exec(String(metrics))?.[1] ?? 'unknown';
    const leases = await s.client.list(builtin.leases, { namespace: 'kube-system' }).catch(() => ({ items: [] }));
    const leaders = leases.items
      .map((l) => ({ lease: l.metadata.name!, holder: (l.spec as { holderIdentity?: string })?.holderIdentity ?? '' }))
      .filter((l) => l.holder !== '');
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
      store,
      healthy,
      checks,
      components,
      leaders,
      nodes,
      namespaces,
      apiGroups,
    };
    if (!this.jsonEnabled()) {
      const p = painter();
      const mark = (ok: boolean) => (ok ? p.green('ok') : p.red('failing'));
      const rows = [
        ['Server', `${s.server} (${result.version})`],
        ['Store', `${store} (${checks.find((c) => c.name === 'etcd')?.ok ? 'ok' : 'failing'})`],
        [
          'Health',
          `${mark(healthy)} (${checks.map((c) => `${c.name} ${c.ok ? 'ok' : 'failed'}`).join(', ') || 'no checks'})`,
        ],
        [
          'Components',
          components
            .map(
              (c) => `${c.name.replace(/^plugin-/, '')} ${c.ok ? 'ok' : `failed (${c.reason ?? 'no reason given'})`}`,
            )
            .join(', ') || 'none reported',
        ],
        ...(leaders.length ? [['Leaders', leaders.map((l) => `${l.lease}=${l.holder}`).join(', ')]] : []),
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
