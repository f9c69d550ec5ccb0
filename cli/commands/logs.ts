import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan logs`: the logs of a pod's container (pods/log), optionally followed. */
export default class Logs extends BaseCommand {
  static override summary = "Print the logs of a pod's container.";
  static override examples = [
    { description: 'Logs of a pod', command: '<%= config.bin %> logs web-0' },
    { description: 'Follow one container, last 20 lines', command: '<%= config.bin %> logs web-0 -c app -f --tail 20' },
    { description: 'The previous instance of a crashed container', command: '<%= config.bin %> logs web-0 --previous' },
  ];
  static override args = { pod: Args.string({ description: 'pod name (or pod/NAME)', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    container: Flags.string({ char: 'c', summary: 'The container (default: the only or the default one).' }),
    follow: Flags.boolean({ char: 'f', summary: 'Keep streaming new lines.' }),
    previous: Flags.boolean({ char: 'p', summary: 'Logs of the previous, terminated instance.' }),
    tail: Flags.integer({ summary: 'Only the last N lines (-1: all).', default: -1 }),
    timestamps: Flags.boolean({ summary: 'Prefix each line with its timestamp.' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Logs);
    const { builtin } = await import('../../sdk/builtin-resources.js');
    const { resourcePath, withQuery } = await import('../../sdk/client/resource-path.js');
    const { streamLines } = await import('../lib/raw-stream.js');
    const { streamingUnavailable } = await import('../lib/pod-stream-check.js');
    const { CliError } = await import('../lib/cli-errors.js');
    const name = args.pod.replace(/^(pods?|po)\//, '');
    const s = await this.session(flags);
    const pod = await s.client.get(builtin.pods, name, s.namespace);
    const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map(
      (c) => c.name,
    );
    const container =
      flags.container ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0];
    if (flags.container && !containers.includes(flags.container))
      throw new CliError(`container ${flags.container} is not valid for pod ${name}`);
    const path = withQuery(resourcePath(builtin.pods, s.namespace, name, 'log'), {
      container,
      follow: flags.follow ? 'true' : undefined,
      previous: flags.previous ? 'true' : undefined,
      tailLines: flags.tail >= 0 ? flags.tail : undefined,
      timestamps: flags.timestamps ? 'true' : undefined,
    });
    const ac = new AbortController();
    process.once('SIGINT', () => ac.abort());
    try {
      for await (const line of streamLines(s.transport, path, { Accept: 'application/json, */*' }, ac.signal))
        process.stdout.write(`${line}\n`);
    } catch (e) {
      throw streamingUnavailable(e, 'logs', name);
    }
  }
}
