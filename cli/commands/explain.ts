import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../lib/base-command.js';

/** `capstan explain`: documentation of a resource or field, from the server's OpenAPI v3. */
export default class Explain extends BaseCommand {
  static override summary = "Describe a resource's fields, from the server's OpenAPI v3 schemas.";
  static override examples = [
    { description: 'The fields of a Pod', command: '<%= config.bin %> explain pods' },
    { description: 'One nested field', command: '<%= config.bin %> explain deployments.spec.strategy' },
    { description: 'The whole tree of a field', command: '<%= config.bin %> explain pods.spec.containers --recursive' },
  ];
  static override enableJsonFlag = true;
  static jsonShape = '{group, version, kind, field?: string, schema: object} (the OpenAPI v3 schema of the field)';
  static override args = {
    path: Args.string({ description: 'RESOURCE[.FIELD...], e.g. pods.spec.containers', required: true }),
  };
  static override flags = {
    ...kubeFlags,
    recursive: Flags.boolean({ summary: 'Print the names of all fields below, recursively.' }),
    'api-version': Flags.string({ summary: 'The group/version to explain (default: the preferred one).' }),
  };

  async run(): Promise<unknown> {
    const { flags, args } = await this.parse(Explain);
    const { explainText, findKindSchema } = await import('../lib/openapi-explain.js');
    const { CliError } = await import('../lib/cli-errors.js');
    type OpenApiDocument = import('../lib/openapi-explain.js').OpenApiDocument;
    const [resource, ...fieldPath] = args.path.split('.');
    const s = await this.session(flags);
    let res = await s.resolver.resolve(resource!);
    if (flags['api-version']) {
      const byVersion = await s.resolver.forKind(flags['api-version'], res.kind);
      if (!byVersion) throw new CliError(`couldn't find resource for "${res.kind}" in ${flags['api-version']}`);
      res = byVersion;
    }
    const index = await s.client.request<{ paths?: Record<string, { serverRelativeURL: string }> }>(
      'GET',
      '/openapi/v3',
    );
    const key = res.group ? `apis/${res.group}/${res.version}` : `api/${res.version}`;
    const entry = index.paths?.[key];
    if (!entry) throw new CliError(`the server has no OpenAPI v3 document for ${key}`);
    const doc = await s.client.request<OpenApiDocument>('GET', entry.serverRelativeURL);
    const gvk = { group: res.group, version: res.version, kind: res.kind };
    const text = explainText(doc, gvk, fieldPath, flags.recursive);
    if (this.jsonEnabled())
      return {
        ...gvk,
        field: fieldPath.join('.') || undefined,
        schema: findKindSchema(doc, res.group, res.version, res.kind),
      };
    process.stdout.write(text);
    return undefined;
  }
}
