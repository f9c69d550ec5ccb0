import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../lib/base-command.js';

/** `capstan token create`: a bootstrap token for `capstan agent --token`. */
export default class TokenCreate extends BaseCommand {
  static override summary = 'Create a bootstrap token that a node agent joins with.';
  static override description =
    'Stores the token as a kube-system Secret bootstrap-token-<id> of type bootstrap.kubernetes.io/token (the kubeadm layout). It authenticates as system:bootstrap:<id> in the groups system:bootstrappers and --groups until --ttl passes. Prints the token, or the whole join command with --print-join-command.';
  static override examples = [
    { description: 'A token valid for 24 hours', command: '<%= config.bin %> token create' },
    {
      description: 'Print the agent command to run on the new node',
      command: '<%= config.bin %> token create --ttl 2h --print-join-command',
    },
    {
      description: 'A token that never expires, with a note',
      command: '<%= config.bin %> token create --ttl 0 --description "rack 4"',
    },
  ];
  static override enableJsonFlag = true;
  static jsonShape = '{token, id, expires?, ttl, usages: string[], description?, groups: string[]}';
  static override args = {
    token: Args.string({ description: 'the token to create ([a-z0-9]{6}.[a-z0-9]{16}); default: a random one' }),
  };
  static override flags = {
    ...kubeFlags,
    ttl: Flags.string({ summary: 'How long the token is valid, e.g. 24h, 90m; 0 never expires.', default: '24h' }),
    description: Flags.string({ summary: 'A human-readable note stored with the token.' }),
    groups: Flags.string({
      summary: 'Extra groups the token authenticates with (comma separated, each system:bootstrappers:*).',
      default: 'system:bootstrappers:capstan:default-node-token',
    }),
    'print-join-command': Flags.boolean({
      summary: 'Print `capstan agent --server URL --token TOKEN --ca-cert-hash sha256:...` instead of the token.',
    }),
  };

  async run(): Promise<unknown> {
    const { flags, args } = await this.parse(TokenCreate);
    const { makeToken, parseTtl, tokenSecret, tokenInfo } = await import('../../lib/bootstrap-token.js');
    const { UsageError } = await import('../../lib/cli-errors.js');
    const { builtin } = await import('../../../sdk/builtin-resources.js');
    const ttl = parseTtl(flags.ttl);
    const groups = flags.groups
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
    const bad = groups.find((g) => !/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g));
    if (bad)
      throw new UsageError(
        `group "${bad}" must start with system:bootstrappers: (e.g. system:bootstrappers:capstan:default-node-token)`,
      );
    const t = makeToken(args.token);
    const s = await this.session(flags);
    const secret = tokenSecret({
      id: t.id,
      secret: t.secret,
      expiration: ttl ? new Date(Date.now() + ttl) : undefined,
      description: flags.description,
      groups,
      usages: ['authentication', 'signing'],
    });
    const created = await s.client.create(builtin.secrets, secret, { fieldManager: 'capstan' });
    const info = tokenInfo(created)!;
    if (flags['print-join-command']) {
      const { caCertHash } = await import('../../../core/agent/ca-pin.js');
      const ca = s.transport.agentOptions.ca;
      const pin = ca ? ` --ca-cert-hash ${caCertHash(String(ca))}` : '';
      this.out(`capstan agent --server ${s.server} --token ${t.token}${pin}`);
    } else this.out(t.token);
    return info;
  }
}
