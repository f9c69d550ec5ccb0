import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../lib/base-command.js';

/** `capstan token revoke`: deletes bootstrap tokens; agents can no longer join with them. */
export default class TokenRevoke extends BaseCommand {
  static override summary = 'Revoke (delete) bootstrap tokens by id or full token.';
  static override examples = [
    { description: 'Revoke by id', command: '<%= config.bin %> token revoke abcdef' },
    { description: 'Revoke by full token', command: '<%= config.bin %> token revoke abcdef.0123456789abcdef' },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '{revoked: string[]}';
  static override args = { token: Args.string({ description: 'token id or token', required: true }) };
  static override flags = { ...kubeFlags };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(TokenRevoke);
    const { tokenId } = await import('../../lib/bootstrap-token.js');
    const { NotFoundError } = await import('../../../sdk/client/api-error.js');
    const { CliError } = await import('../../lib/cli-errors.js');
    const { builtin } = await import('../../../sdk/builtin-resources.js');
    const ids = (argv as string[]).map(tokenId);
    const s = await this.session(flags);
    const revoked: string[] = [];
    for (const id of ids) {
      try {
        await s.client.delete(builtin.secrets, `bootstrap-token-${id}`, 'kube-system');
      } catch (e) {
        if (e instanceof NotFoundError) throw new CliError(`bootstrap token "${id}" not found`);
        throw e;
      }
      revoked.push(id);
      this.out(`bootstrap token "${id}" deleted`);
    }
    return { revoked };
  }
}
