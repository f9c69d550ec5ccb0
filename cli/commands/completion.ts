import { Args } from '@oclif/core';
import { BaseCommand } from '../lib/base-command.js';
import { bashCompletionScript, type CompletableCommand } from '../lib/completion-script.js';

/** `capstan completion bash|zsh`: a shell completion script. */
export default class Completion extends BaseCommand {
  static override summary = 'Print a shell completion script for bash or zsh.';
  static override description =
    'Completes command names and, after a command, its flags. Load it in the current shell with source, or install it for every shell.';
  static override examples = [
    'source <(<%= config.bin %> completion bash)',
    '<%= config.bin %> completion bash > /etc/bash_completion.d/<%= config.bin %>',
    'echo "source <(<%= config.bin %> completion zsh)" >> ~/.zshrc',
  ];
  static override args = {
    shell: Args.string({ description: 'the shell', options: ['bash', 'zsh'], default: 'bash' }),
  };

  async run(): Promise<void> {
    await this.parse(Completion);
    const commands: CompletableCommand[] = this.config.commands
      .filter((c) => !c.hidden)
      .map((c) => ({
        id: c.id.split(':').join(' '),
        flags: Object.entries(c.flags ?? {})
          .filter(([, f]) => !f.hidden)
          .flatMap(([name, f]) => [`--${name}`, ...(f.char ? [`-${f.char}`] : [])]),
      }));
    process.stdout.write(bashCompletionScript(this.config.bin, commands));
  }
}
