import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan exec`: runs a command in a container of a pod (pods/exec over WebSocket, v5 channel protocol). */
export default class Exec extends BaseCommand {
  static override summary = 'Run a command in a container of a pod (pods/exec over WebSocket).';
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
    const { withQuery } = await import('../../sdk/client/resource-path.js');
    const { execOverWebSocket } = await import('../lib/pod-stream-check.js');
    const pod = await s.client.get(builtin.pods, name, s.namespace);
    const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map(
      (c) => c.name,
    );
    const container =
      flags.container ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0];
    if (flags.container && !containers.includes(flags.container))
      throw new CliError(`container ${flags.container} is not valid for pod ${name}`);
    const path = withQuery(resourcePath(builtin.pods, s.namespace, name, 'exec'), {
      container,
      stdin: flags.stdin ? 'true' : undefined,
      stdout: 'true',
      stderr: flags.tty ? undefined : 'true',
      tty: flags.tty ? 'true' : undefined,
    });
    const full = `${path}${command.map((c) => `&command=${encodeURIComponent(c)}`).join('')}`;
    const raw = flags.tty && flags.stdin && process.stdin.isTTY;
    if (raw) process.stdin.setRawMode(true);
    let code: number;
    try {
      code = await execOverWebSocket(s.transport, full, {
        stdin: flags.stdin ? process.stdin : undefined,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    } catch (e) {
      throw streamingUnavailable(e, 'exec', name);
    } finally {
      if (raw) process.stdin.setRawMode(false);
      if (flags.stdin) process.stdin.pause();
    }
    if (code !== 0) {
      process.stderr.write(`command terminated with exit code ${code}\n`);
      process.exit(code);
    }
  }
}
