import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../lib/base-command.js';

/** `capstan scale`: sets replicas through the scale subresource, like kubectl scale. */
export default class Scale extends BaseCommand {
  static override summary =
    'Set the number of replicas of a Deployment, ReplicaSet, StatefulSet or scalable custom resource.';
  static override examples = [
    { description: 'Scale a deployment to 3 replicas', command: '<%= config.bin %> scale deploy/web --replicas=3' },
    {
      description: 'Only if it currently has 2',
      command: '<%= config.bin %> scale deployment web --replicas=3 --current-replicas=2',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '[{kind, namespace, name, replicas}]';
  static override args = {
    type: Args.string({ description: 'resource type, or TYPE/NAME', required: false }),
    names: Args.string({ description: 'names of the objects', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    replicas: Flags.integer({ summary: 'The new number of replicas.', required: true, min: 0 }),
    'current-replicas': Flags.integer({ summary: 'Scale only if the current number of replicas is this.', min: 0 }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(Scale);
    const { parseResourceArgs } = await import('../lib/resource-args.js');
    const { typeName } = await import('../lib/resource-resolver.js');
    const { CliError, UsageError } = await import('../lib/cli-errors.js');
    const requests = parseResourceArgs(argv as string[], 'scale');
    const s = await this.session(flags);
    const out: { kind: string; namespace: string; name: string; replicas: number }[] = [];
    for (const r of requests) {
      const res = await s.resolver.resolve(r.type);
      if (!res.subresources.includes('scale'))
        throw new UsageError(`cannot scale ${res.plural}: the resource has no scale subresource`);
      if (!r.names.length) throw new UsageError('a resource name is required (TYPE NAME or TYPE/NAME)');
      for (const name of r.names) {
        const ns = res.namespaced ? s.namespace : undefined;
        if (flags['current-replicas'] !== undefined) {
          const { resourcePath } = await import('../../sdk/client/resource-path.js');
          const path = resourcePath(res, ns, name, 'scale');
          const scale = await s.client.request<{ spec?: { replicas?: number }; metadata: Record<string, unknown> }>(
            'GET',
            path,
          );
          const current = scale.spec?.replicas ?? 0;
          if (current !== flags['current-replicas'])
            throw new CliError(`Expected replicas to be ${flags['current-replicas']}, was ${current}`);
          await s.client.request('PUT', path, { ...scale, spec: { ...scale.spec, replicas: flags.replicas } });
        } else {
          await s.client.patch(res, name, { spec: { replicas: flags.replicas } }, 'merge', {
            namespace: ns,
            subresource: 'scale',
          });
        }
        out.push({ kind: res.kind, namespace: ns ?? '', name, replicas: flags.replicas });
        this.out(`${typeName(res)}/${name} scaled`);
      }
    }
    return out;
  }
}
