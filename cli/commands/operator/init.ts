import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base-command.js';

/** `capstan operator init`: a new operator project. */
export default class OperatorInit extends BaseCommand {
  static override summary = 'Create an operator project: a CRD, its generated types, a reconciler, a plugin, a test.';
  static override description =
    'Writes a ready TypeScript project into --dir (default ./NAME): package.json depending on this Capstan installation, tsconfig.json, a CustomResourceDefinition for the kind (with status and scale subresources) under config/crd, its types generated as by `capstan sdk generate` under src/generated, a reconciler on the SDK controller runtime, the plugin manifest that `capstan up` loads through plugins.paths (capstan.yaml), a test on startTestCluster() and a README. Then: npm install && npm test.';
  static override examples = [
    '<%= config.bin %> operator init memcached-operator --group cache.example.com --kind Memcached',
    '<%= config.bin %> operator init webapp-operator --dir ~/src/webapp-operator',
  ];
  static override enableJsonFlag = true;
  static override args = {
    name: Args.string({ description: 'project, npm package and plugin name (lower-case, digits, -)', required: true }),
  };
  static override flags = {
    group: Flags.string({ summary: 'API group of the kind.', default: 'example.com' }),
    kind: Flags.string({ summary: 'Kind of the custom resource (default: NAME without -operator, in PascalCase).' }),
    dir: Flags.string({ summary: 'Folder to create the project in (default ./NAME); must be empty or absent.' }),
  };

  async run(): Promise<{ dir: string; group: string; kind: string; plural: string; files: string[] }> {
    const { args, flags } = await this.parse(OperatorInit);
    const { createOperatorProject } = await import('../../lib/operator-project.js');
    const p = await createOperatorProject({ name: args.name, group: flags.group, kind: flags.kind, dir: flags.dir });
    const { names } = p;
    this.out(`Created ${names.name} in ${p.dir}: ${names.kind} (${names.plural}.${names.group}/${names.version})`);
    for (const f of p.files) this.out(`  ${f}`);
    this.out('');
    this.out('Next:');
    this.out(`  cd ${p.dir}`);
    this.out('  npm install');
    this.out('  npm test');
    return { dir: p.dir, group: names.group, kind: names.kind, plural: names.plural, files: p.files };
  }
}
