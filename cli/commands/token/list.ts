import { BaseCommand, kubeFlags } from '../../lib/base-command.js';

/** `capstan token list`: the bootstrap tokens, like kubeadm token list. */
export default class TokenList extends BaseCommand {
  static override summary = 'List bootstrap tokens with their time to live, usages and groups.';
  static override examples = [
    { description: 'All tokens', command: '<%= config.bin %> token list' },
    { description: 'As JSON for scripts', command: '<%= config.bin %> token list --json' },
  ];
  static override enableJsonFlag = true;
  static jsonShape = '[{token, id, expires?, ttl, usages: string[], description?, groups: string[]}]';
  static override flags = { ...kubeFlags };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(TokenList);
    const { tokenInfo, bootstrapTokenType } = await import('../../lib/bootstrap-token.js');
    const { alignColumns } = await import('../../lib/table-printer.js');
    const { builtin } = await import('../../../sdk/builtin-resources.js');
    const s = await this.session(flags);
    const list = await s.client.list(builtin.secrets, {
      namespace: 'kube-system',
      fieldSelector: `type=${bootstrapTokenType}`,
    });
    const tokens = list.items
      .map((o) => tokenInfo(o))
      .filter((t): t is NonNullable<typeof t> => t !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
    if (this.jsonEnabled()) return tokens;
    if (!tokens.length) {
      this.note('No bootstrap tokens found.');
      return tokens;
    }
    process.stdout.write(
      alignColumns([
        ['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS'],
        ...tokens.map((t) => [
          t.token,
          t.ttl,
          t.expires ?? '<never>',
          t.usages.join(','),
          t.description || '<none>',
          t.groups.join(',') || '<none>',
        ]),
      ]),
    );
    return tokens;
  }
}
