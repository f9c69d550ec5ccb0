import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../lib/base-command.js';

/** `capstan top nodes`: CPU and memory use of nodes from metrics.k8s.io, like kubectl top node. */
export default class TopNodes extends BaseCommand {
  static override summary = 'Show CPU and memory use of nodes (needs a metrics.k8s.io provider).';
  static override examples = ['<%= config.bin %> top nodes', '<%= config.bin %> top nodes -l type=kwok --json'];
  static override enableJsonFlag = true;
  static jsonShape = '[{name, cpu, cpuPercent, memory, memoryPercent}]';
  static override args = { name: Args.string({ description: 'one node', required: false }) };
  static override flags = {
    ...kubeFlags,
    selector: Flags.string({ char: 'l', summary: 'Label selector, e.g. type=kwok.' }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(TopNodes);
    const { readMetrics, formatCpu, formatMemory, percentOf } = await import('../../lib/top-metrics.js');
    const { alignColumns } = await import('../../lib/table-printer.js');
    const { builtin } = await import('../../../sdk/builtin-resources.js');
    const s = await this.session(flags);
    const query = flags.selector ? `?labelSelector=${encodeURIComponent(flags.selector)}` : '';
    const metrics = await readMetrics<import('../../lib/top-metrics.js').NodeMetrics>(s.client, `/nodes${query}`);
    const nodes = await s.client.list(builtin.nodes, { labelSelector: flags.selector });
    const allocatable = new Map(
      nodes.items.map((n) => [
        n.metadata.name!,
        ((n.status as { allocatable?: Record<string, string> })?.allocatable ?? {}) as Record<string, string>,
      ]),
    );
    const rows = metrics.items
      .filter((m) => args.name === undefined || m.metadata.name === args.name)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((m) => {
        const a = allocatable.get(m.metadata.name) ?? {};
        return {
          name: m.metadata.name,
          cpu: formatCpu(m.usage.cpu),
          cpuPercent: percentOf(m.usage.cpu, a['cpu']),
          memory: formatMemory(m.usage.memory),
          memoryPercent: percentOf(m.usage.memory, a['memory']),
        };
      });
    if (args.name !== undefined && rows.length === 0)
      throw new (await import('../../lib/cli-errors.js')).CliError(`nodemetrics "${args.name}" not found`);
    if (!this.jsonEnabled())
      process.stdout.write(
        alignColumns(
          [
            ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'],
            ...rows.map((r) => [r.name, r.cpu, r.cpuPercent, r.memory, r.memoryPercent]),
          ],
          3,
        ),
      );
    return rows;
  }
}
