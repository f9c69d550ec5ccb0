import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan exec`: runs a command in a container, when the server serves pods/exec. */
export default class Exec extends BaseCommand {
  static override summary = 'Run a command in a container (needs a server that serves pods/exec).';
  static override examples = [
    { description: 'Run a command', command: '<%= config.bin %> exec web-0 -- ls /' },
    { description: 'In a chosen container', command: '<%= config.bin %> exec web-0 -c app -- env' },
  ];
  static override strict = false;
  static override args = { pod: Args.string({ description: 'pod name (or pod/NAME)', required: true }) };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    container: Flags.string({ char: 'c', summary: 'The container (default: the first one).' }),
    stdin: Flags.boolean({ char: 'i', summary: 'Pass stdin to the command.' }),
    tty: Flags.boolean({ char: 't', summary: 'Allocate a terminal.' }),
  };

  async run(): Promise<void> {
    const { flags, args, argv } = await this.parse(Exec);
    const { builtin } = await import('../../sdk/builtin-resources.js');
    const { resourcePath } = await import('../../sdk/client/resource-path.js');
    const { streamingUnavailable } = await import('../lib/pod-stream-check.js');
    const { UsageError, CliError } = await import('../lib/cli-errors.js');
    const command = (argv as string[]).slice(1);
    if (!command.length)
      throw new UsageError(
        "you must specify at least one command for the container (after --, e.g. 'capstan exec web-0 -- ls')",
      );
    const name = args.pod.replace(/^(pods?|po)\//, '');
    const s = await this.session(flags);
    await s.client.get(builtin.pods, name, s.namespace);
    // Probe the subresource: a server that serves exec answers a plain GET with 400 (upgrade required).
    try {
      await s.client.request(
        'GET',
        `${resourcePath(builtin.pods, s.namespace, name, 'exec')}?command=true&stdout=true`,
      );
    } catch (e) {
      const mapped = streamingUnavailable(e, 'exec', name);
      if (mapped !== e) throw mapped;
    }
    throw new CliError(
      `exec is not available yet in capstan's CLI: the streaming client (WebSocket v5.channel.k8s.io) is not written yet; use kubectl exec ${name} -- ${command.join(' ')}`,
    );
  }
}
