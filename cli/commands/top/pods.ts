import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../../lib/base-command.js';

/** `capstan top pods`: CPU and memory use of pods from metrics.k8s.io, like kubectl top pod. */
export default class TopPods extends BaseCommand {
  static override summary = 'Show CPU and memory use of pods (needs a metrics.k8s.io provider).';
  static override examples = ['<%= config.bin %> top pods -n shop', '<%= config.bin %> top pods -A --json'];
  static override enableJsonFlag = true;
  static jsonShape = '[{namespace, name, cpu, memory}]';
  static override args = { name: Args.string({ description: 'one pod', required: false }) };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    'all-namespaces': Flags.boolean({ char: 'A', summary: 'Pods of every namespace.' }),
    selector: Flags.string({ char: 'l', summary: 'Label selector, e.g. app=web.' }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(TopPods);
    const { readMetrics, podUsage } = await import('../../lib/top-metrics.js');
    const { alignColumns } = await import('../../lib/table-printer.js');
    const { CliError } = await import('../../lib/cli-errors.js');
    const s = await this.session(flags);
    const query = flags.selector ? `?labelSelector=${encodeURIComponent(flags.selector)}` : '';
    const path = flags['all-namespaces']
      ? `/pods${query}`
      : `/namespaces/${encodeURIComponent(s.namespace)}/pods${query}`;
    const metrics = await readMetrics<import('../../lib/top-metrics.js').PodMetrics>(s.client, path);
    const rows = metrics.items
      .filter((m) => args.name === undefined || m.metadata.name === args.name)
      .sort(
        (a, b) =>
          a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name),
      )
      .map((m) => {
        const u = podUsage(m);
        return {
          namespace: m.metadata.namespace,
          name: m.metadata.name,
          cpu: `${Math.round(u.cpu * 1000)}m`,
          memory: `${Math.round(u.memory / (1024 * 1024))}Mi`,
        };
      });
    if (args.name !== undefined && rows.length === 0) throw new CliError(`podmetrics "${args.name}" not found`);
    if (rows.length === 0 && !this.jsonEnabled()) {
      process.stderr.write(
        flags['all-namespaces'] ? 'No resources found\n' : `No resources found in ${s.namespace} namespace.\n`,
      );
      return rows;
    }
    if (!this.jsonEnabled()) {
      const head = flags['all-namespaces'] ? ['NAMESPACE'] : [];
      process.stdout.write(
        alignColumns(
          [
            [...head, 'NAME', 'CPU(cores)', 'MEMORY(bytes)'],
            ...rows.map((r) => [...(flags['all-namespaces'] ? [r.namespace] : []), r.name, r.cpu, r.memory]),
          ],
          3,
        ),
      );
    }
    return rows;
  }
}
